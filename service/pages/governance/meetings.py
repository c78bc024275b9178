"""The meetings page: the network's monthly meetings by month, the next one with its date and
host (the coordinator reschedules, cancels, opens it and brings its agenda up to date), and
scheduling a month's meeting."""

from datetime import date, datetime, time
from typing import Annotated

from fastapi import APIRouter, Form, Request

from casework.governance.access import visible_network
from casework.governance.meetings.commands import agenda
from casework.governance.meetings.commands import meetings as commands
from casework.governance.meetings.queries import list_meetings
from casework.governance.meetings.states import MeetingStatus
from casework.governance.memoranda.queries import standing
from service.deps import UowDep
from service.pages.common import PageRoute, see_other
from service.pages.governance.shared import NetworkField, page
from service.pages.session import FormActor, PageActor
from service.policies import Resource, declare, governed, staff_read
from service.schemas.governance import IdPath, MemberParam, MonthKey, NetworkQuery

router = APIRouter(route_class=PageRoute, include_in_schema=False)
COMING = (MeetingStatus.SCHEDULED, MeetingStatus.IN_SESSION)


def _months_from(day: date):
    year, month = day.year, day.month
    while True:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@router.get("/meetings")
@declare(staff_read(Resource.NETWORK))
def meetings_page(request: Request, actor: PageActor, uow: UowDep, network_id: NetworkQuery = None):
    network = visible_network(uow, actor=actor, network_id=network_id)
    meetings = list_meetings(uow, actor=actor, network_id=network)
    taken = {m.month for m in meetings}
    today = uow.calendar.today(uow.now())
    return page(
        request,
        "meetings.html.j2",
        actor=actor,
        network_id=network,
        meetings=meetings,
        # Latest first: the next one is the earliest of those still to come or in session.
        next_meeting=next((m for m in reversed(meetings) if m.status in COMING), None),
        members=standing(uow, actor=actor, network_id=network).members,
        suggested_month=next(m for m in _months_from(today) if m not in taken),
        local_zone=uow.calendar.zone,
    )


@router.post("/meetings")
@declare(governed())
def schedule(
    actor: FormActor,
    uow: UowDep,
    month: Annotated[MonthKey, Form()],
    network_id: NetworkField = None,
):
    """On the regular day (second Wednesday, 10:00) at the next host in rotation; the
    coordinator moves it afterwards if need be."""
    network = visible_network(uow, actor=actor, network_id=network_id)
    meeting_id = commands.schedule_meeting(
        uow, actor=actor, network_id=network, month=date.fromisoformat(f"{month}-01")
    )
    return see_other(f"/meetings/{meeting_id}")


@router.post("/meetings/{meeting_id}/schedule")
@declare(governed(Resource.MEETING))
def reschedule(
    meeting_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    day: Annotated[date, Form()],
    at: Annotated[time, Form()],
    host_member_id: Annotated[MemberParam | None, Form()] = None,
):
    """A new date within the meeting's month, at the given local time; perhaps a new host."""
    commands.reschedule_meeting(
        uow,
        actor=actor,
        meeting_id=meeting_id,
        starts_at=datetime.combine(day, at, tzinfo=uow.calendar.zone),
        host_member_id=host_member_id,
    )
    return see_other(f"/meetings/{meeting_id}")


@router.post("/meetings/{meeting_id}/cancellation")
@declare(governed(Resource.MEETING))
def cancel(meeting_id: IdPath, actor: FormActor, uow: UowDep):
    """Its agenda goes to the next meeting."""
    commands.cancel_meeting(uow, actor=actor, meeting_id=meeting_id)
    return see_other(f"/meetings/{meeting_id}")


@router.post("/meetings/{meeting_id}/opening")
@declare(governed(Resource.MEETING))
def open_(meeting_id: IdPath, actor: FormActor, uow: UowDep):
    commands.open_meeting(uow, actor=actor, meeting_id=meeting_id)
    return see_other(f"/meetings/{meeting_id}#agenda")


@router.post("/meetings/{meeting_id}/agenda/refresh")
@declare(governed(Resource.MEETING))
def refresh_agenda(meeting_id: IdPath, actor: FormActor, uow: UowDep):
    """What the meeting flow does every day: escalations, breaches, overdue decisions, items
    deferred earlier."""
    agenda.build_agenda(uow, actor=actor, meeting_id=meeting_id)
    return see_other(f"/meetings/{meeting_id}#agenda")
