"""A read-only FHIR R4 API for institutions' own systems, at /fhir/r4: the Tasks (and their
ServiceRequests) addressed to the focal point's institution, searched by status and last
change and paged by an opaque cursor, the Organizations they name, and the
CapabilityStatement that says so. The person
is the institution's own display code, as on its pages (docs/interop.md, "FHIR")."""

import uuid
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from casework.errors import NotFound
from casework.referrals.queries.task_feed import (
    InstitutionTask,
    feed_member,
    institution_task,
    institution_tasks,
)
from interop.fhir import codes, resources
from interop.fhir.bundles import searchset
from interop.fhir.capability import capability_statement
from service import fhir_search
from service.deps import ActorDep, UowDep
from service.fhir_responses import FhirResponse, FhirRoute
from service.policies import FOCAL, PUBLIC, Policy, Resource, declare

FHIR_PREFIX = "/fhir/r4"

router = APIRouter(
    prefix=FHIR_PREFIX, tags=["fhir"], route_class=FhirRoute, default_response_class=FhirResponse
)

# Only a focal point has Tasks; anyone else is told no (403), whoever the referral is of.
TASK_READER = Policy(FOCAL, Resource.REFERRAL, refused=403)
MAX_ID = 2**31 - 1  # ids are 32-bit integers on both databases
# The members its Tasks name, in its own network (another network's: 404).
ORGANIZATION_READER = Policy(FOCAL, Resource.MEMBER, refused=403)


def _relative(kind: str, id: str) -> str:
    return f"{kind}/{id}"


def _subject(found: InstitutionTask) -> dict:
    """The person as the institution knows them: its own code, which links to nothing else."""
    return {
        "identifier": {
            "system": codes.institution_code_system(found.record.institution_id),
            "value": found.display_code,
        }
    }


def _task(found: InstitutionTask) -> dict:
    return resources.task(found.record, subject=_subject(found), ref=_relative)


def _service_request(found: InstitutionTask) -> dict:
    return resources.service_request(found.record, subject=_subject(found), ref=_relative)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + FHIR_PREFIX


def _referral_id(text: str) -> uuid.UUID:
    """A Task's or ServiceRequest's id is its referral's; anything else names nothing here
    (and is not repeated back: someone may have typed a name)."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise NotFound(
            "referral.not_found", "referral {referral_id} not found", referral_id="?"
        ) from None


@router.get("/metadata")
@declare(PUBLIC)
def metadata(request: Request) -> FhirResponse:
    """The CapabilityStatement: these interactions and search parameters, and no others."""
    return FhirResponse(capability_statement(_base(request)))


@router.get("/Task")
@declare(Policy(FOCAL))
def search_tasks(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    status: Annotated[str | None, Query(description="Task statuses, comma-separated")] = None,
    last_updated: Annotated[
        list[str],
        Query(alias="_lastUpdated", description="e.g. gt2026-03-01T00:00:00Z; may repeat"),
    ] = [],  # noqa: B006 (FastAPI copies a default; a list parameter has no other)
    count: Annotated[str | None, Query(alias="_count", description="Per page, at most 200")] = None,
    cursor: Annotated[
        str | None, Query(alias=fhir_search.CURSOR, description="From a `next` link")
    ] = None,
) -> FhirResponse:
    """The institution's Tasks, oldest change first, as a searchset Bundle with `self` and,
    while more follow, `next` links."""
    limit = fhir_search.count(count)
    page = institution_tasks(
        uow,
        actor=actor,
        narrow=fhir_search.task_filter(status, last_updated),
        after=fhir_search.read_cursor(cursor),
        limit=limit,
    )
    # The links repeat only the parameters understood (and so checked): never what else the
    # caller typed into the query.
    used = [("status", status)] if status is not None else []
    used += [("_lastUpdated", value) for value in last_updated] + [("_count", str(limit))]

    def link(at: str | None) -> str:
        cursor_part = [] if at is None else [(fhir_search.CURSOR, at)]
        return str(request.url.replace(query=urlencode(used + cursor_part)))

    next_url = None
    if page.more:
        last = page.tasks[-1].record
        next_url = link(fhir_search.cursor_after(last.updated_at, last.id))
    bundle = searchset(
        [_task(t) for t in page.tasks],
        base=_base(request),
        self_url=link(cursor),
        next_url=next_url,
    )
    return FhirResponse(bundle)


@router.get("/Task/{referral_id}")
@declare(TASK_READER)
def read_task(referral_id: str, actor: ActorDep, uow: UowDep) -> FhirResponse:
    found = institution_task(uow, actor=actor, referral_id=_referral_id(referral_id))
    return FhirResponse(_task(found))


@router.get("/ServiceRequest/{referral_id}")
@declare(TASK_READER)
def read_service_request(referral_id: str, actor: ActorDep, uow: UowDep) -> FhirResponse:
    """The request behind a Task; its subject is the institution's own code for the person."""
    found = institution_task(uow, actor=actor, referral_id=_referral_id(referral_id))
    return FhirResponse(_service_request(found))


@router.get("/Organization/{member_id}")
@declare(ORGANIZATION_READER)
def read_organization(member_id: str, actor: ActorDep, uow: UowDep) -> FhirResponse:
    """A member of the caller's network, as a Task's requester or owner names it."""
    return FhirResponse(
        resources.organization(feed_member(uow, actor=actor, member_id=_member_id(member_id)))
    )


def _member_id(text: str) -> int:
    """A member's id is a positive integer; anything else names no member (0), which the
    query answers after it has checked the caller's role."""
    number = int(text) if text.isdigit() and len(text) <= 10 else 0
    return number if number <= MAX_ID else 0
