"""Commands that address notices to staff, and let them mark a notice read."""

import uuid

from sqlalchemy import select

from casework.actors import Actor, Role
from casework.errors import NotFound
from casework.notifications.model import Notification
from casework.notifications.notices import Recipient, address_notice, describe
from casework.notifications.queries import visible_to
from casework.referrals.model import Referral
from casework.uow import UnitOfWork

REQUESTED = "referral.requested"


def notify_institution_of_referral(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID
) -> bool:
    """Tell the institution's focal point a referral awaits them. Idempotent."""
    with uow:
        referral = uow.session.get(Referral, referral_id)
        if referral is None:
            raise NotFound(f"referral {referral_id} not found")
        exists = uow.session.scalar(
            select(Notification.id).where(
                Notification.kind == REQUESTED,
                Notification.referral_id == referral.id,
                Notification.recipient_member_id == referral.institution_id,
            )
        )
        if exists is not None:
            return False
        address_notice(
            uow,
            actor=actor,
            referral=referral,
            kind=REQUESTED,
            level=0,
            message=f"{describe(uow.session, referral)}: new, awaiting acceptance.",
            recipients=[Recipient(Role.FOCAL_POINT.value, referral.institution_id)],
        )
        uow.commit()
        return True


def mark_read(uow: UnitOfWork, *, actor: Actor, notification_id: int) -> None:
    """Clear a notice from the actor's bell; a notice addressed to someone else is NotFound."""
    with uow:
        notice = uow.session.scalar(
            select(Notification).where(Notification.id == notification_id, visible_to(actor))
        )
        if notice is None:
            raise NotFound(f"notification {notification_id} not found")
        if notice.read_at is None:
            notice.read_at = uow.now()
            uow.audit(actor, "notification.read", notice)
        uow.commit()
