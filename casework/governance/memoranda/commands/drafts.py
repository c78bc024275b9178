"""The yearly renewal: draft the next version 30 days before the valid one lapses (carrying its
commitments over), collect each member's sign-off or withdrawal, publish. A member that has
not signed the valid version gets no new referrals (routing asks for its signature); it may
still sign late, and receives referrals again from that day."""

from datetime import date, timedelta

from sqlalchemy import select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, NotFound
from casework.governance import access
from casework.governance.days import require_not_after_today
from casework.governance.memoranda.model import (
    Answer,
    DraftAnswer,
    DraftStatus,
    Memorandum,
    MemorandumDraft,
)
from casework.governance.memoranda.queries import latest_memorandum, members_on
from casework.governance.memoranda.terms import CommitmentTerms, terms_of, terms_to_json
from casework.governance.notices import tell_members
from casework.messages import Message
from casework.network.model import Member, Network
from casework.network.queries import existing_network
from casework.uow import UnitOfWork

RENEWAL_NOTICE = timedelta(days=30)
DRAFT_OPENED = "memorandum.draft-opened"
UNSIGNED = "memorandum.unsigned"


def next_period(previous: Memorandum) -> tuple[date, date]:
    """A year from the day after the previous version lapses (29 February becomes the 28th)."""
    start = previous.valid_until + timedelta(days=1)
    try:
        year_later = start.replace(year=start.year + 1)
    except ValueError:
        year_later = start.replace(year=start.year + 1, day=28)
    return start, year_later - timedelta(days=1)


def draft_next_memorandum(uow: UnitOfWork, *, actor: Actor, network_id: int) -> int:
    """Draft the version that follows the network's latest, with the same commitments, and ask
    every member to sign it off. Idempotent: an existing draft for that period is returned."""
    access.require_governor(actor, "draft a memorandum")
    with uow:
        existing_network(uow.session, network_id)
        previous = latest_memorandum(uow.session, network_id)
        if previous is None:
            raise Conflict(
                "memorandum.nothing_to_renew",
                "the network has no memorandum to renew yet",
                field="network_id",
            )
        valid_from, valid_until = next_period(previous)
        existing = uow.session.scalar(
            select(MemorandumDraft.id).where(
                MemorandumDraft.network_id == network_id, MemorandumDraft.valid_from == valid_from
            )
        )
        if existing is not None:
            return existing
        draft = MemorandumDraft(
            network_id=network_id,
            previous_id=previous.id,
            valid_from=valid_from,
            valid_until=valid_until,
            commitments=[terms_to_json(t) for t in terms_of(previous)],
            changes="",
            status=DraftStatus.OPEN,
            drafted_at=uow.now(),
        )
        uow.session.add(draft)
        uow.session.flush()
        uow.audit(actor, AuditAction.MEMORANDUM_DRAFTED, draft)
        tell_members(
            uow,
            actor=actor,
            members=members_on(uow.session, network_id, valid_from),
            kind=DRAFT_OPENED,
            subject_id=f"memorandum-draft:{draft.id}",
            message=Message(
                "notice.memorandum_drafted",
                "The memorandum for {valid_from} to {valid_until} awaits your organisation's "
                "sign-off or withdrawal.",
                valid_from=valid_from,
                valid_until=valid_until,
            ),
        )
        uow.commit()
        return draft.id


def draft_due_memoranda(uow: UnitOfWork, *, actor: Actor, day: date) -> list[int]:
    """Draft the renewal of every network whose latest version lapses within 30 days of `day`."""
    require_not_after_today(uow, day)
    with uow:
        due = [
            network_id
            for network_id in uow.session.scalars(select(Network.id).order_by(Network.id))
            if (latest := latest_memorandum(uow.session, network_id)) is not None
            and latest.valid_until - RENEWAL_NOTICE <= day
        ]
    return [draft_next_memorandum(uow, actor=actor, network_id=n) for n in due]


def open_draft(
    uow: UnitOfWork, actor: Actor, draft_id: int, *, governing: str | None = None
) -> MemorandumDraft:
    """The draft, locked and still open; `governing` says what only a governor may do with it,
    checked once the draft is found in the actor's network (an unknown one, or another
    network's, is NotFound to everyone)."""
    draft = access.visible(
        uow.session,
        actor,
        uow.session.get(MemorandumDraft, draft_id, with_for_update=True),
        NotFound(
            "memorandum_draft.not_found", "memorandum draft {draft_id} not found", draft_id=draft_id
        ),
        members_only=True,
    )
    if governing is not None:
        access.require_governor(actor, governing)
    if draft.status is not DraftStatus.OPEN:
        raise Conflict(
            "memorandum_draft.published",
            "memorandum draft {draft_id} is already published",
            field="status",
            draft_id=draft_id,
        )
    return draft


def amend_draft(
    uow: UnitOfWork,
    *,
    actor: Actor,
    draft_id: int,
    commitments: list[CommitmentTerms],
    changes: str,
) -> None:
    """Change what the next version commits members to, and say what changed; only before the
    first sign-off, since a member signs the text it read."""
    categories = [t.category for t in commitments]
    if not categories or len(set(categories)) != len(categories):
        raise InvalidInput(
            "memorandum_draft.commitment_per_category",
            "one commitment per service category",
            field="commitments",
        )
    with uow:
        draft = open_draft(uow, actor, draft_id, governing="amend a memorandum draft")
        if any(a.answer is Answer.SIGNED for a in draft.answers):
            raise Conflict(
                "memorandum_draft.signed",
                "members have already signed this draft; it can no longer change",
                field="commitments",
            )
        ordered = sorted(commitments, key=lambda t: t.category.value)
        draft.commitments = [terms_to_json(t) for t in ordered]
        draft.changes = changes
        uow.audit(actor, AuditAction.MEMORANDUM_DRAFT_AMENDED, draft)
        uow.commit()


def answer_draft(
    uow: UnitOfWork,
    *,
    actor: Actor,
    draft_id: int,
    answer: Answer,
    member_id: int | None = None,
    signatory_title: str = "",
    reason: str = "",
) -> None:
    """Record a member's sign-off or withdrawal (it may change its answer while the draft is
    open). A withdrawal means leaving the network when the current version lapses."""
    with uow:
        draft = open_draft(uow, actor, draft_id)
        member = access.represented_member(
            uow.session, actor, member_id, network_id=draft.network_id
        )
        withdrew = member.left_on == draft.valid_from
        if answer is Answer.SIGNED and not (member.is_member_on(draft.valid_from) or withdrew):
            raise Conflict(
                "memorandum_draft.not_a_member",
                "member {member_id} is not a member when this version starts",
                field="member_id",
                member_id=member.id,
            )
        today = uow.calendar.today(uow.now())
        existing = draft.answer_of(member.id)
        if existing is None:
            existing = DraftAnswer(member_id=member.id)
            draft.answers.append(existing)
        existing.answer = answer
        existing.signatory_title = signatory_title
        existing.reason = reason
        existing.answered_on = today
        uow.session.flush()
        signed = answer is Answer.SIGNED
        action = AuditAction.MEMORANDUM_SIGNED_OFF if signed else AuditAction.MEMORANDUM_WITHDRAWN
        uow.audit(actor, action, existing)
        if _follow_answer_with_membership(member, draft, answer):
            uow.audit(actor, AuditAction.MEMBER_LEAVING_RECORDED, member)
        uow.commit()


def _follow_answer_with_membership(member: Member, draft: MemorandumDraft, answer: Answer) -> bool:
    """A withdrawal sets the member's leaving date to the new version's start; signing again
    while the draft is open takes that back. Returns whether the leaving date changed."""
    before = member.left_on
    if answer is Answer.WITHDRAWN and (before is None or before > draft.valid_from):
        member.left_on = draft.valid_from
    elif answer is Answer.SIGNED and before == draft.valid_from:
        member.left_on = None
    return member.left_on != before
