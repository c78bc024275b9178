"""The demo year's governance: the memorandum's renewal, the monthly meeting (scheduled, its
agenda built, held, decided on and closed), the orders that carry decisions out, and the
monthly report. The steps the flows take on their schedules are taken here on the same days."""

from datetime import date, time, timedelta

from sqlalchemy import select

from casework.demo.year import Year
from casework.governance.meetings.commands.agenda import add_agenda_item, build_agenda
from casework.governance.meetings.commands.decisions import (
    close_meeting,
    record_decision,
    record_institutionalisation,
)
from casework.governance.meetings.commands.meetings import (
    AttendanceEntry,
    open_meeting,
    record_attendance,
    record_meeting_minutes,
    schedule_due_meetings,
)
from casework.governance.meetings.model import AgendaItem, Decision, Meeting, Responsibility
from casework.governance.meetings.states import AgendaItemKind, AgendaItemStatus, Instrument
from casework.governance.memoranda.commands.drafts import answer_draft, draft_due_memoranda
from casework.governance.memoranda.commands.publication import publish_ready_drafts
from casework.governance.memoranda.model import Answer
from casework.governance.memoranda.queries import members_on
from casework.governance.reports.commands import request_report
from casework.governance.reports.periods import month_of

DECIDED = {
    AgendaItemKind.ESCALATIONS: "The institution names a deputy focal point and answers "
    "referrals within the memorandum's deadline.",
    AgendaItemKind.BREACHES: "The institution's head reminds staff in writing that services to "
    "referred beneficiaries are anonymous, voluntary and free of charge.",
    AgendaItemKind.COMMITMENTS: "The institution's head reports next month on how it will "
    "accept and serve referrals within the memorandum's deadlines.",
    AgendaItemKind.OVERDUE_DECISION: "The deadline is extended once; the coordinator follows up.",
    AgendaItemKind.MEMBER_PROPOSAL: "Members agree the proposal and report back next month.",
}
PROPOSALS = (
    "Joint outreach days in the districts",
    "Training focal points on the referral form",
    "Mobile testing in the Kulob district",
    "Housing places for former prisoners",
    "Identity documents for widows of labour migrants",
    "Media coverage of anonymous testing",
)
INSTRUMENTS = (Instrument.ORDER, Instrument.ORDER, Instrument.INSTRUCTION, Instrument.REGULATION)


def plan_day(year: Year, day: date) -> None:
    """Each morning, what the governance flows would find due (memorandum renewal, the month's
    meeting and its agenda); on the 1st, the report of the month before."""
    year.at(year.local(day, time(6, 15)), lambda: renew_memorandum(year, day))
    if day.day == 1:
        year.at(year.local(day, time(6, 30)), lambda: schedule_meeting(year, day))
        if day > year.first_day:
            year.at(year.local(day, time(7)), lambda: ask_for_report(year, day))


def renew_memorandum(year: Year, day: date) -> None:
    """The memorandum-renewal flow's two steps; members sign a new draft over the next days."""
    drafts = draft_due_memoranda(year.uow, actor=year.flow("memorandum-renewal"), day=day)
    for draft_id in drafts:
        if draft_id in year.drafts_seen:  # the flow finds the same draft each day
            continue
        year.drafts_seen.add(draft_id)
        for member in members_on_day(year, day):
            year.later(
                timedelta(days=year.rng.randint(1, 20)),
                lambda d=draft_id, m=member: sign_draft(year, d, m),
            )
    publish_ready_drafts(year.uow, actor=year.flow("memorandum-renewal"), day=day)


def members_on_day(year: Year, day: date):
    with year.uow:
        return members_on(year.uow.session, year.network_id, day)


def sign_draft(year: Year, draft_id: int, member) -> None:
    answer_draft(
        year.uow,
        actor=year.representative(member),
        draft_id=draft_id,
        answer=Answer.SIGNED,
        signatory_title="Director (demo)",
    )


def schedule_meeting(year: Year, day: date) -> None:
    for meeting_id in schedule_due_meetings(year.uow, actor=year.flow("monthly-meeting"), day=day):
        with year.uow:
            starts_at = year.uow.session.get_one(Meeting, meeting_id).starts_at
        # The flow refreshes the agenda every morning; the one before the meeting counts.
        year.at(starts_at - timedelta(hours=4), lambda m=meeting_id: refresh_agenda(year, m))
        year.at(starts_at, lambda m=meeting_id: hold_meeting(year, m))


def refresh_agenda(year: Year, meeting_id: int) -> None:
    build_agenda(year.uow, actor=year.flow("monthly-meeting"), meeting_id=meeting_id)


def hold_meeting(year: Year, meeting_id: int) -> None:
    """Open, record who came, decide on every item (a member's proposal among them), write the
    minutes and close; each responsible member is then due to issue its order."""
    uow, coordinator, rng = year.uow, year.coordinator(), year.rng
    today = uow.calendar.today(year.now())
    open_meeting(uow, actor=coordinator, meeting_id=meeting_id)
    members = members_on_day(year, today)
    record_attendance(
        uow,
        actor=coordinator,
        meeting_id=meeting_id,
        entries=[
            AttendanceEntry(m.id, rng.random() < 0.8, "Representative (demo)") for m in members
        ],
    )
    add_agenda_item(uow, actor=coordinator, meeting_id=meeting_id, title=rng.choice(PROPOSALS))
    with uow:
        items = list(
            uow.session.scalars(
                select(AgendaItem)
                .where(
                    AgendaItem.meeting_id == meeting_id,
                    AgendaItem.status == AgendaItemStatus.PENDING,
                )
                .order_by(AgendaItem.position)
            )
        )
        earlier = {
            i.id: list(
                uow.session.scalars(
                    select(Responsibility.member_id).where(
                        Responsibility.decision_id == i.decision_id
                    )
                )
            )
            for i in items
            if i.decision_id is not None
        }
    for item in items:
        responsible = earlier.get(item.id) or (
            [item.subject_member_id]
            if item.subject_member_id
            else [m.id for m in rng.sample(members, 2)]
        )
        decision_id = record_decision(
            uow,
            actor=coordinator,
            agenda_item_id=item.id,
            text=DECIDED[item.kind],
            due_on=today + timedelta(days=rng.randint(21, 45)),
            responsible_member_ids=responsible,
            supersede=item.kind is AgendaItemKind.OVERDUE_DECISION,
        )
        for member_id in responsible:
            if rng.random() < 0.85:  # the rest are overdue at a later meeting
                year.later(
                    timedelta(days=rng.randint(3, 20)),
                    lambda d=decision_id, m=member_id: institutionalise(year, d, m),
                )
    record_meeting_minutes(
        uow,
        actor=coordinator,
        meeting_id=meeting_id,
        text=f"{len(items)} items discussed, each with a decision (demo minutes).",
    )
    close_meeting(uow, actor=coordinator, meeting_id=meeting_id)
    year.report.count("meetings")
    year.report.count("decisions", len(items))


def institutionalise(year: Year, decision_id: int, member_id: int) -> None:
    """The responsible member's order (or instruction, or regulation), numbered and dated."""
    with year.uow:
        meeting_month = year.uow.session.scalar(
            select(Meeting.month)
            .join(Decision, Decision.meeting_id == Meeting.id)
            .where(Decision.id == decision_id)
        )
        member = next(m for m in year.members if m.id == member_id)
    record_institutionalisation(
        year.uow,
        actor=year.representative(member),
        decision_id=decision_id,
        instrument=year.rng.choice(INSTRUMENTS),
        number=f"{decision_id}/{meeting_month}-{year.rng.randint(1, 99):02d}",
        issued_on=year.uow.calendar.today(year.now()),
    )
    year.report.count("orders")


def ask_for_report(year: Year, day: date) -> None:
    """The coordinator asks for last month's report; its flow's work follows inline."""
    last_month = month_of(day - timedelta(days=1))
    request_report(
        year.uow, actor=year.coordinator(), network_id=year.network_id, period=last_month
    )
    year.report.count("reports")
