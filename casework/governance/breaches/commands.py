"""Commands that record governance events."""

import uuid

from sqlalchemy import select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import NotFound
from casework.governance.breaches.model import MemorandumBreach
from casework.referrals.model import Referral
from casework.uow import UnitOfWork


def open_breach_if_attestation_failed(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID
) -> int | None:
    """Open a breach for a referral whose attestation failed; at most one per referral."""
    with uow:
        referral = uow.session.get(Referral, referral_id)
        if referral is None:
            raise NotFound(
                "referral.not_found", "referral {referral_id} not found", referral_id=referral_id
            )
        failed = referral.attestation_failed
        existing = uow.session.scalar(
            select(MemorandumBreach.id).where(MemorandumBreach.referral_id == referral_id)
        )
        if not failed or existing is not None:
            return existing
        breach = MemorandumBreach(
            referral_id=referral.id,
            member_id=referral.institution_id,
            memorandum_id=referral.memorandum_id,
            guarantees_failed=",".join(failed),
            opened_at=uow.now(),
        )
        uow.session.add(breach)
        uow.session.flush()
        uow.audit(actor, AuditAction.MEMORANDUM_BREACH_OPENED, breach)
        uow.commit()
        return breach.id
