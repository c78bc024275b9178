"""The register of memorandum breaches: the coordinator reads a network's open and resolved
breaches and resolves one with a note of what the network did about it."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from casework.access import is_governor, refused
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, NotFound
from casework.governance.access import require_governor, visible_network
from casework.governance.breaches.model import MemorandumBreach
from casework.network.model import Member
from casework.referrals.model import Referral
from casework.uow import UnitOfWork

NOTE_LENGTH = 1000


@dataclass(frozen=True)
class BreachView:
    """A breach as the register lists it: the form's serial, the institution and what it did
    not attest; nothing about the person served."""

    id: int
    serial: str
    institution: str
    guarantees_failed: tuple[str, ...]
    opened_at: datetime
    resolved_at: datetime | None
    resolution: str | None


def breach_register(
    uow: UnitOfWork, *, actor: Actor, network_id: int | None = None
) -> list[BreachView]:
    """Open breaches first, oldest first; then the resolved ones, latest resolution first."""
    network = visible_network(uow, actor=actor, network_id=network_id)
    require_governor(actor, "read the register of breaches")
    stmt = (
        select(MemorandumBreach, Referral.serial, Member.name)
        .join(Member, Member.id == MemorandumBreach.member_id)
        .join(Referral, Referral.id == MemorandumBreach.referral_id)
        .where(Member.network_id == network)
    )
    with uow:
        rows = [
            BreachView(
                b.id,
                serial,
                institution,
                tuple(b.guarantees_failed.split(",")),
                b.opened_at,
                b.resolved_at,
                b.resolution,
            )
            for b, serial, institution in uow.session.execute(stmt)
        ]
    still_open = sorted((b for b in rows if b.resolved_at is None), key=lambda b: b.opened_at)
    resolved = sorted((b for b in rows if b.resolved_at), key=lambda b: b.resolved_at, reverse=True)  # type: ignore[arg-type, return-value]
    return still_open + resolved


def resolve_breach(uow: UnitOfWork, *, actor: Actor, breach_id: int, note: str) -> None:
    """Close a breach with what the network did about it (a warning, an order, a corrected
    practice). Only governors see breaches: anyone else is told there is no such breach."""
    note = note.strip()
    if not note:
        raise InvalidInput("breach.note_required", "say how the breach was resolved", field="note")
    if len(note) > NOTE_LENGTH:
        raise InvalidInput(
            "breach.note_too_long",
            "a resolution has at most {length} characters",
            field="note",
            length=NOTE_LENGTH,
        )
    with uow:
        breach = uow.session.get(MemorandumBreach, breach_id, with_for_update=True)
        if breach is None or not is_governor(actor):
            missing = NotFound(
                "breach.not_found", "breach {breach_id} not found", breach_id=breach_id
            )
            raise refused(uow.session, actor, breach, missing)
        if breach.resolved_at is not None:
            raise Conflict("breach.already_resolved", "the breach is already resolved")
        breach.resolved_at = uow.now()
        breach.resolved_by = actor.user_id
        breach.resolution = note
        uow.audit(actor, AuditAction.MEMORANDUM_BREACH_RESOLVED, breach)
        uow.commit()
