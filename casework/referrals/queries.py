"""Read models of referrals; each read of case data is audited in its own transaction."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework import access
from casework.actors import Actor
from casework.network.services import ServiceCode
from casework.referrals.model import Referral
from casework.referrals.states import ReferralStatus, Urgency
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class ReferralView:
    id: uuid.UUID
    case_id: uuid.UUID
    serial: str | None
    service: ServiceCode
    urgency: Urgency
    status: ReferralStatus
    status_reason: str | None
    ngo_id: int
    institution_id: int
    requested_at: datetime | None
    valid_until: date | None
    accept_due_at: datetime | None
    complete_due_at: datetime | None
    accepted_at: datetime | None
    completed_at: datetime | None
    escalation_level: int

    @classmethod
    def of(cls, r: Referral) -> "ReferralView":
        return cls(
            id=r.id,
            case_id=r.case_id,
            serial=r.serial,
            service=r.service,
            urgency=r.urgency,
            status=r.status,
            status_reason=r.status_reason,
            ngo_id=r.ngo_id,
            institution_id=r.institution_id,
            requested_at=r.requested_at,
            valid_until=r.valid_until,
            accept_due_at=r.accept_due_at,
            complete_due_at=r.complete_due_at,
            accepted_at=r.accepted_at,
            completed_at=r.completed_at,
            escalation_level=r.escalation_level,
        )


def referrals_of_case(session: Session, case_id: uuid.UUID) -> list[ReferralView]:
    stmt = (
        select(Referral)
        .where(Referral.case_id == case_id)
        .order_by(Referral.created_at, Referral.id)
    )
    return [ReferralView.of(r) for r in session.scalars(stmt)]


def get_referral(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> ReferralView:
    with uow:
        referral = access.referral_for_either_side(uow.session, referral_id, actor)
        uow.audit(actor, "referral.read", referral)
        uow.commit()
        return ReferralView.of(referral)
