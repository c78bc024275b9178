"""Commands over a meeting's life: scheduled in rotation among member offices, opened, its
attendance and minutes recorded, and closed only when every agenda item it discussed has a
recorded decision (the network's own rule), or cancelled."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.calendar import WorkCalendar
from casework.errors import Conflict, InvalidInput, NotFound
from casework.governance import access
from casework.governance.days import require_not_after_today
from casework.governance.meetings.model import Attendance, Meeting
from casework.governance.meetings.states import AgendaItemStatus, MeetingStatus
from casework.governance.memoranda.model import MemorandumSignature
from casework.governance.memoranda.queries import members_on, memorandum_valid_on
from casework.governance.notices import tell_members
from casework.messages import Message
from casework.network.model import Member, Network
from casework.network.queries import existing_network
from casework.uow import UnitOfWork

# The regular meeting: the second Wednesday of the month at 10:00 local time, or the next
# working day when that is a holiday.
MEETING_WEEKDAY = 2
MEETING_WEEK = 2
MEETING_TIME = time(10, 0)
SCHEDULED = "meeting.scheduled"
DECISION_ASSIGNED = "decision.assigned"


class UndecidedAgenda(Conflict):
    """The meeting cannot close: an item it discussed has no decision (HTTP 409)."""

    def __init__(self, key: str, text: str, /, *, positions: list[int]) -> None:
        super().__init__(key, text, field="agenda", positions=positions)
        self.positions = positions


@dataclass(frozen=True)
class AttendanceEntry:
    member_id: int
    present: bool
    representative_title: str = ""


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def regular_start(calendar: WorkCalendar, month: date) -> datetime:
    first = month.replace(day=1)
    day = first + timedelta(days=(MEETING_WEEKDAY - first.weekday()) % 7 + 7 * (MEETING_WEEK - 1))
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, MEETING_TIME, tzinfo=calendar.zone)


def next_host(session: Session, network_id: int, day: date) -> Member:
    """The member after the last host, in order of joining, among members that signed the
    memorandum valid on the day (all members when none did)."""
    members = members_on(session, network_id, day)
    memorandum = memorandum_valid_on(session, network_id, day)
    if memorandum is not None:
        signed = set(
            session.scalars(
                select(MemorandumSignature.member_id).where(
                    MemorandumSignature.memorandum_id == memorandum.id
                )
            )
        )
        members = [m for m in members if m.id in signed] or members
    if not members:
        raise Conflict(
            "meeting.no_host", "the network has no members to host a meeting", field="network_id"
        )
    last_host = session.scalar(
        select(Meeting.host_member_id)
        .where(Meeting.network_id == network_id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    after = [m for m in members if last_host is not None and m.id > last_host]
    return (after or members)[0]


def _host(session: Session, network_id: int, member_id: int | None, day: date) -> Member:
    if member_id is None:
        return next_host(session, network_id, day)
    member = session.get(Member, member_id)
    if member is None or member.network_id != network_id or not member.is_governing_member_on(day):
        raise InvalidInput(
            "meeting.host_not_member",
            "member {member_id} cannot host: not a member then",
            field="host",
            member_id=member_id,
        )
    return member


def schedule_meeting(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    month: date,
    starts_at: datetime | None = None,
    host_member_id: int | None = None,
) -> int:
    """Schedule the month's meeting (by default on the regular day, at the next host in
    rotation) and tell every member. One regular meeting a month: a second is a Conflict."""
    access.require_governor(actor, "schedule a meeting")
    starts_at = starts_at or regular_start(uow.calendar, month)
    key = month_key(month)
    if month_key(uow.calendar.today(starts_at)) != key:
        raise InvalidInput(
            "meeting.outside_month",
            "the meeting of {month} must take place in {month}",
            field="starts_at",
            month=key,
        )
    with uow:
        existing_network(uow.session, network_id)
        exists = uow.session.scalar(
            select(Meeting.id).where(Meeting.network_id == network_id, Meeting.month == key)
        )
        if exists is not None:
            raise Conflict(
                "meeting.already_scheduled",
                "the meeting of {month} is already scheduled",
                field="month",
                month=key,
            )
        day = uow.calendar.today(starts_at)
        host = _host(uow.session, network_id, host_member_id, day)
        meeting = Meeting(
            network_id=network_id,
            month=key,
            host_member_id=host.id,
            starts_at=starts_at,
            status=MeetingStatus.SCHEDULED,
            minutes="",
        )
        uow.session.add(meeting)
        uow.session.flush()
        uow.audit(actor, AuditAction.MEETING_SCHEDULED, meeting)
        local = starts_at.astimezone(uow.calendar.zone)
        tell_members(
            uow,
            actor=actor,
            members=members_on(uow.session, network_id, day),
            kind=SCHEDULED,
            subject_id=f"meeting:{meeting.id}",
            message=Message(
                "notice.meeting_scheduled",
                "The network meeting of {month} is on {at} at {host}.",
                month=key,
                at=f"{local:%d.%m.%Y %H:%M}",
                host=host.name,
            ),
        )
        uow.commit()
        return meeting.id


def schedule_due_meetings(uow: UnitOfWork, *, actor: Actor, day: date) -> list[int]:
    """Schedule the meeting of `day`'s month for every network under a valid memorandum that
    has none yet; idempotent."""
    require_not_after_today(uow, day)
    key = month_key(day)
    with uow:
        due = [
            n
            for n in uow.session.scalars(select(Network.id).order_by(Network.id))
            if memorandum_valid_on(uow.session, n, day) is not None
            and uow.session.scalar(
                select(Meeting.id).where(Meeting.network_id == n, Meeting.month == key)
            )
            is None
        ]
    return [schedule_meeting(uow, actor=actor, network_id=n, month=day) for n in due]


def locked_meeting(
    uow: UnitOfWork, actor: Actor, meeting_id: int, *, governing: str | None = None
) -> Meeting:
    """The meeting, locked; `governing` says what only a governor may do with it. That is
    checked once the meeting is found in the actor's network: an unknown meeting or another
    network's is NotFound to everyone, only those who may read it are told no."""
    meeting = access.visible(
        uow.session,
        actor,
        uow.session.get(Meeting, meeting_id, with_for_update=True),
        NotFound("meeting.not_found", "meeting {meeting_id} not found", meeting_id=meeting_id),
        members_only=True,
    )
    if governing is not None:
        access.require_governor(actor, governing)
    return meeting


def require_status(meeting: Meeting, *allowed: MeetingStatus) -> None:
    if meeting.status not in allowed:
        wanted = " or ".join(s.value for s in allowed)
        raise Conflict(
            "meeting.wrong_status",
            "meeting {meeting_id} is {status}, not {wanted}",
            field="status",
            meeting_id=meeting.id,
            status=meeting.status,
            wanted=wanted,
        )


def reschedule_meeting(
    uow: UnitOfWork,
    *,
    actor: Actor,
    meeting_id: int,
    starts_at: datetime,
    host_member_id: int | None = None,
) -> None:
    with uow:
        meeting = locked_meeting(uow, actor, meeting_id, governing="reschedule a meeting")
        require_status(meeting, MeetingStatus.SCHEDULED)
        day = uow.calendar.today(starts_at)
        if month_key(day) != meeting.month:
            raise InvalidInput(
                "meeting.stays_in_month",
                "the meeting of {month} stays in its month",
                field="starts_at",
                month=meeting.month,
            )
        if host_member_id is not None:
            meeting.host_member_id = _host(uow.session, meeting.network_id, host_member_id, day).id
        meeting.starts_at = starts_at
        uow.audit(actor, AuditAction.MEETING_RESCHEDULED, meeting)
        uow.commit()


def _move(
    uow: UnitOfWork, actor: Actor, meeting_id: int, target: MeetingStatus, governing: str
) -> Meeting:
    meeting = locked_meeting(uow, actor, meeting_id, governing=governing)
    meeting.move_to(target, now=uow.now())
    return meeting


def open_meeting(uow: UnitOfWork, *, actor: Actor, meeting_id: int) -> None:
    with uow:
        meeting = _move(uow, actor, meeting_id, MeetingStatus.IN_SESSION, "open a meeting")
        uow.audit(actor, AuditAction.MEETING_OPENED, meeting)
        uow.commit()


def cancel_meeting(uow: UnitOfWork, *, actor: Actor, meeting_id: int) -> None:
    """Call a scheduled meeting off; its agenda goes to the next meeting."""
    with uow:
        meeting = _move(uow, actor, meeting_id, MeetingStatus.CANCELLED, "cancel a meeting")
        for item in meeting.agenda:
            item.move_to(AgendaItemStatus.DEFERRED)
        uow.audit(actor, AuditAction.MEETING_CANCELLED, meeting)
        uow.commit()


def record_attendance(
    uow: UnitOfWork, *, actor: Actor, meeting_id: int, entries: list[AttendanceEntry]
) -> None:
    """Who came (by member, with the post of who represented it); later entries replace earlier."""
    with uow:
        meeting = locked_meeting(uow, actor, meeting_id, governing="record attendance")
        require_status(meeting, MeetingStatus.IN_SESSION)
        day = uow.calendar.today(meeting.starts_at)
        current = {m.id for m in members_on(uow.session, meeting.network_id, day)}
        by_member = {a.member_id: a for a in meeting.attendance}
        for entry in entries:
            if entry.member_id not in current:
                raise InvalidInput(
                    "meeting.attendee_not_member",
                    "member {member_id} is not a member",
                    field="attendance",
                    member_id=entry.member_id,
                )
            row = by_member.get(entry.member_id) or Attendance(member_id=entry.member_id)
            row.present, row.representative_title = entry.present, entry.representative_title
            if row.member_id not in by_member:
                meeting.attendance.append(row)
                by_member[row.member_id] = row
        uow.audit(actor, AuditAction.MEETING_ATTENDANCE_RECORDED, meeting)
        uow.commit()


def record_meeting_minutes(uow: UnitOfWork, *, actor: Actor, meeting_id: int, text: str) -> None:
    with uow:
        meeting = locked_meeting(uow, actor, meeting_id, governing="write the minutes")
        require_status(meeting, MeetingStatus.IN_SESSION)
        meeting.minutes = text
        uow.audit(actor, AuditAction.MEETING_MINUTES_RECORDED, meeting)
        uow.commit()
