"""Models of meetings, their agenda, attendance, minutes and decisions."""

from typing import Annotated

from pydantic import Field, StrictBool

from casework.governance.meetings.commands.agenda import AgendaBuilt
from casework.governance.meetings.states import Instrument
from casework.governance.meetings.views import (
    AgendaItemView,
    AttachmentView,
    AttendanceView,
    DecisionView,
    MeetingDetail,
    MeetingSummary,
    ResponsibilityView,
)
from service.schemas import IsoDate, IsoDateTime, Request, read_model
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

ResponsibilityRead = read_model("ResponsibilityRead", ResponsibilityView)
AttachmentRead = read_model(
    "AttachmentRead",
    AttachmentView,
    doc="A PDF a responsible member attached: GET /decisions/{decision_id}/attachments/{id}.",
)
DecisionRead = read_model(
    "DecisionRead",
    DecisionView,
    responsibilities=list[ResponsibilityRead],
    attachments=list[AttachmentRead],
)
AgendaItemRead = read_model(
    "AgendaItemRead",
    AgendaItemView,
    decision_id=Annotated[int | None, Field(description="the overdue decision the item is about")],
    referral_serials=Annotated[
        list[str], Field(description="the coordinator's and administrators' only")
    ],
    decisions=list[DecisionRead],
)
AttendanceRead = read_model("AttendanceRead", AttendanceView)
MeetingSummaryRead = read_model("MeetingSummaryRead", MeetingSummary)
MeetingRead = read_model(
    "MeetingRead",
    MeetingDetail,
    attendance=list[AttendanceRead],
    agenda=list[AgendaItemRead],
)


class MeetingCreate(Request):
    network_id: NetworkRef | None = None
    month: MonthKey
    starts_at: IsoDateTime | None = Field(
        default=None, description="default: the second Wednesday, 10:00 in the region"
    )
    host_member_id: MemberRef | None = Field(default=None, description="default: next in turn")


class MeetingUpdate(Request):
    starts_at: IsoDateTime
    host_member_id: MemberRef | None = None


class AttendanceEntry(Request):
    member_id: MemberRef
    present: StrictBool
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


AgendaBuiltRead = read_model("AgendaBuiltRead", AgendaBuilt)


class DecisionCreate(Request):
    text: DecisionText
    due_on: IsoDate
    responsible_member_ids: list[MemberRef] = Field(min_length=1, max_length=100)
    supersede: StrictBool = Field(
        default=False, description="on an overdue-decision item: replace that decision"
    )


class InstitutionalisationCreate(Request):
    instrument: Instrument
    number: InstrumentNumber
    issued_on: IsoDate
    member_id: MemberRef | None = Field(
        default=None, description="only the coordinator names it; a member records its own"
    )
