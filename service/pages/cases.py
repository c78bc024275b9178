"""The caseworker's pages: the NGO's cases, a new case, one case with its needs, referrals,
timeline and flow runs, a new referral, its printable form, cancelling it, the outcome; and
for the supervisor, the NGO's referrals as a spreadsheet."""

import uuid
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request

from casework.actors import NGO_ROLES
from casework.cases import commands as cases
from casework.cases.assignment import assignable_usernames
from casework.cases.population_groups import network_groups
from casework.cases.profile import AgeBand, Profile
from casework.cases.profile import Sex as ProfileSex
from casework.cases.queries import case_history, get_case, list_cases
from casework.cases.search import CaseSearch
from casework.cases.states import CaseStatus
from casework.errors import DomainError, PermissionDenied
from casework.network.districts import District
from casework.network.model import MemberKind
from casework.network.queries import directory
from casework.network.services import ServiceCode
from casework.privacy.uic import Sex, UicParts
from casework.privacy.vault import Identity
from casework.referrals import commands as referrals
from casework.referrals.queries.export import referrals_for_export
from casework.referrals.queries.form import referral_form
from casework.referrals.reasons import NOTE_MAX_LENGTH, CancelReason
from casework.referrals.states import Urgency
from interop.csv_export import referrals_csv, referrals_filename
from referral_forms.render import render_form_pdf
from service.deps import UowDep, wake_dispatcher
from service.documents import SignerDep, csv_response, form_pdf_response
from service.errors import status_for
from service.pages.beneficiary import beneficiary_panel
from service.pages.common import BLANK_IS_NONE, PAGE_HEADERS, PageRoute, render_page, see_other
from service.pages.session import FormActor, PageActor
from service.policies import FOCAL, NGO, REFERRAL_EXPORT, Policy, Resource, declare

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PER_PAGE = 50


@router.get("/cases")
@declare(Policy(NGO))
def case_list(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    q: Annotated[str, Query(max_length=40)] = "",
    status: Annotated[CaseStatus | None, BLANK_IS_NONE] = None,
    service: Annotated[ServiceCode | None, BLANK_IS_NONE] = None,
    opened_from: Annotated[date | None, BLANK_IS_NONE] = None,
    opened_to: Annotated[date | None, BLANK_IS_NONE] = None,
    mine: bool = False,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
):
    search = CaseSearch(q.strip(), status, service, opened_from, opened_to, mine)
    found = list_cases(uow, actor=actor, search=search, limit=PER_PAGE + 1, offset=offset)
    # The search, kept in the links to newer and older pages.
    kept = {k: v for k, v in request.query_params.items() if k != "offset" and v}
    return render_page(
        request,
        "cases.html.j2",
        actor=actor,
        cases=found[:PER_PAGE],
        search=search,
        statuses=list(CaseStatus),
        services=list(ServiceCode),
        kept=urlencode(kept),
        offset=offset,
        more=len(found) > PER_PAGE,
        per_page=PER_PAGE,
        exports=actor.role in REFERRAL_EXPORT.allowed,
    )


@router.get("/referrals.csv")
@declare(REFERRAL_EXPORT)
def referrals_spreadsheet(
    actor: PageActor,
    uow: UowDep,
    issued_from: Annotated[date | None, BLANK_IS_NONE] = None,
    issued_to: Annotated[date | None, BLANK_IS_NONE] = None,
):
    """The case list's download form: the same CSV as `GET /api/v1/referrals.csv`."""
    export = referrals_for_export(uow, actor=actor, issued_from=issued_from, issued_to=issued_to)
    return csv_response(referrals_csv(export), referrals_filename(export), headers=PAGE_HEADERS)


def _new_case_page(request: Request, actor, uow, *, status_code: int = 200, **shown):
    return render_page(
        request,
        "case_new.html.j2",
        actor=actor,
        status_code=status_code,
        services=list(ServiceCode),
        sexes=list(Sex),
        districts=list(District),
        groups=network_groups(uow, actor=actor),
        profile_sexes=list(ProfileSex),
        age_bands=list(AgeBand),
        shown=shown,
    )


@router.get("/cases/new")
@declare(Policy(NGO))
def new_case_form(request: Request, actor: PageActor, uow: UowDep):
    if actor.role not in NGO_ROLES:  # the form only: opening the case checks it again
        raise PermissionDenied(
            "case.open_ngo_staff_only", "only NGO caseworkers and supervisors open cases"
        )
    return _new_case_page(request, actor, uow)


class CaseForm:
    """The new-case form's fields, as the page posts them."""

    def __init__(
        self,
        sex: Annotated[Sex, Form()],
        birth_year: Annotated[int, Form(ge=1900, le=2100)],
        mother_letters: Annotated[str, Form(min_length=1, max_length=2)],
        father_letters: Annotated[str, Form(min_length=1, max_length=2)],
        needs: Annotated[list[ServiceCode], Form(max_length=len(ServiceCode))],
        consent: Annotated[bool, Form()] = False,
        name: Annotated[str, Form(max_length=200)] = "",
        phone: Annotated[str, Form(max_length=40)] = "",
        district: Annotated[District | None, Form(), BLANK_IS_NONE] = None,
        groups: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006 (FastAPI copies)
        profile_sex: Annotated[ProfileSex | None, Form(), BLANK_IS_NONE] = None,
        age_band: Annotated[AgeBand | None, Form(), BLANK_IS_NONE] = None,
    ) -> None:
        self.uic = UicParts(sex, birth_year, mother_letters, father_letters)
        self.needs = needs
        self.consent = consent
        self.identity = Identity(name=name or None, phone=phone or None) if name or phone else None
        # The profile's codes as posted; Profile refuses too many (a 422 shown on the form).
        self.groups = [code[:40] for code in groups]
        self.profile_sex = profile_sex
        self.age_band = age_band
        self.district = district


@router.post("/cases")
@declare(Policy(NGO))
def open_case(
    request: Request, actor: FormActor, uow: UowDep, form: Annotated[CaseForm, Depends()]
):
    try:
        opened = cases.open_case(
            uow,
            actor=actor,
            uic=form.uic,
            needs=form.needs,
            consent_to_referral=form.consent,
            identity=form.identity,
            profile=Profile(tuple(form.groups), form.profile_sex, form.age_band, form.district),
        )
    except DomainError as refusal:
        # The form again with what was chosen, but never the UIC letters or the identity.
        return _new_case_page(
            request,
            actor,
            uow,
            status_code=status_for(refusal),
            error=refusal.message,
            needs=form.needs,
            consent=form.consent,
            district=form.district,
            groups=form.groups,
            profile_sex=form.profile_sex,
            age_band=form.age_band,
        )
    wake_dispatcher(request)
    return see_other(f"/cases/{opened.case_id}")


@router.get("/cases/{case_id}")
@declare(Policy(NGO, Resource.CASE))
def case_page(request: Request, case_id: uuid.UUID, actor: PageActor, uow: UowDep):
    case = get_case(uow, actor=actor, case_id=case_id)
    history = case_history(uow, actor=actor, case_id=case_id)
    members = directory(uow, actor=actor)
    return render_page(
        request,
        "case.html.j2",
        actor=actor,
        case=case,
        history=history,
        names={m.id: m.name for m in members},
        institutions=[m for m in members if m.kind is not MemberKind.NGO and m.services],
        services=list(ServiceCode),
        urgencies=list(Urgency),
        assignable=assignable_usernames(uow, actor=actor, case_id=case_id),
        beneficiary=beneficiary_panel(request, uow, actor=actor, case_id=case_id),
        group_labels={g.code: g.labels for g in network_groups(uow, actor=actor, retired=True)},
        cancel_reasons=list(CancelReason),
        note_max_length=NOTE_MAX_LENGTH,
    )


@router.post("/cases/{case_id}/referrals")
@declare(Policy(NGO, Resource.CASE))
def request_referral(
    request: Request,
    case_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    service: Annotated[ServiceCode, Form()],
    urgency: Annotated[Urgency, Form()] = Urgency.ROUTINE,
    institution_id: Annotated[str, Form(max_length=12)] = "",
):
    referrals.request_referral(
        uow,
        actor=actor,
        case_id=case_id,
        service=service,
        urgency=urgency,
        institution_id=int(institution_id) if institution_id.isdigit() else None,
    )
    wake_dispatcher(request)
    return see_other(f"/cases/{case_id}#referrals")


@router.post("/cases/{case_id}/outcome")
@declare(Policy(NGO, Resource.CASE))
def record_outcome(
    request: Request,
    case_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    resolved: Annotated[bool, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
):
    cases.record_outcome(uow, actor=actor, case_id=case_id, resolved=resolved, note=note)
    wake_dispatcher(request)
    return see_other(f"/cases/{case_id}")


@router.post("/cases/{case_id}/referrals/{referral_id}/cancel")
@declare(Policy(NGO, Resource.REFERRAL))
def cancel_referral(
    case_id: uuid.UUID,
    referral_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    reason_code: Annotated[CancelReason, Form()],
    note: Annotated[str, Form(max_length=NOTE_MAX_LENGTH)] = "",
):
    """The case in the path is only where the page returns: the command checks the referral."""
    referrals.cancel_referral(
        uow, actor=actor, referral_id=referral_id, reason_code=reason_code, note=note
    )
    return see_other(f"/cases/{case_id}#referrals")


@router.get("/referrals/{referral_id}/form.pdf")
@declare(Policy(NGO, Resource.REFERRAL, readers=FOCAL))
def referral_form_pdf(referral_id: uuid.UUID, actor: PageActor, uow: UowDep, signer: SignerDep):
    """The printable form for the issuing NGO, in the NGO's form language."""
    form = referral_form(uow, actor=actor, referral_id=referral_id)
    return form_pdf_response(render_form_pdf(form, signer=signer), form.serial)
