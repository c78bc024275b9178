"""What revoking consent does to referrals: cancel the open ones at once, then tell each
institution that its referral was cancelled, with the notice every cancellation gets
(casework.referrals.cancellation), so the institution cannot tell why."""

import uuid

from sqlalchemy import select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.cases.model import Case
from casework.notifications.model import Notification
from casework.referrals.cancellation import CANCELLED_NOTICE, notify_institution_of_cancellation
from casework.referrals.model import Referral
from casework.referrals.reasons import EngineReason
from casework.referrals.states import OPEN_STATUSES, ReferralStatus
from casework.uow import UnitOfWork

CONSENT_REVOKED = EngineReason.CONSENT_REVOKED
REVOCATION_FLOW = "consent-revocation"


def cancel_open_referrals_of_beneficiary(
    uow: UnitOfWork, actor: Actor, beneficiary_id: uuid.UUID
) -> int:
    """Within the caller's transaction: lock the beneficiary's cases, then cancel their open
    referrals. `request_referral` locks the case before it checks consent, so a referral
    requested at the same moment either sees the revocation or is cancelled by it."""
    case_ids = list(
        uow.session.scalars(
            select(Case.id)
            .where(Case.beneficiary_id == beneficiary_id)
            .order_by(Case.id)
            .with_for_update()
        )
    )
    referrals = uow.session.scalars(
        select(Referral)
        .where(Referral.case_id.in_(case_ids), Referral.status.in_(OPEN_STATUSES))
        .order_by(Referral.id)
        .with_for_update()
    ).all()
    for referral in referrals:
        referral.move_to(ReferralStatus.CANCELLED, now=uow.now(), reason=CONSENT_REVOKED)
        uow.audit(actor, AuditAction.REFERRAL_CANCELLED, referral)
    return len(referrals)


def notify_institutions_of_cancellation(
    uow: UnitOfWork, *, actor: Actor, beneficiary_id: uuid.UUID
) -> int:
    """Tell each institution's focal point that a referral of theirs was cancelled, as for any
    cancellation. Idempotent: returns how many notices were new."""
    with uow:
        cancelled = uow.session.scalars(
            select(Referral)
            .join(Case, Case.id == Referral.case_id)
            .where(
                Case.beneficiary_id == beneficiary_id,
                Referral.status == ReferralStatus.CANCELLED,
                Referral.status_reason == CONSENT_REVOKED,
            )
            .order_by(Referral.id)
        ).all()
        noticed = set(
            uow.session.scalars(
                select(Notification.referral_id).where(
                    Notification.kind == CANCELLED_NOTICE,
                    Notification.referral_id.in_([r.id for r in cancelled]),
                )
            )
        )
        new = [r for r in cancelled if r.id not in noticed]
        for referral in new:
            notify_institution_of_cancellation(uow, actor=actor, referral=referral)
        uow.commit()
        return len(new)
