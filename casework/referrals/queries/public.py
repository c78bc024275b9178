"""What anyone holding a genuine form may learn online: its referral's status and dates,
nothing about the person (not even the free-text reason of a status)."""

from sqlalchemy import select

from casework.actors import system_actor
from casework.audit_actions import AuditAction
from casework.network.model import Member
from casework.referrals.model import Referral
from casework.referrals.views import PublicReferralStatus
from casework.uow import UnitOfWork

VERIFY_ACTOR = system_actor("verify-page")


def referral_status_by_serial(uow: UnitOfWork, *, serial: str) -> PublicReferralStatus | None:
    """The status behind a form's serial, audited as a verification. Callers check the form's
    signature first, so this answers holders of a genuine form, not someone guessing serials."""
    with uow:
        referral = uow.session.scalar(select(Referral).where(Referral.serial == serial))
        if referral is None or referral.requested_at is None or referral.valid_until is None:
            return None
        institution = uow.session.get_one(Member, referral.institution_id)
        uow.audit(VERIFY_ACTOR, AuditAction.REFERRAL_FORM_VERIFIED, referral)
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
