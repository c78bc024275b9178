"""Tables of meetings: who hosts and attends, the agenda, the minutes, the decisions taken and
how each responsible member wrote them into its own orders and instructions."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.governance.meetings.states import (
    AGENDA_ITEM_MACHINE,
    MEETING_MACHINE,
    AgendaItemKind,
    AgendaItemStatus,
    Instrument,
    MeetingStatus,
)
from casework.orm import Base, UtcDateTime, enum_column


class Meeting(Base):
    """One monthly working meeting of a network, held at a member's office."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("network_id", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # "2026-03": one regular meeting a month
    host_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus))
    opened_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    minutes: Mapped[str] = mapped_column(Text, default="")  # general minutes, beside per-item

    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position"
    )
    attendance: Mapped[list["Attendance"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.member_id"
    )

    def move_to(self, target: MeetingStatus, *, now: datetime) -> None:
        MEETING_MACHINE.check(self.status, target)
        self.status = target
        if target is MeetingStatus.IN_SESSION:
            self.opened_at = now
        elif target is MeetingStatus.CLOSED:
            self.closed_at = now


class Attendance(Base):
    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    present: Mapped[bool] = mapped_column(Boolean)
    representative_title: Mapped[str] = mapped_column(String(200), default="")  # a post, no name

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")


class AgendaItem(Base):
    """One item of a meeting's agenda. Items the engine puts there (escalations, breaches,
    overdue decisions) name their subject by reference; members' items carry a title."""

    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "decision_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind))
    status: Mapped[AgendaItemStatus] = mapped_column(enum_column(AgendaItemStatus))
    title: Mapped[str] = mapped_column(String(300), default="")
    # The institution an escalation or breach item is about.
    subject_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    # The overdue decision an item returns to the table.
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", use_alter=True))
    proposed_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), unique=True)
    minutes: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")
    decisions: Mapped[list["Decision"]] = relationship(
        back_populates="agenda_item", order_by="Decision.id", foreign_keys="Decision.agenda_item_id"
    )

    def move_to(self, target: AgendaItemStatus) -> None:
        AGENDA_ITEM_MACHINE.check(self.status, target)
        self.status = target


class AgendaEscalation(Base):
    """A level-4 escalation taken onto an agenda item: each escalation goes on one item only
    (moved along when the item is deferred to the next meeting)."""

    __tablename__ = "agenda_escalations"

    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id"), primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)


class Decision(Base):
    """What a meeting decided on one agenda item, who must carry it out and by when."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    text: Mapped[str] = mapped_column(String(1000))
    due_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # A later meeting may replace an overdue decision with a new one.
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), unique=True)

    agenda_item: Mapped[AgendaItem] = relationship(
        back_populates="decisions", foreign_keys=[agenda_item_id]
    )
    responsibilities: Mapped[list["Responsibility"]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="Responsibility.member_id"
    )

    @property
    def is_institutionalised(self) -> bool:
        return all(r.instrument is not None for r in self.responsibilities)


class Responsibility(Base):
    """A member responsible for a decision, and how it institutionalised it (an order,
    instruction or regulation, with its number and date) once it has."""

    __tablename__ = "decision_responsibilities"
    __table_args__ = (UniqueConstraint("decision_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    instrument: Mapped[Instrument | None] = mapped_column(enum_column(Instrument))
    instrument_number: Mapped[str | None] = mapped_column(String(60))
    instrument_date: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    decision: Mapped[Decision] = relationship(back_populates="responsibilities")


class DecisionAttachment(Base):
    """A file a responsible member attached to how it carried a decision out: the order or
    instruction itself, as a PDF. Its bytes live in the data folder under their SHA-256
    (meetings/attachments.py), never in a row; the row says whose it is and which file."""

    __tablename__ = "decision_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    filename: Mapped[str] = mapped_column(String(120))  # as uploaded, sanitised
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    uploaded_by: Mapped[str] = mapped_column(String(80))  # the actor id, as in the audit
