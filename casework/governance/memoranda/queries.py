"""Read models of the memorandum: where each member stands today (has it signed the valid
version, so does it receive referrals), the open draft, and the history of versions with
their signatories and what changed from one to the next."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casework.actors import Actor
from casework.errors import NotFound
from casework.governance import access
from casework.governance.memoranda.model import DraftStatus, Memorandum, MemorandumDraft
from casework.governance.memoranda.terms import terms_from_json, terms_of
from casework.governance.memoranda.views import (
    DraftAnswerView,
    DraftView,
    MemberStanding,
    Signatory,
    Standing,
    VersionView,
)
from casework.network.model import Member
from casework.uow import UnitOfWork


def _draft_view(session: Session, draft: MemorandumDraft) -> DraftView:
    members = session.scalars(
        select(Member).where(Member.network_id == draft.network_id).order_by(Member.id)
    )
    answered = {a.member_id: a for a in draft.answers}
    rows = [
        DraftAnswerView(m.id, m.name, None, "", "", None)
        if (a := answered.get(m.id)) is None
        else DraftAnswerView(m.id, m.name, a.answer, a.signatory_title, a.reason, a.answered_on)
        for m in members
        if m.id in answered or m.is_governing_member_on(draft.valid_from)
    ]
    return DraftView(
        id=draft.id,
        network_id=draft.network_id,
        status=draft.status,
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
        commitments=[terms_from_json(c) for c in draft.commitments],
        changes=draft.changes,
        memorandum_id=draft.memorandum_id,
        answers=rows,
    )


def get_draft(uow: UnitOfWork, *, actor: Actor, draft_id: int) -> DraftView:
    with uow:
        draft = access.visible(
            uow.session,
            actor,
            uow.session.get(MemorandumDraft, draft_id),
            NotFound(
                "memorandum_draft.not_found",
                "memorandum draft {draft_id} not found",
                draft_id=draft_id,
            ),
            members_only=True,
        )
        return _draft_view(uow.session, draft)


def standing(uow: UnitOfWork, *, actor: Actor, network_id: int | None = None) -> Standing:
    """Today's memorandum and, for every member, whether it receives referrals under it."""
    with uow:
        network = access.member_network(uow.session, actor, network_id)
        today = uow.calendar.today(uow.now())
        valid = memorandum_valid_on(uow.session, network, today)
        signed = {s.member_id for s in valid.signatures} if valid else set()
        members = [
            MemberStanding(
                member_id=m.id,
                name=m.name,
                kind=m.kind,
                joined_on=m.joined_on,
                left_on=m.left_on,
                signed_valid_version=m.id in signed,
                receives_referrals=m.id in signed and m.is_member_on(today),
            )
            for m in uow.session.scalars(
                select(Member).where(Member.network_id == network).order_by(Member.id)
            )
            if m.is_governing_member_on(today)
        ]
        draft = uow.session.scalar(
            select(MemorandumDraft).where(
                MemorandumDraft.network_id == network, MemorandumDraft.status == DraftStatus.OPEN
            )
        )
        return Standing(
            network_id=network,
            today=today,
            version=valid.version if valid else None,
            valid_from=valid.valid_from if valid else None,
            valid_until=valid.valid_until if valid else None,
            days_left=(valid.valid_until - today).days + 1 if valid else None,
            members=members,
            draft=_draft_view(uow.session, draft) if draft else None,
        )


def _commitment_changes(before: Memorandum | None, after: Memorandum) -> list[str]:
    if before is None:
        return []
    old = {t.category: vars(t) for t in terms_of(before)}
    new = {t.category: vars(t) for t in terms_of(after)}
    changes = []
    for category in sorted(old.keys() | new.keys(), key=lambda c: c.value):
        if category not in new:
            changes.append(f"{category.value}: dropped")
        elif category not in old:
            changes.append(f"{category.value}: added")
        else:
            changes.extend(
                f"{category.value}.{field}: {_shown(old[category][field])} -> {_shown(value)}"
                for field, value in new[category].items()
                if value != old[category][field]
            )
    return changes


def _shown(value: object) -> str:
    return str(getattr(value, "value", value))


def history(uow: UnitOfWork, *, actor: Actor, network_id: int | None = None) -> list[VersionView]:
    """Every version, newest first, with its signatories and what changed from the one before."""
    with uow:
        network = access.member_network(uow.session, actor, network_id)
        versions = list(
            uow.session.scalars(
                select(Memorandum)
                .where(Memorandum.network_id == network)
                .order_by(Memorandum.version)
            )
        )
        names = dict(
            uow.session.execute(
                select(Member.id, Member.name).where(Member.network_id == network)
            ).all()
        )
        described = dict(
            uow.session.execute(
                select(MemorandumDraft.memorandum_id, MemorandumDraft.changes).where(
                    MemorandumDraft.network_id == network,
                    MemorandumDraft.memorandum_id.is_not(None),
                )
            ).all()
        )
        views, previous_signers, previous = [], None, None
        for m in versions:
            signers = sorted(s.member_id for s in m.signatures)
            views.append(
                VersionView(
                    id=m.id,
                    version=m.version,
                    signed_on=m.signed_on,
                    valid_from=m.valid_from,
                    valid_until=m.valid_until,
                    signatories=[Signatory(i, names[i]) for i in signers],
                    joined=[]
                    if previous_signers is None
                    else sorted(set(signers) - previous_signers),
                    left=[]
                    if previous_signers is None
                    else sorted(previous_signers - set(signers)),
                    commitment_changes=_commitment_changes(previous, m),
                    changes=described.get(m.id, ""),
                )
            )
            previous_signers, previous = set(signers), m
        return views[::-1]


def latest_memorandum(session: Session, network_id: int) -> Memorandum | None:
    return session.scalar(
        select(Memorandum)
        .where(Memorandum.network_id == network_id)
        .order_by(Memorandum.version.desc())
        .limit(1)
    )


def memorandum_valid_on(session: Session, network_id: int, day: date) -> Memorandum | None:
    return session.scalar(
        select(Memorandum)
        .where(
            Memorandum.network_id == network_id,
            Memorandum.valid_from <= day,
            Memorandum.valid_until >= day,
        )
        .options(selectinload(Memorandum.commitments), selectinload(Memorandum.signatures))
    )


def members_on(session: Session, network_id: int, day: date) -> list[Member]:
    """Members of the network on the day (joined, not yet left), oldest first: those that
    govern it, so never an outside referrer (it signs, hosts, answers for and is told
    nothing of the network's governance)."""
    candidates = session.scalars(
        select(Member)
        .where(Member.network_id == network_id, Member.outside_referrer.is_(False))
        .order_by(Member.id)
    )
    return [m for m in candidates if m.is_member_on(day)]


def founded_on(session: Session, network_id: int) -> date | None:
    """The network's start: the day its first memorandum took effect (None before any)."""
    return session.scalar(
        select(Memorandum.valid_from)
        .where(Memorandum.network_id == network_id)
        .order_by(Memorandum.valid_from)
        .limit(1)
    )
