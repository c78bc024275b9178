"""A closed meeting's protocol, to print and sign: who attended (members and their
representatives' posts), the agenda with its minutes, each decision with the members
responsible and the date it is due, how each member has institutionalised it so far and the
files attached. It names organisations and posts only: no referral, count or person."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from casework.actors import Actor
from casework.errors import Conflict, NotFound
from casework.governance import access
from casework.governance.meetings.attachments import attachments_of
from casework.governance.meetings.model import AgendaItem, Decision, Meeting
from casework.governance.meetings.states import (
    AgendaItemKind,
    AgendaItemStatus,
    Instrument,
    MeetingStatus,
)
from casework.governance.memoranda.queries import members_on
from casework.network.model import Member, Network
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class ProtocolAttendance:
    member_name: str
    representative_title: str  # a post, never a name


@dataclass(frozen=True)
class ProtocolFile:
    decision_id: int
    member_name: str
    filename: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ProtocolResponsibility:
    member_name: str
    instrument: Instrument | None
    number: str | None
    issued_on: date | None
    files: list[str]  # names of the files this member attached


@dataclass(frozen=True)
class ProtocolDecision:
    id: int
    text: str
    due_on: date
    supersedes_id: int | None
    responsible: list[ProtocolResponsibility]


@dataclass(frozen=True)
class ProtocolItem:
    position: int
    kind: AgendaItemKind
    status: AgendaItemStatus
    title: str
    subject_member_name: str | None  # the institution an escalation or breach item is about
    decision_id: int | None  # the overdue decision an item returns to the table
    proposed_by: str | None  # a member's name; None: the coordinator or the engine
    minutes: str
    decisions: list[ProtocolDecision]


@dataclass(frozen=True)
class ProtocolView:
    meeting_id: int
    network_name: str
    month: str
    starts_at: datetime
    closed_at: datetime
    host_name: str
    host_address: str
    minutes: str
    present: list[ProtocolAttendance]
    absent: list[ProtocolAttendance]
    agenda: list[ProtocolItem]
    files: list[ProtocolFile]
    # The latest change the protocol shows (closing, an instrument, a file): the same state
    # prints the same protocol, and the reader knows how recent the instruments are.
    as_of: datetime


def meeting_protocol(uow: UnitOfWork, *, actor: Actor, meeting_id: int) -> ProtocolView:
    """The protocol of a closed meeting, for staff of its network (another network's meeting
    is NotFound); a meeting not closed yet has none (Conflict)."""
    with uow:
        session = uow.session
        meeting = access.visible(
            session,
            actor,
            session.get(Meeting, meeting_id),
            NotFound("meeting.not_found", "meeting {meeting_id} not found", meeting_id=meeting_id),
        )
        if meeting.status is not MeetingStatus.CLOSED or meeting.closed_at is None:
            raise Conflict(
                "meeting.protocol_not_closed",
                "the protocol of meeting {meeting_id} is printed once the meeting is closed",
                field="status",
                meeting_id=meeting_id,
            )
        names: dict[int, Member] = {m.id: m for m in session.scalars(select(Member))}
        files: list[ProtocolFile] = []
        changes = [meeting.closed_at]

        def decision(d: Decision) -> ProtocolDecision:
            attached = attachments_of(session, d.id)
            files.extend(
                ProtocolFile(d.id, names[a.member_id].name, a.filename, a.size, a.sha256)
                for a in attached
            )
            changes.extend(a.uploaded_at for a in attached)
            changes.extend(r.recorded_at for r in d.responsibilities if r.recorded_at)
            return ProtocolDecision(
                d.id,
                d.text,
                d.due_on,
                d.supersedes_id,
                [
                    ProtocolResponsibility(
                        names[r.member_id].name,
                        r.instrument,
                        r.instrument_number,
                        r.instrument_date,
                        [a.filename for a in attached if a.member_id == r.member_id],
                    )
                    for r in d.responsibilities
                ],
            )

        def item(i: AgendaItem) -> ProtocolItem:
            subject = names[i.subject_member_id].name if i.subject_member_id else None
            proposer = names[i.proposed_by_member_id].name if i.proposed_by_member_id else None
            return ProtocolItem(
                i.position,
                i.kind,
                i.status,
                i.title,
                subject,
                i.decision_id,
                proposer,
                i.minutes,
                [decision(d) for d in i.decisions],
            )

        agenda = [item(i) for i in meeting.agenda]
        day = uow.calendar.today(meeting.starts_at)
        host = names[meeting.host_member_id]
        return ProtocolView(
            meeting_id=meeting.id,
            network_name=session.get_one(Network, meeting.network_id).name,
            month=meeting.month,
            starts_at=meeting.starts_at,
            closed_at=meeting.closed_at,
            host_name=host.name,
            host_address=host.address or "",
            minutes=meeting.minutes,
            present=[
                ProtocolAttendance(names[a.member_id].name, a.representative_title)
                for a in meeting.attendance
                if a.present
            ],
            absent=[
                ProtocolAttendance(names[member_id].name, title)
                for member_id, title in sorted(
                    _absent(meeting, members_on(session, meeting.network_id, day)).items()
                )
            ],
            agenda=agenda,
            files=files,
            as_of=max(changes),
        )


def _absent(meeting: Meeting, members: list[Member]) -> dict[int, str]:
    """Members recorded absent, and members on the day not recorded at all: the member's id
    and the post of its representative, if one was recorded."""
    recorded = {a.member_id: a for a in meeting.attendance}
    absent = {a.member_id: a.representative_title for a in meeting.attendance if not a.present}
    absent.update((m.id, "") for m in members if m.id not in recorded)
    return absent
