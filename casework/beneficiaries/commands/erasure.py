"""Erasure on request: destroy the beneficiary's vault key and every link back to the person,
keeping only what anonymous counts need (services, dates, statuses, reason codes): free-text
notes go too."""

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update

from casework import access, idempotency
from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.beneficiaries.commands.revocation import (
    REVOCATION_FLOW,
    cancel_open_referrals_of_beneficiary,
)
from casework.beneficiaries.model import Consent, MatchProposal
from casework.beneficiaries.pseudonyms import unused_display_code
from casework.cases.model import Case, Outcome
from casework.cases.states import CaseStatus
from casework.errors import PermissionDenied
from casework.privacy.vault import VaultEntry
from casework.referrals.model import Referral
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class Erased:
    referrals_cancelled: int
    cases_withdrawn: int


def require_eraser(actor: Actor) -> None:
    """Erasure cannot be undone, so a caseworker is told no (revoking consent is theirs);
    pages ask this before offering the confirmation."""
    if not (actor.role is Role.SUPERVISOR or actor.is_system):
        raise PermissionDenied(
            "erasure.supervisor_only", "only a supervisor may erase a beneficiary"
        )


def erase_beneficiary(uow: UnitOfWork, *, actor: Actor, beneficiary_id: uuid.UUID) -> Erased:
    """In one transaction: revoke every consent, cancel open referrals (reason "consent
    revoked"), withdraw open cases, delete the vault record with its wrapped data key
    (crypto-shredding), forget the UIC hash and its counting hash, replace the display code,
    delete match proposals and clear free-text notes and reasons. Idempotent: erasing twice
    changes nothing more.
    Institutions keep their own codes (derived from the beneficiary id, which stays), so that
    to them an erasure looks like any other cancellation."""
    with uow:
        session = uow.session
        # The NGO's staff or an operator; anyone else gets NotFound, as for any beneficiary.
        beneficiary = access.beneficiary_for_ngo(session, beneficiary_id, actor, for_update=True)
        require_eraser(actor)
        if beneficiary.is_erased:
            return Erased(0, 0)
        now = uow.now()
        for consent in session.scalars(
            select(Consent).where(
                Consent.beneficiary_id == beneficiary.id, Consent.revoked_at.is_(None)
            )
        ):
            consent.revoked_at = now
            uow.audit(actor, AuditAction.CONSENT_REVOKED, consent)
        cancelled = cancel_open_referrals_of_beneficiary(uow, actor, beneficiary.id)
        withdrawn = 0
        cases = session.scalars(select(Case).where(Case.beneficiary_id == beneficiary.id)).all()
        for case in cases:
            if not case.is_closed:
                case.move_to(CaseStatus.WITHDRAWN, now=now)
                uow.audit(actor, AuditAction.CASE_CLOSED, case)
                withdrawn += 1
        case_ids = [c.id for c in cases]
        session.execute(update(Outcome).where(Outcome.case_id.in_(case_ids)).values(note=""))
        session.execute(
            update(Referral)
            .where(Referral.case_id.in_(case_ids))
            .values(status_note=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            delete(MatchProposal).where(
                or_(
                    MatchProposal.beneficiary_id == beneficiary.id,
                    MatchProposal.candidate_id == beneficiary.id,
                )
            )
        )
        entry = session.get(VaultEntry, beneficiary.id)
        if entry is not None:
            session.delete(entry)
        idempotency.forget_beneficiary(session, beneficiary.id)  # stored requests and responses
        beneficiary.uic_hmac = None
        beneficiary.counting_hash = None  # an erased person is no longer told apart in counts
        beneficiary.display_code = unused_display_code(session)
        beneficiary.erased_at = now
        uow.audit(actor, AuditAction.BENEFICIARY_ERASED, beneficiary)
        uow.enqueue(REVOCATION_FLOW, beneficiary_id=str(beneficiary.id))
        uow.commit()
        return Erased(cancelled, withdrawn)
