"""The agenda of the next meeting builds itself from what the network must decide on:
referrals escalated to the meeting level (one item per institution), open memorandum breaches
(one item per institution), members below the network's threshold of commitments kept in the
month before the meeting (one item per member), overdue decisions (one item each) and items
deferred by earlier meetings; members and the coordinator add their own items. Items are then
discussed (with minutes) and decided on, or deferred to the next meeting."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from casework.access import is_governor
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, NotFound
from casework.escalation.model import AGENDA_LEVEL, Escalation
from casework.governance import access
from casework.governance.breaches.model import MemorandumBreach
from casework.governance.meetings.commands.meetings import locked_meeting, require_status
from casework.governance.meetings.commitments import meeting_counts, members_below
from casework.governance.meetings.model import AgendaEscalation, AgendaItem, Meeting
from casework.governance.meetings.queries import overdue_decisions
from casework.governance.meetings.states import AgendaItemKind, AgendaItemStatus, MeetingStatus
from casework.network.model import Member, Network
from casework.referrals.model import Referral
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class AgendaBuilt:
    carried_over: int = 0
    escalations: int = 0
    breaches: int = 0
    commitments: int = 0
    overdue_decisions: int = 0


class _Agenda:
    """Adds items to one meeting's agenda, reusing an item already there for the same subject."""

    def __init__(self, uow: UnitOfWork, actor: Actor, meeting: Meeting) -> None:
        self.uow, self.actor, self.meeting = uow, actor, meeting
        self.next_position = 1 + (
            uow.session.scalar(
                select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
            )
            or 0
        )

    def add(self, kind: AgendaItemKind, **fields) -> AgendaItem:
        item = AgendaItem(
            meeting_id=self.meeting.id,
            position=self.next_position,
            kind=kind,
            status=AgendaItemStatus.PENDING,
            added_at=self.uow.now(),
            **fields,
        )
        self.next_position += 1
        self.uow.session.add(item)
        self.uow.session.flush()
        self.uow.audit(self.actor, AuditAction.AGENDA_ITEM_ADDED, item)
        return item

    def for_institution(self, kind: AgendaItemKind, member_id: int) -> AgendaItem:
        existing = self.uow.session.scalar(
            select(AgendaItem).where(
                AgendaItem.meeting_id == self.meeting.id,
                AgendaItem.kind == kind,
                AgendaItem.subject_member_id == member_id,
            )
        )
        return existing or self.add(kind, subject_member_id=member_id)


def _carry_over(session, agenda: _Agenda) -> int:
    """Items deferred by earlier meetings (or left by a cancelled one) move to this agenda,
    with the escalations and breaches they held."""
    carried = select(AgendaItem.carried_from_id).where(AgendaItem.carried_from_id.is_not(None))
    deferred = session.scalars(
        select(AgendaItem)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            Meeting.network_id == agenda.meeting.network_id,
            Meeting.id != agenda.meeting.id,
            Meeting.status.in_([MeetingStatus.CLOSED, MeetingStatus.CANCELLED]),
            AgendaItem.status == AgendaItemStatus.DEFERRED,
            AgendaItem.id.not_in(carried),
        )
        .order_by(Meeting.starts_at, AgendaItem.position)
    ).all()
    for old in deferred:
        new = agenda.add(
            old.kind,
            title=old.title,
            subject_member_id=old.subject_member_id,
            decision_id=old.decision_id,
            proposed_by_member_id=old.proposed_by_member_id,
            carried_from_id=old.id,
        )
        for link, escalation in session.execute(
            select(AgendaEscalation, Escalation)
            .join(Escalation, Escalation.id == AgendaEscalation.escalation_id)
            .where(AgendaEscalation.agenda_item_id == old.id)
        ):
            link.agenda_item_id = new.id
            escalation.meeting_id = agenda.meeting.id
        for breach in session.scalars(
            select(MemorandumBreach).where(MemorandumBreach.agenda_item_id == old.id)
        ):
            breach.agenda_item_id = new.id
    return len(deferred)


def _escalations(session, agenda: _Agenda) -> int:
    """Level-4 steps no meeting has taken yet (the escalation feature's `meeting_id`)."""
    waiting = session.execute(
        select(Escalation, Referral.institution_id)
        .join(Referral, Referral.id == Escalation.referral_id)
        .where(
            Referral.network_id == agenda.meeting.network_id,
            Escalation.level == AGENDA_LEVEL,
            Escalation.meeting_id.is_(None),
        )
        .order_by(Escalation.escalated_at, Escalation.id)
    ).all()
    for escalation, institution_id in waiting:
        item = agenda.for_institution(AgendaItemKind.ESCALATIONS, institution_id)
        escalation.meeting_id = agenda.meeting.id
        session.add(AgendaEscalation(escalation_id=escalation.id, agenda_item_id=item.id))
    return len(waiting)


def _breaches(session, agenda: _Agenda) -> int:
    waiting = session.scalars(
        select(MemorandumBreach)
        .join(Member, Member.id == MemorandumBreach.member_id)
        .where(
            Member.network_id == agenda.meeting.network_id,
            MemorandumBreach.agenda_item_id.is_(None),
        )
        .order_by(MemorandumBreach.opened_at, MemorandumBreach.id)
    ).all()
    for breach in waiting:
        breach.agenda_item_id = agenda.for_institution(AgendaItemKind.BREACHES, breach.member_id).id
    return len(waiting)


def _commitments(uow: UnitOfWork, agenda: _Agenda) -> int:
    """Members below the threshold in the month before the meeting's, judged on exact counts
    (only shares of at least MIN_FOR_STATISTICS); an item already there is kept, not repeated."""
    session, meeting = uow.session, agenda.meeting
    counts = meeting_counts(session, uow.calendar, meeting, uow.now())
    threshold = session.get_one(Network, meeting.network_id).commitment_threshold_percent
    below = members_below(counts, threshold)
    for member_id in sorted(below):
        agenda.for_institution(AgendaItemKind.COMMITMENTS, member_id)
    return len(below)


def _overdue(session, agenda: _Agenda, today: date) -> int:
    listed = set(
        session.scalars(
            select(AgendaItem.decision_id).where(
                AgendaItem.meeting_id == agenda.meeting.id, AgendaItem.decision_id.is_not(None)
            )
        )
    )
    added = 0
    for decision in overdue_decisions(session, agenda.meeting.network_id, today):
        if decision.id not in listed:
            agenda.add(AgendaItemKind.OVERDUE_DECISION, decision_id=decision.id)
            added += 1
    return added


def build_agenda(uow: UnitOfWork, *, actor: Actor, meeting_id: int) -> AgendaBuilt:
    """Bring the scheduled meeting's agenda up to date; run it as often as you like."""
    with uow:
        meeting = locked_meeting(uow, actor, meeting_id, governing="build an agenda")
        require_status(meeting, MeetingStatus.SCHEDULED)
        agenda = _Agenda(uow, actor, meeting)
        session = uow.session
        built = AgendaBuilt(
            carried_over=_carry_over(session, agenda),
            escalations=_escalations(session, agenda),
            breaches=_breaches(session, agenda),
            commitments=_commitments(uow, agenda),
            overdue_decisions=_overdue(session, agenda, uow.calendar.today(uow.now())),
        )
        uow.audit(actor, AuditAction.MEETING_AGENDA_BUILT, meeting)
        uow.commit()
        return built


def add_agenda_item(
    uow: UnitOfWork,
    *,
    actor: Actor,
    meeting_id: int,
    title: str,
    member_id: int | None = None,
) -> int:
    """A member's representative (for its member) or the coordinator puts an item forward."""
    title = title.strip()
    if not title:
        raise InvalidInput(
            "agenda_item.title_required", "an agenda item needs a title", field="title"
        )
    with uow:
        meeting = locked_meeting(uow, actor, meeting_id)
        require_status(meeting, MeetingStatus.SCHEDULED, MeetingStatus.IN_SESSION)
        proposer = None
        if member_id is not None or not is_governor(actor):
            proposer = access.represented_member(
                uow.session, actor, member_id, network_id=meeting.network_id
            ).id
        item = _Agenda(uow, actor, meeting).add(
            AgendaItemKind.MEMBER_PROPOSAL, title=title, proposed_by_member_id=proposer
        )
        uow.commit()
        return item.id


def _item_in_session(uow: UnitOfWork, actor: Actor, item_id: int, governing: str) -> AgendaItem:
    item = uow.session.get(AgendaItem, item_id)
    if item is None:
        raise NotFound("agenda_item.not_found", "agenda item {item_id} not found", item_id=item_id)
    meeting = locked_meeting(uow, actor, item.meeting_id, governing=governing)
    require_status(meeting, MeetingStatus.IN_SESSION)
    return item


def record_item_minutes(uow: UnitOfWork, *, actor: Actor, agenda_item_id: int, text: str) -> None:
    """Minutes of the discussion of one item; the item then needs a decision before closing."""
    with uow:
        item = _item_in_session(uow, actor, agenda_item_id, "write the minutes")
        if item.status is AgendaItemStatus.DEFERRED:
            raise Conflict(
                "agenda_item.deferred",
                "agenda item {position} was deferred",
                field="status",
                position=item.position,
            )
        item.minutes = text
        item.move_to(AgendaItemStatus.DISCUSSED)
        uow.audit(actor, AuditAction.AGENDA_ITEM_DISCUSSED, item)
        uow.commit()


def defer_item(uow: UnitOfWork, *, actor: Actor, agenda_item_id: int) -> None:
    """Leave an item for the next meeting; an item already decided on cannot be deferred."""
    with uow:
        item = _item_in_session(uow, actor, agenda_item_id, "defer an agenda item")
        if item.decisions:
            raise Conflict(
                "agenda_item.decided",
                "agenda item {position} already has a decision",
                field="status",
                position=item.position,
            )
        item.move_to(AgendaItemStatus.DEFERRED)
        uow.audit(actor, AuditAction.AGENDA_ITEM_DEFERRED, item)
        uow.commit()
