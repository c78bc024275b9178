"""Models of what the owning NGO does with a beneficiary's pseudonym: identity, consent,
matches and erasure."""

from pydantic import BaseModel

from casework.beneficiaries.commands.consent import ConsentRevoked
from casework.beneficiaries.commands.erasure import Erased
from casework.beneficiaries.commands.uic import UicCorrected
from casework.beneficiaries.model import ConsentPurpose, MatchDecision
from casework.beneficiaries.views import MatchView
from casework.privacy.vault import Identity
from service.schemas import MemberId, Request, read_model

IdentityRead = read_model("IdentityRead", Identity)


class ConsentChange(Request):
    purpose: ConsentPurpose
    member_id: MemberId | None = None  # the named member, for purpose "share_with_member"


ConsentRevokedRead = read_model("ConsentRevokedRead", ConsentRevoked)
MatchRead = read_model("MatchRead", MatchView)


class MatchDecisionRead(BaseModel):
    id: int
    decision: MatchDecision


ErasedRead = read_model("ErasedRead", Erased)
UicCorrectedRead = read_model("UicCorrectedRead", UicCorrected)
