"""The rungs of the ladder: who each level tells, and what the notice says."""

from sqlalchemy.orm import Session

from casework.actors import Role
from casework.calendar import DeadlineUnit, WorkCalendar
from casework.escalation.model import ACCEPT_OVERDUE, AGENDA_LEVEL
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


def lateness_text(calendar: WorkCalendar, referral: Referral, now) -> str:
    assert referral.current_due_at is not None
    amount = calendar.lateness(referral.current_due_at, now, referral.deadline_unit)
    unit = "hour" if referral.deadline_unit is DeadlineUnit.HOURS else "working day"
    if amount == 0:
        return f"less than one {unit} late"
    return f"{amount} {unit}{'s' if amount != 1 else ''} late"


def message(session: Session, calendar: WorkCalendar, referral: Referral, *, level, reason, now):
    """Serial, service, institution, how late and the level: nothing about the person."""
    what = "to accept" if reason == ACCEPT_OVERDUE else "to complete"
    text = (
        f"{describe(session, referral)} is {lateness_text(calendar, referral, now)} {what}. "
        f"Escalation level {level}."
    )
    if level == AGENDA_LEVEL:
        text += " It goes on the agenda of the next network meeting."
    return text
