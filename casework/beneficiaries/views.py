"""Read models of beneficiaries."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from casework.beneficiaries.model import MatchDecision


@dataclass(frozen=True)
class MatchView:
    id: int
    beneficiary_id: uuid.UUID  # the newer pseudonym
    candidate_id: uuid.UUID  # the earlier pseudonym it may be
    candidate_display_code: str
    proposed_at: datetime
    decision: MatchDecision
