"""Addressing notices: one per recipient role, one delivery per contact address, and a run of
the delivery flow to send them after the state change has committed. Notices to member
organisations about governance are one per subject and member, however often a flow runs."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework import outbox
from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.languages import DEFAULT_LANGUAGE, Language
from casework.messages import Message
from casework.network.model import FocalPoint, Member
from casework.notifications.model import Channel, Contact, Delivery, DeliveryStatus, Notification
from casework.referrals.model import Referral
from casework.uow import UnitOfWork

DELIVERY_FLOW = "deliver-notifications"
HEAD = "head"  # the head of a member institution: reached by contacts, has no account role


@dataclass(frozen=True)
class Recipient:
    """A role at a member organisation, or at the network itself when `member_id` is None."""

    role: str
    member_id: int | None = None


def describe(session: Session, referral: Referral) -> dict[str, object]:
    """What a notice may say about a referral: its serial, service and institution, the values
    of a message's "Referral {serial} ({service}) to {institution}"."""
    institution = session.get_one(Member, referral.institution_id)
    return {
        "serial": referral.serial,
        "service": referral.service,
        "institution": institution.name,
    }


Address = tuple[Channel, str, Language]  # where, and in which language, a notice is sent


def contact_addresses(session: Session, *, network_id: int, recipient: Recipient) -> list[Address]:
    """Where a recipient is reached outside the app: the network's contacts for that role, in
    each contact's language, and for a focal point the email the member registered (in the
    region's language: it belongs to no account). Remembered for the rest of the
    transaction, since a sweep's batch addresses the same few roles again and again."""
    cache = session.info.setdefault("contact_addresses", {})
    key = (network_id, recipient)
    if key not in cache:
        cache[key] = _look_up_addresses(session, network_id=network_id, recipient=recipient)
    return cache[key]


def _look_up_addresses(session: Session, *, network_id: int, recipient: Recipient) -> list[Address]:
    member_clause = (
        Contact.member_id.is_(None)
        if recipient.member_id is None
        else Contact.member_id == recipient.member_id
    )
    found = [
        (c.channel, c.address, c.language)
        for c in session.scalars(
            select(Contact)
            .where(Contact.network_id == network_id, Contact.role == recipient.role, member_clause)
            .order_by(Contact.id)
        )
    ]
    if recipient.role == Role.FOCAL_POINT.value and recipient.member_id is not None:
        found += [
            (Channel.EMAIL, email, DEFAULT_LANGUAGE)
            for email in session.scalars(
                select(FocalPoint.email).where(
                    FocalPoint.member_id == recipient.member_id, FocalPoint.email.is_not(None)
                )
            )
        ]
    first: dict[tuple[Channel, str], Address] = {}
    for address in found:  # a contact's own language wins over the focal point's default
        first.setdefault(address[:2], address)
    return list(first.values())


def address_notice(
    uow: UnitOfWork,
    *,
    actor: Actor,
    referral: Referral,
    kind: str,
    level: int,
    message: Message,
    recipients: list[Recipient],
) -> int:
    """Within the caller's transaction, notify each recipient of an event about a referral
    and queue its deliveries. Returns how many deliveries were queued."""
    queued = sum(
        add_notice(
            uow,
            actor=actor,
            recipient=recipient,
            network_id=referral.network_id,
            kind=kind,
            referral_id=referral.id,
            level=level,
            message=message,
        )
        for recipient in recipients
    )
    if queued:
        request_delivery_run(uow, at=uow.now())
    return queued


def add_notice(
    uow: UnitOfWork,
    *,
    actor: Actor,
    recipient: Recipient,
    network_id: int,
    message: Message,
    **about: object,
) -> int:
    """Within the caller's transaction: one audited notice for one recipient, `about` naming
    its kind and subject, with a delivery queued per contact address; returns how many
    deliveries were queued (the caller requests the delivery run once for all)."""
    notice = Notification(
        recipient_member_id=recipient.member_id,
        recipient_role=recipient.role,
        created_at=uow.now(),
        message=str(message),
        message_key=message.key,
        message_params=message.stored()["params"],
        **about,
    )
    uow.session.add(notice)
    uow.session.flush()
    uow.audit(actor, AuditAction.NOTIFICATION_CREATED, notice)
    return queue_deliveries(
        uow.session, notice, network_id=network_id, recipient=recipient, now=uow.now()
    )


def queue_deliveries(
    session: Session, notice: Notification, *, network_id: int, recipient: Recipient, now: datetime
) -> int:
    """One pending delivery of the notice per contact address of its recipient."""
    addresses = contact_addresses(session, network_id=network_id, recipient=recipient)
    for channel, address, language in addresses:
        session.add(
            Delivery(
                notification_id=notice.id,
                channel=channel,
                address=address,
                language=language,
                status=DeliveryStatus.PENDING,
                attempts=0,
                created_at=now,
                next_attempt_at=now,
            )
        )
    return len(addresses)


def request_delivery_run(uow: UnitOfWork, *, at: datetime) -> None:
    """Make sure the delivery flow runs at `at`; deliveries due at the same moment (one
    sweep's batch, one round of retries) share one outbox row."""
    if not outbox.is_waiting(uow.session, flow=DELIVERY_FLOW, at=at):
        uow.enqueue(DELIVERY_FLOW, available_at=at)


def add_member_notices(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    kind: str,
    subject_id: str,
    message: Message,
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
