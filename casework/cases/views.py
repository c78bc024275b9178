"""Read models of cases."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from casework.cases.model import Case
from casework.cases.profile import Profile
from casework.cases.reasons import CloseReason
from casework.cases.states import CaseStatus, NeedStatus
from casework.network.districts import District
from casework.network.services import ServiceCode
from casework.referrals.views import ReferralView


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    action: str  # e.g. "referral.accepted"
    actor_role: str
    serial: str | None  # the referral's serial, for a referral's entry


@dataclass(frozen=True)
class FlowRun:
    flow: str
    queued_at: datetime
    started_at: datetime | None
    flow_run_id: str | None  # None until the dispatcher has started it
    last_error: str | None


@dataclass(frozen=True)
class CaseHistory:
    timeline: list[TimelineEntry]
    flow_runs: list[FlowRun]


@dataclass(frozen=True)
class NeedView:
    id: int
    service: ServiceCode
    status: NeedStatus
    proposed_institution_id: int | None


@dataclass(frozen=True)
class CaseSummary:
    id: uuid.UUID
    display_code: str
    status: CaseStatus
    opened_at: datetime
    closed_at: datetime | None

    @classmethod
    def of(cls, case: Case, display_code: str) -> "CaseSummary":
        """The case, shown by its beneficiary's display code."""
        return cls(case.id, display_code, case.status, case.opened_at, case.closed_at)


@dataclass(frozen=True)
class CaseDetail(CaseSummary):
    beneficiary_id: uuid.UUID
    ngo_id: int
    needs: list[NeedView]
    referrals: list[ReferralView]
    outcome_resolved: bool | None
    caseworker: str | None  # the username of the account that works the case
    closing_reason: CloseReason | None
    district: District | None  # where the beneficiary lives, if recorded at intake
    profile: Profile  # who was helped, for the NGO's own staff (its district is the one above)
