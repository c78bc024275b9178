"""Tables of the escalation ladder: the steps taken, and each network's thresholds."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.calendar import DeadlineUnit
from casework.orm import Base, UtcDateTime, enum_column
from casework.referrals.states import Deadline, ReferralStatus

# Which deadline a step was taken for (its stored `reason`), by the deadline that ran late.
OVERDUE_REASON: dict[Deadline, str] = {
    Deadline.ACCEPT: "accept_overdue",
    Deadline.COMPLETE: "complete_overdue",
}
ACCEPT_OVERDUE = OVERDUE_REASON[Deadline.ACCEPT]


def overdue_reason(status: ReferralStatus) -> str | None:
    """The reason of a step taken in this status: the deadline that runs (None: none runs)."""
    running = status.facts.running_deadline
    return None if running is None else OVERDUE_REASON[running]


# The rungs of the ladder; what each one does is in casework/escalation/ladder.py.
LEVELS = (1, 2, 3, 4)
AGENDA_LEVEL = 4


class Escalation(Base):
    """One step of one referral up the ladder: at most one row per (referral, level),
    however many sweeps run at once (the unique constraint is the last line of defence)."""

    __tablename__ = "escalations"
    __table_args__ = (
        UniqueConstraint("referral_id", "level"),
        # Level-4 steps waiting for a meeting: the governance feature's agenda reads these.
        Index("ix_escalations_agenda", "level", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referrals.id"))
    level: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(30))  # which deadline was missed
    escalated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Level 4 only: the meeting whose agenda took the step (the governance agenda sets it and
    # moves it when an item is deferred). None means "put it on the next one".
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))

    def still_applies(self, status: ReferralStatus) -> bool:
        """False once the referral has moved past the deadline this step was taken for."""
        return overdue_reason(status) == self.reason


class EscalationThreshold(Base):
    """How far past its deadline a referral must be to reach a level: network policy, in the
    unit its deadlines are counted in (working days for routine services, hours for urgent)."""

    __tablename__ = "escalation_thresholds"
    __table_args__ = (UniqueConstraint("network_id", "deadline_unit", "level"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"))
    deadline_unit: Mapped[DeadlineUnit] = mapped_column(enum_column(DeadlineUnit))
    level: Mapped[int] = mapped_column(Integer)
    overdue_by: Mapped[int] = mapped_column(Integer)  # whole hours or working days
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
