"""Commands on consent: record it per purpose, revoke it. Revoking consent to referral
cancels every open referral of the beneficiary in the same transaction."""

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from casework import access
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.commands.revocation import (
    REVOCATION_FLOW,
    cancel_open_referrals_of_beneficiary,
)
from casework.beneficiaries.model import Beneficiary, Consent, ConsentPurpose
from casework.errors import Conflict, InvalidInput
from casework.network.model import Member
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class ConsentRevoked:
    consents_revoked: int
    referrals_cancelled: int


def _check_member(uow: UnitOfWork, beneficiary: Beneficiary, purpose, member_id) -> None:
    if purpose is ConsentPurpose.REFERRAL and member_id is not None:
        raise InvalidInput(
            "consent.no_member", "consent to referral names no member", field="member_id"
        )
    if purpose is ConsentPurpose.SHARE_WITH_MEMBER:
        ngo = uow.session.get_one(Member, beneficiary.ngo_id)
        member = None if member_id is None else uow.session.get(Member, member_id)
        if member is None or member.network_id != ngo.network_id:
            raise InvalidInput(
                "consent.member_required",
                "name a member of the network to share with",
                field="member_id",
            )


def _active(uow: UnitOfWork, beneficiary_id, purpose, member_id) -> list[Consent]:
    stmt = select(Consent).where(
        Consent.beneficiary_id == beneficiary_id,
        Consent.purpose == purpose,
        Consent.revoked_at.is_(None),
    )
    if member_id is not None:
        stmt = stmt.where(Consent.member_id == member_id)
    return list(uow.session.scalars(stmt.order_by(Consent.id)))


def grant_consent(
    uow: UnitOfWork,
    *,
    actor: Actor,
    beneficiary_id: uuid.UUID,
    purpose: ConsentPurpose,
    member_id: int | None = None,
) -> int:
    """Record the beneficiary's consent for one purpose (to share with a member: naming the
    member). Returns the consent's id; a consent already in force is returned, not doubled."""
    with uow:
        beneficiary = access.living_beneficiary_for_ngo(uow.session, beneficiary_id, actor)
        _check_member(uow, beneficiary, purpose, member_id)
        existing = _active(uow, beneficiary.id, purpose, member_id)
        if existing:
            return existing[0].id
        consent = Consent(
            beneficiary_id=beneficiary.id,
            purpose=purpose,
            member_id=member_id,
            granted_at=uow.now(),
            recorded_by=actor.user_id,
        )
        uow.session.add(consent)
        uow.session.flush()
        uow.audit(actor, AuditAction.CONSENT_GRANTED, consent)
        uow.commit()
        return consent.id


def revoke_consent(
    uow: UnitOfWork,
    *,
    actor: Actor,
    beneficiary_id: uuid.UUID,
    purpose: ConsentPurpose,
    member_id: int | None = None,
) -> ConsentRevoked:
    """Withdraw consent for a purpose (for sharing: with one member, or with all if
    `member_id` is None). Withdrawing consent to referral cancels every open referral of the
    beneficiary now, with reason code `consent_revoked`; the consent-revocation flow then tells
    the institutions. Conflict if no such consent is in force."""
    with uow:
        beneficiary = access.beneficiary_for_ngo(
            uow.session, beneficiary_id, actor, for_update=True
        )
        consents = _active(uow, beneficiary.id, purpose, member_id)
        if not consents:
            raise Conflict(
                "consent.not_in_force",
                "no consent for '{purpose}' is in force",
                field="purpose",
                purpose=purpose.value,
            )
        now = uow.now()
        for consent in consents:
            consent.revoked_at = now
            uow.audit(actor, AuditAction.CONSENT_REVOKED, consent)
        cancelled = 0
        if purpose is ConsentPurpose.REFERRAL:
            cancelled = cancel_open_referrals_of_beneficiary(uow, actor, beneficiary.id)
            uow.enqueue(REVOCATION_FLOW, beneficiary_id=str(beneficiary.id))
        uow.commit()
        return ConsentRevoked(len(consents), cancelled)
