"""The beneficiary behind a case, on the case page: correct a mistyped UIC, decide the match
proposals, record, revoke and re-grant consent. Each form runs one casework command and
returns to the case page with a notice named in the query (a code and a count, never what
was typed). The identity and erasure have pages of their own (beneficiary_identity.py)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from casework.beneficiaries.commands import consent, matching, uic
from casework.beneficiaries.model import ConsentPurpose
from casework.beneficiaries.queries import beneficiary_of_case
from casework.privacy.uic import Sex, UicParts
from casework.uow import UnitOfWork
from service.deps import UowDep, wake_dispatcher
from service.pages.common import PageRoute, see_other
from service.pages.session import FormActor
from service.policies import NGO, Policy, Resource, declare
from service.schemas.governance import IdPath
from texts.catalogue import N_

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# What the case page says after a form of this module; `n` is the count the command returned.
NOTICES = {
    "uic-corrected": N_("The UIC was corrected and matching ran again. New proposals: %(n)s."),
    "uic-unchanged": N_("The UIC typed is the one already kept: nothing changed."),
    "match-confirmed": N_("Recorded: both cases are the same person. Nothing was merged."),
    "match-rejected": N_("Recorded: the two cases are different people."),
    "consent-granted": N_("Consent recorded."),
    "consent-revoked": N_("Consent withdrawn. Open referrals cancelled: %(n)s."),
    "identity-saved": N_("The identity was saved in the vault."),
    "erased": N_(
        "The beneficiary was erased: identity, UIC hash and match links are gone, open "
        "referrals were cancelled and open cases withdrawn."
    ),
}


def beneficiary_panel(request: Request, uow: UnitOfWork, *, actor, case_id: uuid.UUID) -> dict:
    """The case page's context for _beneficiary.html.j2: the beneficiary, and the notice of
    the form just done, if any."""
    done = request.query_params.get("done", "")
    count = request.query_params.get("n", "")
    return {
        "detail": beneficiary_of_case(uow, actor=actor, case_id=case_id),
        "notice": NOTICES.get(done),
        "count": int(count) if count.isdigit() else 0,
        "purposes": list(ConsentPurpose),
        "sexes": list(Sex),
    }


def back_to_case(case_id: uuid.UUID, done: str, count: int | None = None):
    query = f"?done={done}" + ("" if count is None else f"&n={count}")
    return see_other(f"/cases/{case_id}{query}#beneficiary")


class UicForm:
    """The UIC's parts as a form posts them (the new-case form's fieldset)."""

    def __init__(
        self,
        sex: Annotated[Sex, Form()],
        birth_year: Annotated[int, Form(ge=1900, le=2100)],
        mother_letters: Annotated[str, Form(min_length=1, max_length=2)],
        father_letters: Annotated[str, Form(min_length=1, max_length=2)],
    ) -> None:
        self.uic = UicParts(sex, birth_year, mother_letters, father_letters)


@router.post("/cases/{case_id}/beneficiary/{beneficiary_id}/uic")
@declare(Policy(NGO, Resource.BENEFICIARY))
def correct_uic(
    case_id: uuid.UUID,
    beneficiary_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    form: Annotated[UicForm, Depends()],
):
    """The case in the path is only where the page returns: the command checks the
    beneficiary. A refusal names the field, never the letters."""
    corrected = uic.correct_uic(uow, actor=actor, beneficiary_id=beneficiary_id, uic=form.uic)
    if not corrected.changed:
        return back_to_case(case_id, "uic-unchanged")
    return back_to_case(case_id, "uic-corrected", corrected.matches_proposed)


@router.post("/cases/{case_id}/matches/{proposal_id}/confirmation")
@declare(Policy(NGO, Resource.MATCH))
def confirm_match(case_id: uuid.UUID, proposal_id: IdPath, actor: FormActor, uow: UowDep):
    matching.confirm_match(uow, actor=actor, proposal_id=proposal_id)
    return back_to_case(case_id, "match-confirmed")


@router.post("/cases/{case_id}/matches/{proposal_id}/rejection")
@declare(Policy(NGO, Resource.MATCH))
def reject_match(case_id: uuid.UUID, proposal_id: IdPath, actor: FormActor, uow: UowDep):
    matching.reject_match(uow, actor=actor, proposal_id=proposal_id)
    return back_to_case(case_id, "match-rejected")


def _member(member_id: str) -> int | None:
    return int(member_id) if member_id.isdigit() else None


@router.post("/cases/{case_id}/beneficiary/{beneficiary_id}/consents")
@declare(Policy(NGO, Resource.BENEFICIARY))
def grant_consent(
    case_id: uuid.UUID,
    beneficiary_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    purpose: Annotated[ConsentPurpose, Form()],
    member_id: Annotated[str, Form(max_length=12)] = "",
):
    consent.grant_consent(
        uow,
        actor=actor,
        beneficiary_id=beneficiary_id,
        purpose=purpose,
        member_id=_member(member_id),
    )
    return back_to_case(case_id, "consent-granted")


@router.post("/cases/{case_id}/beneficiary/{beneficiary_id}/consents/revocation")
@declare(Policy(NGO, Resource.BENEFICIARY))
def revoke_consent(
    request: Request,
    case_id: uuid.UUID,
    beneficiary_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    purpose: Annotated[ConsentPurpose, Form()],
    member_id: Annotated[str, Form(max_length=12)] = "",
):
    """Withdrawing consent to referral cancels the open referrals at once (the domain's
    rule); the consent-revocation flow then tells the institutions."""
    revoked = consent.revoke_consent(
        uow,
        actor=actor,
        beneficiary_id=beneficiary_id,
        purpose=purpose,
        member_id=_member(member_id),
    )
    wake_dispatcher(request)
    return back_to_case(case_id, "consent-revoked", revoked.referrals_cancelled)
