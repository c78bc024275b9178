"""Notices to member organisations about governance (a draft to sign, a meeting, a decision,
the monthly report): one per subject and member whatever runs twice, in the app and through
the member's contacts (e-mail, webhook), like the notices about referrals."""

from sqlalchemy import select

from casework.actors import Actor
from casework.notifications.model import Notification
from casework.notifications.notices import Recipient, add_notice, request_delivery_run
from casework.uow import UnitOfWork


def add_member_notices(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    kind: str,
    subject_id: str,
    message: str,
    recipients: list[Recipient],
) -> int:
    """Add the missing notices, and their deliveries, to the caller's open transaction; returns
    how many notices were new. `message` says what happened with ids, dates and names of
    organisations only."""
    session, now = uow.session, uow.now()
    already = set(
        session.scalars(
            select(Notification.recipient_member_id).where(
                Notification.kind == kind, Notification.subject_id == subject_id
            )
        )
    )
    added = queued = 0
    for recipient in recipients:
        if recipient.member_id in already:
            continue
        queued += add_notice(
            uow,
            actor=actor,
            recipient=recipient,
            network_id=network_id,
            kind=kind,
            subject_id=subject_id,
            level=0,
            message=message,
        )
        already.add(recipient.member_id)
        added += 1
    if queued:
        request_delivery_run(uow, at=now)
    return added
