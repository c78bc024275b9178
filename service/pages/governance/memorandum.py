"""The memorandum page: the version valid today and who receives referrals under it, the open
draft of the next version (its commitments, the coordinator's amendments, each member's
answer, publication), late signatures, and the history of versions."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from pydantic import Field

from casework.calendar import DeadlineUnit
from casework.errors import InvalidInput
from casework.governance.access import visible_network
from casework.governance.memoranda import queries
from casework.governance.memoranda.commands.drafts import (
    amend_draft,
    answer_draft,
    draft_next_memorandum,
)
from casework.governance.memoranda.commands.publication import publish_draft, sign_memorandum
from casework.governance.memoranda.model import Answer
from casework.governance.memoranda.terms import CommitmentTerms
from casework.network.services import ServiceCategory
from service.deps import UowDep
from service.pages.common import PageRoute
from service.pages.governance.shared import NetworkField, back_to, page, spoken_for
from service.pages.session import FormActor, PageActor
from service.policies import Resource, answered, declare, governed, staff_read
from service.schemas.governance import Changes, IdPath, MemberParam, NetworkQuery, PostTitle, Reason

router = APIRouter(route_class=PageRoute, include_in_schema=False)
MemberField = Annotated[MemberParam | None, Form()]  # a governor names the member; others don't
Categories = list[ServiceCategory]


@router.get("/memorandum")
@declare(staff_read(Resource.NETWORK))
def memorandum_page(
    request: Request, actor: PageActor, uow: UowDep, network_id: NetworkQuery = None
):
    standing = queries.standing(uow, actor=actor, network_id=network_id)
    versions = queries.history(uow, actor=actor, network_id=standing.network_id)
    names = {i: n for v in versions for i, n in v.signatories}
    names.update((m.member_id, m.name) for m in standing.members)
    draft = standing.draft
    own = spoken_for(actor, {m.member_id: m.kind for m in standing.members})
    return page(
        request,
        "memorandum.html.j2",
        actor=actor,
        standing=standing,
        draft=draft,
        valid=next((v for v in versions if v.version == standing.version), None),
        versions=versions,
        names=names,
        own_unsigned=any(m.member_id == own for m in standing.without_referrals),
        own_answer=next((a for a in draft.answers if a.member_id == own), None) if draft else None,
        signed_draft=bool(draft) and any(a.answer is Answer.SIGNED for a in draft.answers),
        categories=list(ServiceCategory),
        units=list(DeadlineUnit),
        answers=list(Answer),
    )


@router.post("/memorandum/drafts")
@declare(governed())
def draft_now(actor: FormActor, uow: UowDep, network_id: NetworkField = None):
    """The renewal flow drafts 30 days before the lapse; the coordinator may start sooner."""
    network = visible_network(uow, actor=actor, network_id=network_id)
    draft_next_memorandum(uow, actor=actor, network_id=network)
    return back_to("/memorandum", network, "#draft")


class CommitmentRows:
    """The amend form's table: one row per service category, the guarantee checkboxes naming
    the categories that keep each guarantee."""

    def __init__(
        self,
        category: Annotated[Categories, Form(min_length=1, max_length=len(ServiceCategory))],
        response: Annotated[list[Annotated[int, Field(ge=1, le=1000)]], Form()],
        completion: Annotated[list[Annotated[int, Field(ge=1, le=10_000)]], Form()],
        unit: Annotated[list[DeadlineUnit], Form()],
        free: Annotated[Categories | None, Form()] = None,
        anonymous: Annotated[Categories | None, Form()] = None,
        voluntary: Annotated[Categories | None, Form()] = None,
    ) -> None:
        if len({len(category), len(response), len(completion), len(unit)}) != 1:
            raise InvalidInput(
                "memorandum_draft.commitment_incomplete",
                "every commitment needs both deadlines and a unit",
                field="unit",
            )
        free, anonymous, voluntary = free or [], anonymous or [], voluntary or []
        self.terms = [
            CommitmentTerms(c, r, d, u, c in free, c in anonymous, c in voluntary)
            for c, r, d, u in zip(category, response, completion, unit, strict=True)
        ]


@router.post("/memorandum/drafts/{draft_id}/commitments")
@declare(governed(Resource.DRAFT))
def amend(
    draft_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    rows: Annotated[CommitmentRows, Depends()],
    changes: Annotated[Changes, Form()] = "",
    network_id: NetworkField = None,
):
    amend_draft(uow, actor=actor, draft_id=draft_id, commitments=rows.terms, changes=changes)
    return back_to("/memorandum", network_id, "#draft")


@router.post("/memorandum/drafts/{draft_id}/answers")
@declare(answered(Resource.DRAFT))
def answer(
    draft_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    answer: Annotated[Answer, Form()],
    member_id: MemberField = None,
    signatory_title: Annotated[PostTitle, Form()] = "",
    reason: Annotated[Reason, Form()] = "",
    network_id: NetworkField = None,
):
    """A representative signs its member off or withdraws it; a governor records an answer
    received on paper, naming the member."""
    answer_draft(
        uow,
        actor=actor,
        draft_id=draft_id,
        answer=answer,
        member_id=member_id,
        signatory_title=signatory_title,
        reason=reason,
    )
    return back_to("/memorandum", network_id, "#answers")


@router.post("/memorandum/drafts/{draft_id}/publication")
@declare(governed(Resource.DRAFT))
def publish(draft_id: IdPath, actor: FormActor, uow: UowDep, network_id: NetworkField = None):
    publish_draft(uow, actor=actor, draft_id=draft_id)
    return back_to("/memorandum", network_id)


@router.post("/memorandum/versions/{memorandum_id}/signatures")
@declare(answered(Resource.MEMORANDUM))
def sign_late(
    memorandum_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    member_id: MemberField = None,
    signatory_title: Annotated[PostTitle, Form()] = "",
    network_id: NetworkField = None,
):
    """A member that missed the renewal (or joined since) signs the valid version: it
    receives referrals again from today."""
    sign_memorandum(
        uow,
        actor=actor,
        memorandum_id=memorandum_id,
        member_id=member_id,
        signatory_title=signatory_title,
    )
    return back_to("/memorandum", network_id, "#members")
