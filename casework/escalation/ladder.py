"""The rungs of the ladder: who each level tells, and what the notice says."""

from sqlalchemy.orm import Session

from casework.actors import Role
from casework.calendar import DeadlineUnit, WorkCalendar
from casework.escalation.model import ACCEPT_OVERDUE, AGENDA_LEVEL
from casework.messages import Message
from casework.notifications.notices import HEAD, Recipient, describe
from casework.referrals.model import Referral

KIND = "referral.escalated"


def recipients(level: int, referral: Referral) -> list[Recipient]:
    """1: the caseworker and the institution's focal point; 2: their supervisor and the
    institution's head; 3: the network coordinator; 4: the coordinator again, because the
    referral is now an item for the next monthly meeting's agenda."""
    match level:
        case 1:
            return [
                Recipient(Role.CASEWORKER.value, referral.ngo_id),
                Recipient(Role.FOCAL_POINT.value, referral.institution_id),
            ]
        case 2:
            return [
                Recipient(Role.SUPERVISOR.value, referral.ngo_id),
                Recipient(HEAD, referral.institution_id),
            ]
        case _:
            return [Recipient(Role.COORDINATOR.value)]


def lateness(calendar: WorkCalendar, referral: Referral, now) -> Message:
    assert referral.current_due_at is not None
    amount = calendar.lateness(referral.current_due_at, now, referral.deadline_unit)
    if referral.deadline_unit is DeadlineUnit.HOURS:
        if amount == 0:
            return Message("lateness.under_an_hour", "less than one hour late")
        if amount == 1:
            return Message("lateness.an_hour", "{amount} hour late", amount=amount)
        return Message("lateness.hours", "{amount} hours late", amount=amount)
    if amount == 0:
        return Message("lateness.under_a_working_day", "less than one working day late")
    if amount == 1:
        return Message("lateness.a_working_day", "{amount} working day late", amount=amount)
    return Message("lateness.working_days", "{amount} working days late", amount=amount)


def message(
    session: Session, calendar: WorkCalendar, referral: Referral, *, level, reason, now
) -> Message:
    """Serial, service, institution, how late and the level: nothing about the person."""
    about = describe(session, referral)
    late = lateness(calendar, referral, now)
    if level == AGENDA_LEVEL and reason == ACCEPT_OVERDUE:
        return Message(
            "notice.escalated_to_agenda_to_accept",
            "Referral {serial} ({service}) to {institution} is {lateness} to accept. "
            "Escalation level {level}. It goes on the agenda of the next network meeting.",
            **about,
            lateness=late,
            level=level,
        )
    if level == AGENDA_LEVEL:
        return Message(
            "notice.escalated_to_agenda_to_complete",
            "Referral {serial} ({service}) to {institution} is {lateness} to complete. "
            "Escalation level {level}. It goes on the agenda of the next network meeting.",
            **about,
            lateness=late,
            level=level,
        )
    if reason == ACCEPT_OVERDUE:
        return Message(
            "notice.escalated_to_accept",
            "Referral {serial} ({service}) to {institution} is {lateness} to accept. "
            "Escalation level {level}.",
            **about,
            lateness=late,
            level=level,
        )
    return Message(
        "notice.escalated_to_complete",
        "Referral {serial} ({service}) to {institution} is {lateness} to complete. "
        "Escalation level {level}.",
        **about,
        lateness=late,
        level=level,
    )
