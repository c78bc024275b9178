"""Reads about beneficiaries: consent (which every command touching one relies on), identity
from the vault, and proposed matches."""

import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from casework import access
from casework.actors import NGO_ROLES, Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.model import Beneficiary, Consent, ConsentPurpose, MatchProposal
from casework.beneficiaries.views import MatchView
from casework.errors import ConsentRequired, NotFound
from casework.privacy.vault import Identity, VaultEntry, unlock_identity
from casework.uow import UnitOfWork


def has_consent(session: Session, beneficiary_id: uuid.UUID, purpose: ConsentPurpose) -> bool:
    return (
        session.scalar(
            select(Consent.id)
            .where(
                Consent.beneficiary_id == beneficiary_id,
                Consent.purpose == purpose,
                Consent.revoked_at.is_(None),
            )
            .limit(1)
        )
        is not None
    )


def require_consent(session: Session, beneficiary_id: uuid.UUID, purpose: ConsentPurpose) -> None:
    if not has_consent(session, beneficiary_id, purpose):
        raise ConsentRequired(purpose.value)


def match_proposals(uow: UnitOfWork, *, actor: Actor, beneficiary_id: uuid.UUID) -> list[MatchView]:
    """Proposals about a beneficiary of the actor's NGO, oldest first; the read is audited."""
    if actor.role not in NGO_ROLES:
        raise NotFound(
            "beneficiary.not_found",
            "beneficiary {beneficiary_id} not found",
            beneficiary_id=beneficiary_id,
        )
    with uow:
        beneficiary = access.beneficiary_for_ngo(uow.session, beneficiary_id, actor)
        rows = uow.session.execute(
            select(MatchProposal, Beneficiary.display_code)
            .join(Beneficiary, Beneficiary.id == MatchProposal.candidate_id)
            .where(
                or_(
                    MatchProposal.beneficiary_id == beneficiary.id,
                    MatchProposal.candidate_id == beneficiary.id,
                )
            )
            .order_by(MatchProposal.id)
        ).all()
        views = [
            MatchView(p.id, p.beneficiary_id, p.candidate_id, code, p.proposed_at, p.decision)
            for p, code in rows
        ]
        uow.audit(actor, AuditAction.BENEFICIARY_MATCHES_READ, beneficiary)
        uow.commit()
        return views


def read_identity(uow: UnitOfWork, *, actor: Actor, beneficiary_id: uuid.UUID) -> Identity:
    """Decrypt what the owning NGO keeps of who the beneficiary is. Anyone else, system
    actors included, gets NotFound; every read writes an audit row."""
    with uow:
        beneficiary = access.beneficiary_for_ngo(uow.session, beneficiary_id, actor)
        entry = uow.session.get(VaultEntry, beneficiary.id)
        if not access.is_ngo_person_of(actor, beneficiary.ngo_id) or entry is None:
            raise NotFound(
                "identity.not_kept",
                "no identity is kept for beneficiary {beneficiary_id}",
                beneficiary_id=beneficiary_id,
            )
        identity = unlock_identity(uow.keys, entry)
        uow.audit(actor, AuditAction.IDENTITY_READ, entry)
        uow.commit()
        return identity
