"""Read models of beneficiaries."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from casework.beneficiaries.model import ConsentPurpose, MatchDecision


@dataclass(frozen=True)
class MatchView:
    id: int
    beneficiary_id: uuid.UUID  # the newer pseudonym
    candidate_id: uuid.UUID  # the earlier pseudonym it may be
    candidate_display_code: str
    proposed_at: datetime
    decision: MatchDecision


@dataclass(frozen=True)
class ConsentView:
    id: int
    purpose: ConsentPurpose
    member_id: int | None  # the member named, for sharing
    granted_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class PairedCase:
    """A match proposal as one side sees it: the other pseudonym by its display code and
    its latest case (display codes only, nothing of who either person is)."""

    proposal_id: int
    display_code: str
    case_id: uuid.UUID | None
    proposed_at: datetime
    decision: MatchDecision


@dataclass(frozen=True)
class BeneficiaryDetail:
    """What the case page shows of the beneficiary behind a case; never the identity, only
    whether one is kept."""

    id: uuid.UUID
    display_code: str
    erased: bool
    identity_kept: bool
    consents: list[ConsentView]  # newest first, revoked ones too
    matches: list[PairedCase]  # oldest first
