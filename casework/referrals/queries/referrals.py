"""Read models of referrals; each read of case data is audited in its own transaction."""

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework import access
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.referrals.model import Referral
from casework.referrals.views import ReferralView
from casework.uow import UnitOfWork


def referrals_of_case(session: Session, case_id: uuid.UUID, *, today: date) -> list[ReferralView]:
    stmt = (
        select(Referral)
        .where(Referral.case_id == case_id)
        .order_by(Referral.created_at, Referral.id)
    )
    return [ReferralView.of(r, today=today) for r in session.scalars(stmt)]


def get_referral(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> ReferralView:
    with uow:
        referral = access.referral_for_either_side(uow.session, referral_id, actor)
        uow.audit(actor, AuditAction.REFERRAL_READ, referral)
        uow.commit()
        return ReferralView.of(referral, today=uow.calendar.today(uow.now()))
