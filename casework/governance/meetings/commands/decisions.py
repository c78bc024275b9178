"""Decisions: recorded on the agenda item they settle, each with responsible members and a due
date; followed until every responsible member records the order, instruction or regulation
that wrote it into its own rules. A meeting closes only with a decision for every item it
discussed; overdue decisions return to the next agenda by themselves (see agenda.py)."""

from datetime import date

from sqlalchemy import select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, NotFound
from casework.governance import access
from casework.governance.meetings.commands.meetings import (
    DECISION_ASSIGNED,
    UndecidedAgenda,
    locked_meeting,
    require_status,
)
from casework.governance.meetings.model import AgendaItem, Decision, Responsibility
from casework.governance.meetings.queries import visible_decision
from casework.governance.meetings.states import (
    AgendaItemKind,
    AgendaItemStatus,
    Instrument,
    MeetingStatus,
)
from casework.governance.memoranda.queries import members_on
from casework.governance.notices import tell_members
from casework.messages import Message
from casework.network.model import Member
from casework.uow import UnitOfWork


def record_decision(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agenda_item_id: int,
    text: str,
    due_on: date,
    responsible_member_ids: list[int],
    supersede: bool = False,
) -> int:
    """Record what the meeting decided on an item (which counts as discussing it). On an
    overdue-decision item, `supersede` replaces the old decision with this one."""
    if not text.strip():
        raise InvalidInput(
            "decision.text_required", "a decision says what was decided", field="text"
        )
    if not responsible_member_ids:
        raise InvalidInput(
            "decision.responsible_required",
            "a decision has at least one responsible member",
            field="responsible",
        )
    with uow:
        item = uow.session.get(AgendaItem, agenda_item_id)
        if item is None:
            raise NotFound(
                "agenda_item.not_found", "agenda item {item_id} not found", item_id=agenda_item_id
            )
        meeting = locked_meeting(uow, actor, item.meeting_id, governing="record a decision")
        require_status(meeting, MeetingStatus.IN_SESSION)
        if item.status is AgendaItemStatus.DEFERRED:
            raise Conflict(
                "agenda_item.deferred",
                "agenda item {position} was deferred",
                field="agenda_item_id",
                position=item.position,
            )
        day = uow.calendar.today(uow.now())
        if due_on < day:
            raise InvalidInput(
                "decision.due_in_past", "a decision cannot be due in the past", field="due_on"
            )
        current = {m.id for m in members_on(uow.session, meeting.network_id, day)}
        strangers = sorted(set(responsible_member_ids) - current)
        if strangers:
            raise InvalidInput(
                "decision.responsible_not_members",
                "members {member_ids} are not members",
                field="responsible",
                member_ids=strangers,
            )
        supersedes_id = None
        if supersede:
            if item.kind is not AgendaItemKind.OVERDUE_DECISION:
                raise InvalidInput(
                    "decision.replace_overdue_only",
                    "only an overdue decision can be replaced",
                    field="supersede",
                )
            if uow.session.scalar(
                select(Decision.id).where(Decision.supersedes_id == item.decision_id)
            ):
                raise Conflict(
                    "decision.already_replaced",
                    "decision {decision_id} was already replaced",
                    field="supersede",
                    decision_id=item.decision_id,
                )
            supersedes_id = item.decision_id
        decision = Decision(
            meeting_id=meeting.id,
            agenda_item_id=item.id,
            text=text.strip(),
            due_on=due_on,
            recorded_at=uow.now(),
            supersedes_id=supersedes_id,
            responsibilities=[
                Responsibility(member_id=m) for m in dict.fromkeys(responsible_member_ids)
            ],
        )
        uow.session.add(decision)
        item.move_to(AgendaItemStatus.DISCUSSED)
        uow.session.flush()
        uow.audit(actor, AuditAction.DECISION_RECORDED, decision)
        uow.commit()
        return decision.id


def close_meeting(uow: UnitOfWork, *, actor: Actor, meeting_id: int) -> None:
    """Close the meeting. Refused (UndecidedAgenda, 409) while an item is neither discussed nor
    deferred, an item it discussed has no decision, or it decided nothing at all; refused too
    before attendance is recorded. Each responsible member is then told of its decisions."""
    with uow:
        meeting = locked_meeting(uow, actor, meeting_id, governing="close a meeting")
        require_status(meeting, MeetingStatus.IN_SESSION)
        items = meeting.agenda
        pending = [i.position for i in items if i.status is AgendaItemStatus.PENDING]
        if pending:
            raise UndecidedAgenda(
                "meeting.items_pending",
                "agenda items {positions} were neither discussed nor deferred",
                positions=pending,
            )
        undecided = [
            i.position for i in items if i.status is AgendaItemStatus.DISCUSSED and not i.decisions
        ]
        if undecided:
            raise UndecidedAgenda(
                "meeting.items_undecided",
                "agenda items {positions} were discussed without a recorded decision",
                positions=undecided,
            )
        decisions = [d for i in items for d in i.decisions]
        if not decisions:
            raise UndecidedAgenda(
                "meeting.no_decision",
                "a meeting ends with at least one recorded decision",
                positions=[],
            )
        if not any(a.present for a in meeting.attendance):
            raise Conflict(
                "meeting.attendance_missing",
                "record who attended before closing the meeting",
                field="attendance",
            )
        meeting.move_to(MeetingStatus.CLOSED, now=uow.now())
        uow.audit(actor, AuditAction.MEETING_CLOSED, meeting)
        for decision in decisions:
            members = [uow.session.get_one(Member, r.member_id) for r in decision.responsibilities]
            tell_members(
                uow,
                actor=actor,
                members=members,
                kind=DECISION_ASSIGNED,
                subject_id=f"decision:{decision.id}",
                message=Message(
                    "notice.decision_assigned",
                    "Decision {decision_id} of the {month} meeting is due on {due_on}: record "
                    "the order or instruction that carries it out.",
                    decision_id=decision.id,
                    month=meeting.month,
                    due_on=decision.due_on,
                ),
            )
        uow.commit()


def answered_responsibility(
    uow: UnitOfWork, actor: Actor, decision_id: int, member_id: int | None
) -> Responsibility:
    """The responsibility (locked) of the member the actor answers for (its representative,
    or a governor naming it) for a decision of a network the actor sees. A member that is not
    responsible for the decision gets NotFound, like a decision it may not see."""
    _, meeting = visible_decision(uow.session, actor, decision_id)
    member = access.represented_member(uow.session, actor, member_id, network_id=meeting.network_id)
    responsibility = uow.session.scalar(
        select(Responsibility)
        .where(Responsibility.decision_id == decision_id, Responsibility.member_id == member.id)
        .with_for_update()
    )
    if responsibility is None:
        raise NotFound(
            "decision.not_responsible",
            "member {member_id} is not responsible for decision {decision_id}",
            member_id=member.id,
            decision_id=decision_id,
        )
    return responsibility


def record_institutionalisation(
    uow: UnitOfWork,
    *,
    actor: Actor,
    decision_id: int,
    instrument: Instrument,
    number: str,
    issued_on: date,
    member_id: int | None = None,
) -> None:
    """A responsible member records the order, instruction or regulation (number and date)
    that wrote the decision into its own rules; its representative does, or the coordinator
    on its behalf. A member that is not responsible for the decision gets NotFound."""
    number = number.strip()
    if not number:
        raise InvalidInput(
            "decision.instrument_number_required",
            "the instrument's number is required",
            field="number",
        )
    with uow:
        responsibility = answered_responsibility(uow, actor, decision_id, member_id)
        if issued_on > uow.calendar.today(uow.now()):
            raise InvalidInput(
                "decision.instrument_in_future",
                "the instrument cannot be dated in the future",
                field="issued_on",
            )
        if responsibility.instrument is not None:
            raise Conflict(
                "decision.instrument_recorded",
                "member {member_id} already recorded {instrument} {instrument_number}",
                field="instrument",
                member_id=responsibility.member_id,
                instrument=responsibility.instrument,
                instrument_number=responsibility.instrument_number,
            )
        responsibility.instrument = instrument
        responsibility.instrument_number = number
        responsibility.instrument_date = issued_on
        responsibility.recorded_at = uow.now()
        uow.audit(actor, AuditAction.DECISION_INSTITUTIONALISED, responsibility)
        uow.commit()
