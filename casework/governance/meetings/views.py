"""Read models of meetings, their agendas, attendance and decisions."""

from dataclasses import dataclass
from datetime import date, datetime

from casework.governance.meetings.commitments import MeetingCommitments, Shortfall
from casework.governance.meetings.states import (
    AgendaItemKind,
    AgendaItemStatus,
    DecisionStatus,
    Instrument,
    MeetingStatus,
)


@dataclass(frozen=True)
class AttachmentView:
    """A file attached to a decision: its bytes are in the data folder, under `sha256`."""

    id: int
    decision_id: int
    member_id: int
    filename: str
    size: int
    sha256: str
    uploaded_at: datetime


@dataclass(frozen=True)
class ResponsibilityView:
    member_id: int
    member_name: str
    instrument: Instrument | None
    instrument_number: str | None
    instrument_date: date | None


@dataclass(frozen=True)
class DecisionView:
    id: int
    meeting_id: int
    agenda_item_id: int
    text: str
    due_on: date
    status: DecisionStatus
    supersedes_id: int | None
    responsibilities: list[ResponsibilityView]
    attachments: list[AttachmentView]  # the orders' PDFs responsible members attached


@dataclass(frozen=True)
class AgendaItemView:
    id: int
    position: int
    kind: AgendaItemKind
    status: AgendaItemStatus
    title: str
    subject_member_id: int | None
    subject_member_name: str | None
    decision_id: int | None  # the overdue decision an item returns to the table
    proposed_by_member_id: int | None
    carried_from_id: int | None
    minutes: str
    # Shown counts: exact to governors and the item's institution, else through suppression.
    escalated_referrals: str
    breaches: str
    referral_serials: list[str]  # governors only
    # A commitments item: the categories below the threshold, with the shares as shown.
    shortfalls: list[Shortfall]
    decisions: list[DecisionView]


@dataclass(frozen=True)
class AttendanceView:
    member_id: int
    member_name: str
    present: bool
    representative_title: str


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    network_id: int
    month: str
    starts_at: datetime
    status: MeetingStatus
    host_member_id: int
    host_name: str


@dataclass(frozen=True)
class MeetingDetail(MeetingSummary):
    minutes: str
    opened_at: datetime | None
    closed_at: datetime | None
    attendance: list[AttendanceView]
    agenda: list[AgendaItemView]
    # Commitments kept in the month before the meeting: exact to governors, else suppressed.
    commitments: MeetingCommitments
