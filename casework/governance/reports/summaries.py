"""The governance part of a period's report: its meetings, the decisions members are
following up (with how many responsible members institutionalised each) and the memorandum."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.calendar import WorkCalendar
from casework.governance.meetings.commands.meetings import month_key
from casework.governance.meetings.model import Decision, Meeting
from casework.governance.meetings.queries import decision_status
from casework.governance.meetings.states import DecisionStatus, MeetingStatus
from casework.governance.memoranda.queries import members_on, memorandum_valid_on
from casework.network.model import Member


@dataclass(frozen=True)
class MeetingLine:
    day: str  # ISO date, in the region's time zone
    host: str
    status: str
    agenda_items: int
    decisions: int


@dataclass(frozen=True)
class DecisionLine:
    id: int
    meeting_month: str
    text: str
    due_on: str
    status: str
    responsible: list[str]
    institutionalised: int  # responsible members that recorded their instrument
    of: int


@dataclass(frozen=True)
class MemorandumLine:
    version: int
    valid_from: str
    valid_until: str
    members: int
    signatories: int
    without_signature: list[str]  # members that receive no referrals until they sign


def meeting_lines(
    session: Session, calendar: WorkCalendar, network_id: int, first: date, last: date
) -> list[MeetingLine]:
    """The meetings of the months from `first` to `last` (not cancelled), latest first."""
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.network_id == network_id,
            Meeting.month >= month_key(first),
            Meeting.month <= month_key(last),
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Meeting.month.desc())
    )
    return [
        MeetingLine(
            day=calendar.today(meeting.starts_at).isoformat(),
            host=session.get_one(Member, meeting.host_member_id).name,
            status=meeting.status.value,
            agenda_items=len(meeting.agenda),
            decisions=sum(len(item.decisions) for item in meeting.agenda),
        )
        for meeting in meetings
    ]


def decision_lines(
    session: Session, network_id: int, first: date, as_of: date
) -> list[DecisionLine]:
    """Decisions taken in the months from `first` to `as_of`, and every earlier one still
    being carried out, as they stood on `as_of`."""
    start, key = month_key(first), month_key(as_of)
    superseded = set(
        session.scalars(select(Decision.supersedes_id).where(Decision.supersedes_id.is_not(None)))
    )
    names = dict(session.execute(select(Member.id, Member.name)).all())
    rows = session.execute(
        select(Decision, Meeting.month)
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .where(Meeting.network_id == network_id, Meeting.month <= key)
        .order_by(Decision.due_on, Decision.id)
    ).all()
    lines = []
    for decision, meeting_month in rows:
        status = decision_status(decision, superseded=decision.id in superseded, today=as_of)
        if meeting_month < start and status not in (DecisionStatus.OPEN, DecisionStatus.OVERDUE):
            continue
        lines.append(
            DecisionLine(
                id=decision.id,
                meeting_month=meeting_month,
                text=decision.text,
                due_on=decision.due_on.isoformat(),
                status=status.value,
                responsible=[names[r.member_id] for r in decision.responsibilities],
                institutionalised=sum(r.instrument is not None for r in decision.responsibilities),
                of=len(decision.responsibilities),
            )
        )
    return lines


def memorandum_line(session: Session, network_id: int, as_of: date) -> MemorandumLine | None:
    memorandum = memorandum_valid_on(session, network_id, as_of)
    if memorandum is None:
        return None
    members = members_on(session, network_id, as_of)
    signed = {s.member_id for s in memorandum.signatures}
    return MemorandumLine(
        version=memorandum.version,
        valid_from=memorandum.valid_from.isoformat(),
        valid_until=memorandum.valid_until.isoformat(),
        members=len(members),
        signatories=sum(m.id in signed for m in members),
        without_signature=[m.name for m in members if m.id not in signed],
    )
