"""Publishing a renewed memorandum, and signing a published one late (a member that missed the
renewal or joined since): from the day it signs, routing sends it referrals again."""

from datetime import date

from sqlalchemy import select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import Conflict, NotFound
from casework.governance import access
from casework.governance.days import require_not_after_today
from casework.governance.memoranda.commands.drafts import UNSIGNED, open_draft
from casework.governance.memoranda.commands.versions import Signatory, add_memorandum_version
from casework.governance.memoranda.model import (
    Answer,
    DraftStatus,
    Memorandum,
    MemorandumDraft,
    MemorandumSignature,
)
from casework.governance.memoranda.queries import members_on
from casework.governance.memoranda.terms import terms_from_json
from casework.governance.notices import tell_members
from casework.messages import Message
from casework.uow import UnitOfWork


def publish_draft(uow: UnitOfWork, *, actor: Actor, draft_id: int) -> int:
    """Publish the draft as the next version, signed by the members that signed it off; tell
    every member that did not that it receives no referrals from the day the version starts."""
    with uow:
        draft = open_draft(uow, actor, draft_id, governing="publish a memorandum")
        signed = [a for a in draft.answers if a.answer is Answer.SIGNED]
        if not signed:
            raise Conflict(
                "memorandum_draft.unsigned",
                "no member has signed this draft off yet",
                field="status",
            )
        memorandum = add_memorandum_version(
            uow.session,
            network_id=draft.network_id,
            signed_on=uow.calendar.today(uow.now()),
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
            commitments=[terms_from_json(c) for c in draft.commitments],
            signatures=[Signatory(a.member_id, a.answered_on, a.signatory_title) for a in signed],
        )
        draft.move_to(DraftStatus.PUBLISHED, now=uow.now())
        draft.memorandum_id = memorandum.id
        uow.audit(actor, AuditAction.MEMORANDUM_PUBLISHED, memorandum)
        uow.audit(actor, AuditAction.MEMORANDUM_DRAFT_PUBLISHED, draft)
        signers = {a.member_id for a in signed}
        unsigned = [
            m
            for m in members_on(uow.session, draft.network_id, draft.valid_from)
            if m.id not in signers
        ]
        tell_members(
            uow,
            actor=actor,
            members=unsigned,
            kind=UNSIGNED,
            subject_id=f"memorandum:{memorandum.id}",
            message=Message(
                "notice.memorandum_unsigned",
                "Memorandum version {version} applies from {valid_from}; your organisation has "
                "not signed it and receives no referrals until it does.",
                version=memorandum.version,
                valid_from=draft.valid_from,
            ),
        )
        uow.commit()
        return memorandum.id


def publish_ready_drafts(uow: UnitOfWork, *, actor: Actor, day: date) -> list[int]:
    """Publish each open draft that every member has answered, or whose version starts by
    `day` and that at least one member signed. Returns the new memorandum ids."""
    require_not_after_today(uow, day)
    with uow:
        ready = []
        for draft in uow.session.scalars(
            select(MemorandumDraft)
            .where(MemorandumDraft.status == DraftStatus.OPEN)
            .order_by(MemorandumDraft.id)
        ):
            answered = {a.member_id for a in draft.answers}
            expected = {m.id for m in members_on(uow.session, draft.network_id, draft.valid_from)}
            anyone_signed = any(a.answer is Answer.SIGNED for a in draft.answers)
            if anyone_signed and (expected <= answered or draft.valid_from <= day):
                ready.append(draft.id)
    return [publish_draft(uow, actor=actor, draft_id=draft_id) for draft_id in ready]


def sign_memorandum(
    uow: UnitOfWork,
    *,
    actor: Actor,
    memorandum_id: int,
    member_id: int | None = None,
    signatory_title: str = "",
) -> None:
    """Sign a published version late (a member that missed the renewal, or joined since): from
    today it receives referrals under it again."""
    with uow:
        memorandum = access.visible(
            uow.session,
            actor,
            uow.session.get(Memorandum, memorandum_id),
            NotFound(
                "memorandum.not_found",
                "memorandum {memorandum_id} not found",
                memorandum_id=memorandum_id,
            ),
            members_only=True,
        )
        member = access.represented_member(
            uow.session, actor, member_id, network_id=memorandum.network_id
        )
        today = uow.calendar.today(uow.now())
        if memorandum.valid_until < today:
            raise Conflict(
                "memorandum.lapsed",
                "memorandum version {version} has lapsed",
                field="status",
                version=memorandum.version,
            )
        if not member.is_member_on(max(today, memorandum.valid_from)):
            raise Conflict(
                "memorandum.signer_not_member",
                "member {member_id} is not a member of the network",
                field="member_id",
                member_id=member.id,
            )
        if any(s.member_id == member.id for s in memorandum.signatures):
            raise Conflict(
                "memorandum.already_signed",
                "member {member_id} has already signed this version",
                field="member_id",
                member_id=member.id,
            )
        signature = MemorandumSignature(
            member_id=member.id, signed_on=today, signatory_title=signatory_title
        )
        memorandum.signatures.append(signature)
        uow.session.flush()
        uow.audit(actor, AuditAction.MEMORANDUM_SIGNED, signature)
        uow.commit()
