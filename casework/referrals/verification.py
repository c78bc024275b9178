"""What anyone holding a genuine form may learn online: its referral's status and dates,
nothing about the person (not even the free-text reason of a status)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from casework.actors import system_actor
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.referrals.model import Referral
from casework.referrals.states import ReferralStatus
from casework.uow import UnitOfWork

VERIFY_ACTOR = system_actor("verify-page")


@dataclass(frozen=True)
class PublicReferralStatus:
    serial: str
    status: ReferralStatus
    service: ServiceCode
    ngo_id: int
    institution_id: int
    institution_name: str
    issued_on: date
    valid_until: date


def referral_status_by_serial(uow: UnitOfWork, *, serial: str) -> PublicReferralStatus | None:
    """The status behind a form's serial, audited as a verification. Callers check the form's
    signature first, so this answers holders of a genuine form, not someone guessing serials."""
    with uow:
        referral = uow.session.scalar(select(Referral).where(Referral.serial == serial))
        if referral is None or referral.requested_at is None or referral.valid_until is None:
            return None
        institution = uow.session.get_one(Member, referral.institution_id)
        uow.audit(VERIFY_ACTOR, "referral.form-verified", referral)
        uow.commit()
        return PublicReferralStatus(
            serial=serial,
            status=referral.status,
            service=referral.service,
            ngo_id=referral.ngo_id,
            institution_id=referral.institution_id,
            institution_name=institution.name,
            issued_on=uow.calendar.today(referral.requested_at),
            valid_until=referral.valid_until,
        )
