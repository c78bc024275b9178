"""Table of referrals, with the deadlines and attestations the memorandum asks for."""

import uuid
from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Boolean, ColumnElement, Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column

from casework.audit import AutoId
from casework.calendar import DeadlineUnit
from casework.errors import IllegalTransition
from casework.network.services import ServiceCode
from casework.orm import Base, UtcDateTime, enum_column, new_id
from casework.referrals.reasons import NOTE_MAX_LENGTH, ReferralOutcome, outcome_of
from casework.referrals.states import REFERRAL_MACHINE, Deadline, ReferralStatus, Urgency


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (
        # The escalation sweep reads each step's overdue referrals as one range of this index
        # (network and unit fix the threshold, the level the step); expiry reads the second.
        Index(
            "ix_referrals_escalation",
            "network_id",
            "deadline_unit",
            "escalation_level",
            "current_due_at",
        ),
        Index("ix_referrals_expiry", "status", "valid_until"),
        # An institution's system polls its Task feed by last change (service/routes/fhir.py),
        # in pages keyed on (updated_at, id).
        Index("ix_referrals_institution_updated", "institution_id", "updated_at", "id"),
        # Routing counts each eligible member's open referrals for every referral it issues:
        # from this index alone, not by reading the member's whole history (casework.referrals
        # .routing).
        Index("ix_referrals_institution_status", "institution_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"))
    ngo_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    memorandum_id: Mapped[int] = mapped_column(ForeignKey("memoranda.id"))
    service: Mapped[ServiceCode] = mapped_column(enum_column(ServiceCode))
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency))
    status: Mapped[ReferralStatus] = mapped_column(enum_column(ReferralStatus))
    status_before_hold: Mapped[ReferralStatus | None] = mapped_column(enum_column(ReferralStatus))
    # Why it last moved, as a code of casework/referrals/reasons.py (reject, cancel, hold or
    # the engine's own), and the optional free text beside it: shown only to the issuing NGO
    # and the institution, and never to name anyone.
    status_reason: Mapped[str | None] = mapped_column(String(300))
    status_note: Mapped[str | None] = mapped_column(String(NOTE_MAX_LENGTH))
    # What became of the referral for the beneficiary, set when it closes.
    outcome: Mapped[ReferralOutcome | None] = mapped_column(enum_column(ReferralOutcome))
    # A member the declining institution suggests instead, offering the same service.
    suggested_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    serial: Mapped[str | None] = mapped_column(String(24), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    requested_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    valid_until: Mapped[date | None] = mapped_column(Date)
    accept_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    complete_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # How the memorandum counts this referral's deadlines, and so its escalation thresholds.
    deadline_unit: Mapped[DeadlineUnit] = mapped_column(enum_column(DeadlineUnit))
    # The deadline the referral now waits on: its status's running deadline (STATUS_FACTS),
    # None when none runs (draft, on hold, closed). Kept by move_to, so a referral that moves
    # on leaves the escalation sweep's index range at once.
    current_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    held_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The referral's last change of any kind (FHIR's meta.lastUpdated): kept by move_to and
    # by every command that changes a referral besides its status (see touch).
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attested_anonymous: Mapped[bool | None] = mapped_column(Boolean)
    attested_free: Mapped[bool | None] = mapped_column(Boolean)
    attested_voluntary: Mapped[bool | None] = mapped_column(Boolean)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    # The referral issued in this one's place once its form lapsed unused (reissue_referral).
    reissued_as_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("referrals.id"), unique=True
    )
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}

    def move_to(
        self,
        target: ReferralStatus,
        *,
        now: datetime,
        reason: str | None = None,
        note: str | None = None,
    ) -> None:
        REFERRAL_MACHINE.check(self.status, target)
        resumable = (self.status_before_hold, ReferralStatus.FAILED, ReferralStatus.CANCELLED)
        if self.status is ReferralStatus.ON_HOLD and target not in resumable:
            raise IllegalTransition("referral", self.status, target)
        if target is ReferralStatus.ON_HOLD:
            self.status_before_hold, self.held_at = self.status, now
        elif self.status is ReferralStatus.ON_HOLD:
            self._resume_deadlines(now)
        self.status = target
        self.status_reason, self.status_note = reason, note
        self.touch(now)
        match target:
            case ReferralStatus.REQUESTED if self.requested_at is None:
                self.requested_at = now
            case ReferralStatus.ACCEPTED:
                self.accepted_at = now
            case ReferralStatus.COMPLETED:
                self.completed_at = now
        if self.is_closed:
            self.closed_at = now
            self.outcome = outcome_of(completed=target is ReferralStatus.COMPLETED, reason=reason)
        self.current_due_at = self._running_deadline()

    def touch(self, now: datetime) -> None:
        """Note a change that is not a move (an escalation, a reissue) as the last one."""
        self.updated_at = now

    def _running_deadline(self) -> datetime | None:
        match self.status.facts.running_deadline:
            case Deadline.ACCEPT:
                return self.accept_due_at
            case Deadline.COMPLETE:
                return self.complete_due_at
        return None

    def _resume_deadlines(self, now: datetime) -> None:
        """Time on hold does not count against the institution."""
        assert self.held_at is not None
        paused = now - self.held_at
        if self.accept_due_at is not None:
            self.accept_due_at += paused
        if self.complete_due_at is not None:
            self.complete_due_at += paused
        self.status_before_hold = self.held_at = None

    @hybrid_method
    def is_overdue(self, now: datetime) -> bool:
        """Past the deadline its status runs: what escalation climbs on and pages list."""
        return self.current_due_at is not None and self.current_due_at < now

    @is_overdue.expression
    @classmethod
    def _is_overdue_expression(cls, now: datetime) -> ColumnElement[bool]:
        return cls.current_due_at < now

    @property
    def is_closed(self) -> bool:
        return REFERRAL_MACHINE.is_terminal(self.status)

    def form_lapsed(self, today: date) -> bool:
        """Its form passed its last valid day unused: never accepted, and still waiting or
        already expired by the sweep. Such a referral may be reissued on a new form."""
        return (
            self.status in (ReferralStatus.REQUESTED, ReferralStatus.FAILED)
            and self.accepted_at is None
            and self.valid_until is not None
            and self.valid_until < today
        )

    def reissuable(self, today: date) -> bool:
        return self.reissued_as_id is None and self.form_lapsed(today)

    @property
    def attestation_failed(self) -> list[str]:
        """The guarantees the institution did not attest; empty when all three hold."""
        attested = {
            "anonymous": self.attested_anonymous,
            "free": self.attested_free,
            "voluntary": self.attested_voluntary,
        }
        return [name for name, value in attested.items() if value is False]


class SlipCodeFailure(Base):
    """A wrong code typed for a referral: counted to stop guessing, kept as evidence."""

    __tablename__ = "slip_code_failures"
    __table_args__ = (Index("ix_slip_code_failures_referral_at", "referral_id", "at"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referrals.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
