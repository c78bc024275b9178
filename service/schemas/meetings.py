"""Models of meetings, their agenda, attendance, minutes and decisions."""

from typing import Annotated

from pydantic import BaseModel, Field, StrictBool

from casework.governance.meetings.commands.agenda import AgendaBuilt
from casework.governance.meetings.commitments import (
    CommitmentLineView,
    MeetingCommitments,
    Shortfall,
)
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
from casework.governance.reports.commitment_shares import BreachLine
from casework.privacy.figures import ShownTable
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
ShortfallRead = read_model("ShortfallRead", Shortfall)
AgendaItemRead = read_model(
    "AgendaItemRead",
    AgendaItemView,
    shortfalls=Annotated[
        list[ShortfallRead],
        Field(description="a commitments item: categories below the threshold, shares as shown"),
    ],
    decision_id=Annotated[int | None, Field(description="the overdue decision the item is about")],
    referral_serials=Annotated[
        list[str], Field(description="the coordinator's and administrators' only")
    ],
    decisions=list[DecisionRead],
)
AttendanceRead = read_model("AttendanceRead", AttendanceView)
MeetingSummaryRead = read_model("MeetingSummaryRead", MeetingSummary)
ShownTableRead = read_model("ShownTableRead", ShownTable)
MeetingCommitmentsRead = read_model(
    "MeetingCommitmentsRead",
    MeetingCommitments,
    doc="Commitments kept in the month before the meeting; counts of 1 to 9 read '<10' "
    "except to the coordinator and administrators.",
    acceptance=ShownTableRead,
    service=ShownTableRead,
    declines=ShownTableRead,
    breaches=ShownTableRead,
    lines=list[read_model("CommitmentLineRead", CommitmentLineView)],
    breach_lines=list[read_model("BreachLineRead", BreachLine)],
)
MeetingRead = read_model(
    "MeetingRead",
    MeetingDetail,
    attendance=list[AttendanceRead],
    agenda=list[AgendaItemRead],
    commitments=MeetingCommitmentsRead,
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


class CommitmentThresholdUpdate(Request):
    network_id: NetworkRef | None = None
    percent: int = Field(
        ge=1, le=100, description="below this share of commitments kept a member is on the agenda"
    )


class CommitmentThresholdRead(BaseModel):
    network_id: int
    percent: int
