"""Monthly meeting flow, run daily: schedule the month's meeting of every network (in rotation
among member offices, members told), and bring the agenda of each network's next meeting up
to date: referrals escalated to the meeting level, open breaches, overdue decisions and items
deferred by earlier meetings.

SCHEDULES: daily at 06:30 Asia/Dushanbe, cron "30 6 * * *" (deployment monthly-meeting/server).
Parameters: `day` (ISO date) to run as of another day; default: today in the region."""

import asyncio
from dataclasses import asdict
from datetime import date

from prefect import flow

from casework.governance.meetings.commands.agenda import build_agenda
from casework.governance.meetings.commands.meetings import schedule_due_meetings
from casework.governance.meetings.queries import next_scheduled_meeting
from casework.network.queries import networks
from flows import runtime

ACTOR = runtime.actor("monthly-meeting")


def schedule_meetings(day: str) -> list[int]:
    return schedule_due_meetings(runtime.uow(), actor=ACTOR, day=date.fromisoformat(day))


def refresh_agendas() -> dict[str, dict[str, int]]:
    """Per meeting id, what its agenda gained."""
    uow = runtime.uow()
    with uow:
        network_ids = [n.id for n in networks(uow.session)]
    built = {}
    for network_id in network_ids:
        meeting_id = next_scheduled_meeting(uow, network_id=network_id)
        if meeting_id is not None:
            built[str(meeting_id)] = asdict(build_agenda(uow, actor=ACTOR, meeting_id=meeting_id))
    return built


@flow(name="monthly-meeting")
async def monthly_meeting(day: str | None = None) -> dict:
    day = day or runtime.today().isoformat()
    return {
        "scheduled": await asyncio.to_thread(schedule_meetings, day),
        "agendas": await asyncio.to_thread(refresh_agendas),
    }
