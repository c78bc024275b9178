"""Referral status, as FHIR Task codes, and its legal transitions."""

from enum import StrEnum

from casework.states import StateMachine


class ReferralStatus(StrEnum):
    DRAFT = "draft"
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    FAILED = "failed"
    ON_HOLD = "on-hold"


class Urgency(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"


_ = ReferralStatus
# `completed` is legal from `accepted`: a single-visit service needs no separate start.
# `on-hold` returns to the status it was put on hold from (checked by the command).
REFERRAL_MACHINE = StateMachine(
    "referral",
    {
        _.DRAFT: frozenset({_.REQUESTED, _.CANCELLED}),
        _.REQUESTED: frozenset({_.ACCEPTED, _.REJECTED, _.CANCELLED, _.FAILED, _.ON_HOLD}),
        _.ACCEPTED: frozenset({_.IN_PROGRESS, _.COMPLETED, _.CANCELLED, _.FAILED, _.ON_HOLD}),
        _.IN_PROGRESS: frozenset({_.COMPLETED, _.CANCELLED, _.FAILED, _.ON_HOLD}),
        _.ON_HOLD: frozenset({_.REQUESTED, _.ACCEPTED, _.IN_PROGRESS, _.CANCELLED, _.FAILED}),
        _.COMPLETED: frozenset(),
        _.REJECTED: frozenset(),
        _.CANCELLED: frozenset(),
        _.FAILED: frozenset(),
    },
)

OPEN_STATUSES = frozenset(s for s in ReferralStatus if not REFERRAL_MACHINE.is_terminal(s))
