"""Models of meetings, their agenda, attendance, minutes and decisions."""

from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from casework.governance.meetings.states import (
    AgendaItemKind,
    AgendaItemStatus,
    DecisionStatus,
    Instrument,
    MeetingStatus,
)
from service.schemas import Request
from service.schemas.governance import (
    DecisionText,
    InstrumentNumber,
    MemberRef,
    Minutes,
    MonthKey,
    NetworkRef,
    PostTitle,
    Title,
)


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ResponsibilityRead(Read):
    member_id: int
    member_name: str
    instrument: Instrument | None
    instrument_number: str | None
    instrument_date: date | None


class DecisionRead(Read):
    id: int
    meeting_id: int
    agenda_item_id: int
    text: str
    due_on: date
    status: DecisionStatus
    supersedes_id: int | None
    responsibilities: list[ResponsibilityRead]


class AgendaItemRead(Read):
    id: int
    position: int
    kind: AgendaItemKind
    status: AgendaItemStatus
    title: str
    subject_member_id: int | None
    subject_member_name: str | None
    decision_id: int | None = Field(description="the overdue decision the item is about")
    proposed_by_member_id: int | None
    carried_from_id: int | None
    minutes: str
    escalated_referrals: int
    breaches: int
    referral_serials: list[str] = Field(description="the coordinator's and administrators' only")
    decisions: list[DecisionRead]


class AttendanceRead(Read):
    member_id: int
    member_name: str
    present: bool
    representative_title: str


class MeetingSummaryRead(Read):
    id: int
    network_id: int
    month: str
    starts_at: datetime
    status: MeetingStatus
    host_member_id: int
    host_name: str


class MeetingRead(MeetingSummaryRead):
    minutes: str
    opened_at: datetime | None
    closed_at: datetime | None
    attendance: list[AttendanceRead]
    agenda: list[AgendaItemRead]


class MeetingCreate(Request):
    network_id: NetworkRef | None = None
    month: MonthKey
    starts_at: AwareDatetime | None = Field(
        default=None, description="default: the second Wednesday, 10:00 in the region"
    )
    host_member_id: MemberRef | None = Field(default=None, description="default: next in turn")


class MeetingUpdate(Request):
    starts_at: AwareDatetime
    host_member_id: MemberRef | None = None


class AttendanceEntry(Request):
    member_id: MemberRef
    present: bool
    representative_title: PostTitle = ""


class AttendanceUpdate(Request):
    entries: list[AttendanceEntry] = Field(min_length=1, max_length=500)


class MinutesUpdate(Request):
    text: Minutes


class AgendaItemCreate(Request):
    title: Title
    member_id: MemberRef | None = Field(
        default=None,
        description="the proposing member (a representative proposes for its own)",
    )


class AgendaBuiltRead(Read):
    carried_over: int
    escalations: int
    breaches: int
    overdue_decisions: int


class DecisionCreate(Request):
    text: DecisionText
    due_on: date
    responsible_member_ids: list[MemberRef] = Field(min_length=1, max_length=100)
    supersede: bool = Field(
        default=False, description="on an overdue-decision item: replace that decision"
    )


class InstitutionalisationCreate(Request):
    instrument: Instrument
    number: InstrumentNumber
    issued_on: date
    member_id: MemberRef | None = Field(
        default=None, description="only the coordinator names it; a member records its own"
    )
