"""Models of what the owning NGO does with a beneficiary's pseudonym: identity, consent,
matches and erasure."""

import uuid
from datetime import datetime

from pydantic import BaseModel

from casework.beneficiaries.model import ConsentPurpose, MatchDecision
from service.schemas import MemberId, Request


class IdentityRead(BaseModel):
    name: str | None
    phone: str | None
    notes: str | None


class ConsentChange(Request):
    purpose: ConsentPurpose
    member_id: MemberId | None = None  # the named member, for purpose "share_with_member"


class ConsentRevokedRead(BaseModel):
    consents_revoked: int
    referrals_cancelled: int


class MatchRead(BaseModel):
    id: int
    beneficiary_id: uuid.UUID
    candidate_id: uuid.UUID
    candidate_display_code: str
    proposed_at: datetime
    decision: MatchDecision


class MatchDecisionRead(BaseModel):
    id: int
    decision: MatchDecision


class ErasedRead(BaseModel):
    referrals_cancelled: int
    cases_withdrawn: int
