"""Read models of meetings, their agendas and decisions, for the coordinator and members.
Serials of escalated referrals are shown to governors only. The counts of an item's
escalations and breaches show exactly to those who may see the rows (governors, and the focal
point of the institution the item is about, whose inbox holds them); every other member's
staff see them through the shared suppression (casework/privacy/figures.py). So do the
figures of commitments kept in the month before the meeting, exact to governors only."""

from datetime import date

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from casework.access import is_governor
from casework.actors import Actor, Role
from casework.errors import NotFound
from casework.escalation.model import Escalation
from casework.governance import access
from casework.governance.breaches.model import MemorandumBreach
from casework.governance.meetings.attachments import (
    AttachmentStore,
    attachment_view,
    attachments_of,
)
from casework.governance.meetings.commitments import Shortfall, meeting_commitments
from casework.governance.meetings.model import (
    AgendaEscalation,
    AgendaItem,
    Decision,
    DecisionAttachment,
    Meeting,
    Responsibility,
)
from casework.governance.meetings.states import (
    AgendaItemKind,
    DecisionStatus,
    MeetingStatus,
)
from casework.governance.meetings.views import (
    AgendaItemView,
    AttachmentView,
    AttendanceView,
    DecisionView,
    MeetingDetail,
    MeetingSummary,
    ResponsibilityView,
)
from casework.network.model import Member
from casework.privacy.figures import CountTable, shown_figures
from casework.referrals.model import Referral
from casework.uow import UnitOfWork


class _Names:
    def __init__(self, session: Session) -> None:
        self.session, self.cache = session, {}

    def __call__(self, member_id: int | None) -> str | None:
        if member_id is None:
            return None
        if member_id not in self.cache:
            self.cache[member_id] = self.session.get_one(Member, member_id).name
        return self.cache[member_id]


def decision_view(session: Session, decision: Decision, today: date, names=None) -> DecisionView:
    names = names or _Names(session)
    superseded = session.scalar(select(Decision.id).where(Decision.supersedes_id == decision.id))
    return DecisionView(
        id=decision.id,
        meeting_id=decision.meeting_id,
        agenda_item_id=decision.agenda_item_id,
        text=decision.text,
        due_on=decision.due_on,
        status=decision_status(decision, superseded=superseded is not None, today=today),
        supersedes_id=decision.supersedes_id,
        responsibilities=[
            ResponsibilityView(
                r.member_id,
                names(r.member_id),
                r.instrument,
                r.instrument_number,
                r.instrument_date,
            )
            for r in decision.responsibilities
        ],
        attachments=attachments_of(session, decision.id),
    )


def _sees_item_rows(actor: Actor, item: AgendaItem) -> bool:
    if is_governor(actor):
        return True
    own = actor.organisation_id is not None and actor.organisation_id == item.subject_member_id
    return own and actor.role is Role.FOCAL_POINT


def _item_view(
    session: Session,
    item: AgendaItem,
    *,
    actor: Actor,
    today: date,
    names,
    shortfalls: dict[int, list[Shortfall]],
):
    serials = list(
        session.scalars(
            select(Referral.serial)
            .join(Escalation, Escalation.referral_id == Referral.id)
            .join(AgendaEscalation, AgendaEscalation.escalation_id == Escalation.id)
            .where(AgendaEscalation.agenda_item_id == item.id)
            .order_by(Referral.serial)
        )
    )
    breaches = session.scalars(
        select(MemorandumBreach.id).where(MemorandumBreach.agenda_item_id == item.id)
    ).all()
    counted = {
        "escalated": CountTable.lone(len(serials)),
        "breaches": CountTable.lone(len(breaches)),
    }
    shown = shown_figures(counted, sees_rows=_sees_item_rows(actor, item), listed=serials)
    return AgendaItemView(
        id=item.id,
        position=item.position,
        kind=item.kind,
        status=item.status,
        title=item.title,
        subject_member_id=item.subject_member_id,
        subject_member_name=names(item.subject_member_id),
        decision_id=item.decision_id,
        proposed_by_member_id=item.proposed_by_member_id,
        carried_from_id=item.carried_from_id,
        minutes=item.minutes,
        escalated_referrals=shown.tables["escalated"].total,
        breaches=shown.tables["breaches"].total,
        referral_serials=[s for s in shown.listed if s] if is_governor(actor) else [],
        shortfalls=shortfalls.get(item.subject_member_id or 0, [])
        if item.kind is AgendaItemKind.COMMITMENTS
        else [],
        decisions=[decision_view(session, d, today, names) for d in item.decisions],
    )


def _summary(meeting: Meeting, names) -> MeetingSummary:
    return MeetingSummary(
        meeting.id,
        meeting.network_id,
        meeting.month,
        meeting.starts_at,
        meeting.status,
        meeting.host_member_id,
        names(meeting.host_member_id),
    )


def list_meetings(
    uow: UnitOfWork, *, actor: Actor, network_id: int | None = None
) -> list[MeetingSummary]:
    with uow:
        network = access.member_network(uow.session, actor, network_id)
        names = _Names(uow.session)
        meetings = uow.session.scalars(
            select(Meeting).where(Meeting.network_id == network).order_by(Meeting.starts_at.desc())
        )
        return [_summary(m, names) for m in meetings]


def get_meeting(uow: UnitOfWork, *, actor: Actor, meeting_id: int) -> MeetingDetail:
    with uow:
        meeting = access.visible(
            uow.session,
            actor,
            uow.session.get(Meeting, meeting_id),
            NotFound("meeting.not_found", "meeting {meeting_id} not found", meeting_id=meeting_id),
            members_only=True,
        )
        names = _Names(uow.session)
        today = uow.calendar.today(uow.now())
        summary = _summary(meeting, names)
        commitments, shortfalls = meeting_commitments(
            uow.session, uow.calendar, meeting, now=uow.now(), sees_rows=is_governor(actor)
        )
        return MeetingDetail(
            **vars(summary),
            minutes=meeting.minutes,
            opened_at=meeting.opened_at,
            closed_at=meeting.closed_at,
            attendance=[
                AttendanceView(a.member_id, names(a.member_id), a.present, a.representative_title)
                for a in meeting.attendance
            ],
            agenda=[
                _item_view(
                    uow.session, i, actor=actor, today=today, names=names, shortfalls=shortfalls
                )
                for i in meeting.agenda
            ],
            commitments=commitments,
        )


def list_decisions(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int | None = None,
    status: DecisionStatus | None = None,
    member_id: int | None = None,
) -> list[DecisionView]:
    """The network's decisions, newest first; optionally of one status or one responsible
    member."""
    with uow:
        network = access.member_network(uow.session, actor, network_id)
        today = uow.calendar.today(uow.now())
        names = _Names(uow.session)
        decisions = uow.session.scalars(
            select(Decision)
            .join(Meeting, Meeting.id == Decision.meeting_id)
            .where(Meeting.network_id == network)
            .order_by(Decision.id.desc())
        )
        views = [decision_view(uow.session, d, today, names) for d in decisions]
    return [
        v
        for v in views
        if (status is None or v.status is status)
        and (member_id is None or any(r.member_id == member_id for r in v.responsibilities))
    ]


def visible_decision(session: Session, actor: Actor, decision_id: int) -> tuple[Decision, Meeting]:
    """The decision and the meeting that took it, if the actor may see that meeting's network;
    otherwise NotFound, whether or not the decision exists."""
    missing = NotFound(
        "decision.not_found", "decision {decision_id} not found", decision_id=decision_id
    )
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise missing
    meeting = session.get_one(Meeting, decision.meeting_id)
    access.check_network(session, actor, meeting.network_id, missing, members_only=True)
    return decision, meeting


def get_decision(uow: UnitOfWork, *, actor: Actor, decision_id: int) -> DecisionView:
    with uow:
        decision, _ = visible_decision(uow.session, actor, decision_id)
        return decision_view(uow.session, decision, uow.calendar.today(uow.now()))


def attachment_file(
    uow: UnitOfWork,
    *,
    actor: Actor,
    decision_id: int,
    attachment_id: int,
    store: AttachmentStore,
) -> tuple[AttachmentView, bytes]:
    """An attached file and its bytes, for staff of the decision's network; anything else,
    including an attachment of another decision, is NotFound."""
    with uow:
        visible_decision(uow.session, actor, decision_id)
        row = uow.session.get(DecisionAttachment, attachment_id)
        if row is None or row.decision_id != decision_id:
            raise NotFound(
                "attachment.not_found",
                "attachment {attachment_id} not found",
                attachment_id=attachment_id,
            )
        view = attachment_view(row)
    return view, store.read(view.sha256)


def decision_status(decision: Decision, *, superseded: bool, today: date) -> DecisionStatus:
    if superseded:
        return DecisionStatus.SUPERSEDED
    if decision.is_institutionalised:
        return DecisionStatus.INSTITUTIONALISED
    return DecisionStatus.OVERDUE if decision.due_on < today else DecisionStatus.OPEN


def is_superseded():
    """SQL: some later decision replaced this one."""
    later = aliased(Decision)
    return exists().where(later.supersedes_id == Decision.id)


def overdue_decisions(session: Session, network_id: int, today: date) -> list[Decision]:
    """Decisions of the network's meetings past their due date, with a responsible member that
    has not institutionalised them, and not replaced by a later decision."""
    pending = exists().where(
        and_(Responsibility.decision_id == Decision.id, Responsibility.instrument.is_(None))
    )
    return list(
        session.scalars(
            select(Decision)
            .join(Meeting, Meeting.id == Decision.meeting_id)
            .where(
                Meeting.network_id == network_id,
                Decision.due_on < today,
                pending,
                ~is_superseded(),
            )
            .order_by(Decision.due_on, Decision.id)
        )
    )


def next_scheduled_meeting(uow: UnitOfWork, *, network_id: int) -> int | None:
    with uow:
        return uow.session.scalar(
            select(Meeting.id)
            .where(Meeting.network_id == network_id, Meeting.status == MeetingStatus.SCHEDULED)
            .order_by(Meeting.starts_at)
            .limit(1)
        )
