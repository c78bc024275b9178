"""The published code lists for declining, cancelling, holding and a referral's outcome, each
code with its words in the reader's language (Accept-Language)."""

from enum import StrEnum

from fastapi import APIRouter, Request

from casework.languages import negotiate
from casework.referrals.reasons import CancelReason, HoldReason, ReferralOutcome, RejectReason
from service.deps import ActorDep
from service.one_hop import OneHopRoute
from service.policies import STAFF, Policy, declare
from service.schemas.reason_codes import ReasonCodeRead, ReasonCodes
from texts.catalogue import translations
from texts.labels import label

router = APIRouter(route_class=OneHopRoute, tags=["reason codes"])


@router.get("/reason-codes", response_model=ReasonCodes)
@declare(Policy(STAFF))
def list_reason_codes(request: Request, _actor: ActorDep) -> ReasonCodes:
    words = translations(negotiate(request.headers.get("accept-language")))

    def listed(codes: type[StrEnum]) -> list[ReasonCodeRead]:
        return [ReasonCodeRead(code=code, label=words.gettext(label(code))) for code in codes]

    return ReasonCodes(
        reject=listed(RejectReason),
        cancel=listed(CancelReason),
        hold=listed(HoldReason),
        outcome=listed(ReferralOutcome),
    )
