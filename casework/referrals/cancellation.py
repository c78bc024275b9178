"""What an institution is told when a referral addressed to it is cancelled. Whatever the cause
(the NGO cancels it, its case closes, consent is revoked, the beneficiary is erased), the
institution gets the same notice: one message key, the referral's serial, service and
institution, and no reason, so that a cancellation says nothing about the person."""

from casework.actors import Actor, Role
from casework.messages import Message
from casework.notifications.notices import Recipient, address_notice, describe
from casework.referrals.model import Referral
from casework.uow import UnitOfWork

CANCELLED_NOTICE = "referral.cancelled"


def notify_institution_of_cancellation(
    uow: UnitOfWork, *, actor: Actor, referral: Referral
) -> None:
    """Within the caller's transaction: the notice to the focal point of the referral's
    institution, and its deliveries. A referral never issued (no serial) never reached the
    institution, so there is nothing to tell it."""
    if referral.serial is None:
        return
    address_notice(
        uow,
        actor=actor,
        referral=referral,
        kind=CANCELLED_NOTICE,
        level=0,
        message=Message(
            "notice.referral_cancelled",
            "Referral {serial} ({service}) to {institution}: cancelled.",
            **describe(uow.session, referral),
        ),
        recipients=[Recipient(Role.FOCAL_POINT.value, referral.institution_id)],
    )
