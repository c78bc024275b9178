"""Referral status, as FHIR Task codes: its legal transitions, and what each status means."""

from dataclasses import dataclass
from enum import StrEnum

from casework.messages import NC_
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

    @property
    def facts(self) -> "StatusFacts":
        """What this status means (STATUS_FACTS below), also for templates: `status.facts.open`."""
        return STATUS_FACTS[self]


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


class Deadline(StrEnum):
    """A deadline the memorandum holds the institution to (the referral's columns `*_due_at`)."""

    ACCEPT = "accept"  # accept or decline by accept_due_at
    COMPLETE = "complete"  # deliver the service by complete_due_at


class Verdict(StrEnum):
    """What a check of a referral form tells its reader (referral_forms/verification.py)."""

    VALID = "valid"
    INVALID = "invalid"  # not issued by the network, or altered
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    USED = "used"  # the visit was already confirmed
    REJECTED = "rejected"  # the institution declined it
    ON_HOLD = "on_hold"  # paused by the institution while it waits (reasons.HoldReason)
    CLOSED = "closed"  # failed for another reason (e.g. the service was refused)
    UNKNOWN = "unknown"  # genuine signature, but this server has no such referral


class ReportOutcome(StrEnum):
    """What became of a closed referral: the network report's outcome columns, in this order."""

    DELIVERED = "delivered"
    DECLINED = "declined"
    LAPSED = "lapsed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class StatusFacts:
    """What one referral status means to every part of the engine; no field has a default."""

    open: bool  # the referral can still move (agrees with the machine: not terminal)
    running_deadline: Deadline | None  # what escalation watches; None: no deadline runs
    form_verdict: Verdict | None  # a form check's verdict; None: its signature and dates decide
    report_outcome: ReportOutcome | None  # the report's column once closed; None while open
    label: str  # the English name people read, marked for the catalogue (texts/labels.py)
    fhir_code: str  # FHIR R4 Task.status, for export


_F, _D, _V, _O = StatusFacts, Deadline, Verdict, ReportOutcome

# open, deadline that runs, form check's verdict, report outcome, label (in its context, for
# Russian to agree with направление), FHIR code
STATUS_FACTS: dict[ReferralStatus, StatusFacts] = {
    _.DRAFT:       _F(True,  None,        None,         None,         NC_("referral status", "draft"),       "draft"),
    _.REQUESTED:   _F(True,  _D.ACCEPT,   None,         None,         NC_("referral status", "requested"),   "requested"),
    _.ACCEPTED:    _F(True,  _D.COMPLETE, None,         None,         NC_("referral status", "accepted"),    "accepted"),
    _.IN_PROGRESS: _F(True,  _D.COMPLETE, None,         None,         NC_("referral status", "in progress"), "in-progress"),
    _.ON_HOLD:     _F(True,  None,        _V.ON_HOLD,   None,         NC_("referral status", "on hold"),     "on-hold"),
    _.COMPLETED:   _F(False, None,        _V.USED,      _O.DELIVERED, NC_("referral status", "completed"),   "completed"),
    _.REJECTED:    _F(False, None,        _V.REJECTED,  _O.DECLINED,  NC_("referral status", "rejected"),    "rejected"),
    _.CANCELLED:   _F(False, None,        _V.CANCELLED, _O.CANCELLED, NC_("referral status", "cancelled"),   "cancelled"),
    _.FAILED:      _F(False, None,        _V.CLOSED,    _O.LAPSED,    NC_("referral status", "failed"),      "failed"),
}  # fmt: skip

OPEN_STATUSES = frozenset(s for s, facts in STATUS_FACTS.items() if facts.open)
