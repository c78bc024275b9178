"""Reads about beneficiaries: consent (which every command touching one relies on), identity
from the vault, proposed matches, and what a case page shows of the person behind the case."""

import uuid
from functools import cache

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.orm import Session

from casework import access
from casework.actors import NGO_ROLES, Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.model import Beneficiary, Consent, ConsentPurpose, MatchProposal
from casework.beneficiaries.views import BeneficiaryDetail, ConsentView, MatchView, PairedCase
from casework.cases.model import Case
from casework.errors import ConsentRequired, NotFound
from casework.privacy.vault import Identity, VaultEntry, unlock_identity
from casework.uow import UnitOfWork


def has_consent(session: Session, beneficiary_id: uuid.UUID, purpose: ConsentPurpose) -> bool:
    params = {"beneficiary_id": beneficiary_id, "purpose": purpose}
    # On the connection, not through the ORM: consents are never added in the same transaction
    # as they are asked about, so there is nothing to flush first.
    return session.connection().execute(_consent_in_force(), params).first() is not None


@cache
def _consent_in_force() -> Select:
    """Built once: every referral issued asks, and building it cost more than running it."""
    return (
        select(Consent.id)
        .where(
            Consent.beneficiary_id == bindparam("beneficiary_id"),
            Consent.purpose == bindparam("purpose"),
            Consent.revoked_at.is_(None),
        )
        .limit(1)
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


def beneficiary_of_case(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> BeneficiaryDetail:
    """The beneficiary behind a case of the actor's NGO: consents, match proposals with the
    other pseudonym's display code and case, and whether an identity is kept (not what it
    says). The read is audited."""
    with uow:
        session = uow.session
        case = access.case_for_ngo(session, case_id, actor)
        beneficiary = session.get_one(Beneficiary, case.beneficiary_id)
        consents = [
            ConsentView(c.id, c.purpose, c.member_id, c.granted_at, c.revoked_at)
            for c in session.scalars(
                select(Consent)
                .where(Consent.beneficiary_id == beneficiary.id)
                .order_by(Consent.id.desc())
            )
        ]
        proposals = session.scalars(
            select(MatchProposal)
            .where(
                or_(
                    MatchProposal.beneficiary_id == beneficiary.id,
                    MatchProposal.candidate_id == beneficiary.id,
                )
            )
            .order_by(MatchProposal.id)
        ).all()
        matches = []
        for p in proposals:
            other_id = p.candidate_id if p.beneficiary_id == beneficiary.id else p.beneficiary_id
            other = session.get_one(Beneficiary, other_id)
            other_case = session.scalar(
                select(Case.id)
                .where(Case.beneficiary_id == other_id)
                .order_by(Case.opened_at.desc())
                .limit(1)
            )
            matches.append(
                PairedCase(p.id, other.display_code, other_case, p.proposed_at, p.decision)
            )
        detail = BeneficiaryDetail(
            id=beneficiary.id,
            display_code=beneficiary.display_code,
            erased=beneficiary.is_erased,
            identity_kept=session.get(VaultEntry, beneficiary.id) is not None,
            consents=consents,
            matches=matches,
        )
        uow.audit(actor, AuditAction.BENEFICIARY_READ, beneficiary)
        uow.commit()
        return detail
