"""Monthly meetings: scheduling, opening, attendance, minutes, closing; and their agenda."""

from datetime import date

from fastapi import APIRouter, Request, Response, status

from casework.actors import Actor
from casework.governance.access import visible_network
from casework.governance.commitment_threshold import set_commitment_threshold
from casework.governance.meetings.commands import agenda
from casework.governance.meetings.commands import meetings as commands
from casework.governance.meetings.commands.decisions import close_meeting
from casework.governance.meetings.protocol import meeting_protocol
from casework.governance.meetings.queries import get_meeting, list_meetings
from casework.languages import DEFAULT_LANGUAGE
from casework.uow import UnitOfWork
from reports.protocol import protocol_filename, protocol_pdf
from service.deps import ActorDep, UowDep
from service.documents import pdf_response
from service.one_hop import OneHopRoute
from service.policies import Resource, answered, declare, governed, staff_read
from service.routes.reports import LanguageQuery
from service.schemas.governance import IdPath, NetworkQuery
from service.schemas.meetings import (
    AgendaBuiltRead,
    AgendaItemCreate,
    AgendaItemRead,
    AttendanceUpdate,
    CommitmentThresholdRead,
    CommitmentThresholdUpdate,
    MeetingCreate,
    MeetingRead,
    MeetingSummaryRead,
    MeetingUpdate,
    MinutesUpdate,
)

router = APIRouter(route_class=OneHopRoute, tags=["meetings"])


def _read_meeting(uow: UnitOfWork, *, actor: Actor, meeting_id: int) -> MeetingRead:
    """The meeting as it now is, in its response model."""
    return MeetingRead.model_validate(get_meeting(uow, actor=actor, meeting_id=meeting_id))


@router.get("/meetings", response_model=list[MeetingSummaryRead])
@declare(staff_read(Resource.NETWORK))
def meetings(
    actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None
) -> list[MeetingSummaryRead]:
    """The network's meetings, latest first."""
    found = list_meetings(uow, actor=actor, network_id=network_id)
    return [MeetingSummaryRead.model_validate(m) for m in found]


@router.post("/meetings", response_model=MeetingRead, status_code=status.HTTP_201_CREATED)
@declare(governed())
def schedule(body: MeetingCreate, actor: ActorDep, uow: UowDep) -> MeetingRead:
    """Schedule a month's meeting (the meeting flow schedules each month's by itself)."""
    network_id = visible_network(uow, actor=actor, network_id=body.network_id)
    meeting_id = commands.schedule_meeting(
        uow,
        actor=actor,
        network_id=network_id,
        month=date.fromisoformat(f"{body.month}-01"),
        starts_at=body.starts_at,
        host_member_id=body.host_member_id,
    )
    return _read_meeting(uow, actor=actor, meeting_id=meeting_id)


@router.get("/meetings/{meeting_id}", response_model=MeetingRead)
@declare(staff_read(Resource.MEETING))
def meeting(meeting_id: IdPath, actor: ActorDep, uow: UowDep) -> MeetingRead:
    return _read_meeting(uow, actor=actor, meeting_id=meeting_id)


@router.get(
    "/meetings/{meeting_id}/protocol.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "A4 pages to sign"}},
)
@declare(staff_read(Resource.MEETING))
def protocol(
    meeting_id: IdPath,
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    lang: LanguageQuery = DEFAULT_LANGUAGE,
) -> Response:
    """A closed meeting's protocol to print and sign, in tg (default), ru or en: attendance,
    agenda and minutes, decisions with who carries each out and by when, the instruments
    and files recorded so far. 409 before the meeting is closed."""
    view = meeting_protocol(uow, actor=actor, meeting_id=meeting_id)
    pdf = protocol_pdf(view, lang, zone=request.app.state.settings.timezone)
    return pdf_response(pdf, protocol_filename(view, lang))


@router.patch("/meetings/{meeting_id}", response_model=MeetingRead)
@declare(governed(Resource.MEETING))
def reschedule(
    meeting_id: IdPath, body: MeetingUpdate, actor: ActorDep, uow: UowDep
) -> MeetingRead:
    commands.reschedule_meeting(
        uow,
        actor=actor,
        meeting_id=meeting_id,
        starts_at=body.starts_at,
        host_member_id=body.host_member_id,
    )
    return _read_meeting(uow, actor=actor, meeting_id=meeting_id)


@router.post("/meetings/{meeting_id}/opening", response_model=MeetingRead)
@declare(governed(Resource.MEETING))
def open_(meeting_id: IdPath, actor: ActorDep, uow: UowDep) -> MeetingRead:
    commands.open_meeting(uow, actor=actor, meeting_id=meeting_id)
    return _read_meeting(uow, actor=actor, meeting_id=meeting_id)


@router.post("/meetings/{meeting_id}/closing", response_model=MeetingRead)
@declare(governed(Resource.MEETING))
def close(meeting_id: IdPath, actor: ActorDep, uow: UowDep) -> MeetingRead:
    """Close the meeting: 409 while an agenda item is neither discussed nor deferred, an item
    it discussed has no decision, it decided nothing, or attendance is missing."""
    close_meeting(uow, actor=actor, meeting_id=meeting_id)
    return _read_meeting(uow, actor=actor, meeting_id=meeting_id)


@router.post("/meetings/{meeting_id}/cancellation", response_model=MeetingRead)
@declare(governed(Resource.MEETING))
def cancel(meeting_id: IdPath, actor: ActorDep, uow: UowDep) -> MeetingRead:
    """Call a scheduled meeting off; its agenda goes to the next one."""
    commands.cancel_meeting(uow, actor=actor, meeting_id=meeting_id)
    return _read_meeting(uow, actor=actor, meeting_id=meeting_id)


@router.put("/meetings/{meeting_id}/attendance", response_model=MeetingRead)
@declare(governed(Resource.MEETING))
def attendance(
    meeting_id: IdPath, body: AttendanceUpdate, actor: ActorDep, uow: UowDep
) -> MeetingRead:
    entries = [commands.AttendanceEntry(**e.model_dump()) for e in body.entries]
    commands.record_attendance(uow, actor=actor, meeting_id=meeting_id, entries=entries)
    return _read_meeting(uow, actor=actor, meeting_id=meeting_id)


@router.put("/meetings/{meeting_id}/minutes", response_model=MeetingRead)
@declare(governed(Resource.MEETING))
def minutes(meeting_id: IdPath, body: MinutesUpdate, actor: ActorDep, uow: UowDep) -> MeetingRead:
    commands.record_meeting_minutes(uow, actor=actor, meeting_id=meeting_id, text=body.text)
    return _read_meeting(uow, actor=actor, meeting_id=meeting_id)


@router.get("/meetings/{meeting_id}/agenda", response_model=list[AgendaItemRead], tags=["agenda"])
@declare(staff_read(Resource.MEETING))
def read_agenda(meeting_id: IdPath, actor: ActorDep, uow: UowDep) -> list[AgendaItemRead]:
    return _read_meeting(uow, actor=actor, meeting_id=meeting_id).agenda


@router.post(
    "/meetings/{meeting_id}/agenda",
    response_model=AgendaItemRead,
    status_code=status.HTTP_201_CREATED,
    tags=["agenda"],
)
@declare(answered(Resource.MEETING))
def propose(
    meeting_id: IdPath, body: AgendaItemCreate, actor: ActorDep, uow: UowDep
) -> AgendaItemRead:
    """Put an item forward: a member's representative for its member, or the coordinator."""
    item_id = agenda.add_agenda_item(
        uow, actor=actor, meeting_id=meeting_id, title=body.title, member_id=body.member_id
    )
    return next(
        i for i in _read_meeting(uow, actor=actor, meeting_id=meeting_id).agenda if i.id == item_id
    )


@router.post(
    "/meetings/{meeting_id}/agenda/refresh", response_model=AgendaBuiltRead, tags=["agenda"]
)
@declare(governed(Resource.MEETING))
def refresh(meeting_id: IdPath, actor: ActorDep, uow: UowDep) -> AgendaBuiltRead:
    """Bring the agenda up to date now (the meeting flow does it every day): escalations at
    the meeting level, open breaches, overdue decisions, items deferred earlier."""
    return AgendaBuiltRead.model_validate(
        agenda.build_agenda(uow, actor=actor, meeting_id=meeting_id)
    )


@router.put("/commitment-threshold", response_model=CommitmentThresholdRead)
@declare(governed())
def commitment_threshold(
    body: CommitmentThresholdUpdate, actor: ActorDep, uow: UowDep
) -> CommitmentThresholdRead:
    """Set the share of commitments kept below which a member gets an agenda item of its own
    (docs/governance.md, "Commitments kept"); it applies from the next agenda built."""
    network_id = visible_network(uow, actor=actor, network_id=body.network_id)
    percent = set_commitment_threshold(
        uow, actor=actor, network_id=network_id, percent=body.percent
    )
    return CommitmentThresholdRead(network_id=network_id, percent=percent)
