"""What the bell shows each member of staff, the network's contacts, and what the coordinator
sees of failed deliveries."""

from sqlalchemy import and_, false, func, or_, select

from casework import outbox
from casework.actors import Actor, Role
from casework.errors import PermissionDenied
from casework.notifications.model import Contact, Delivery, DeliveryStatus, Notification
from casework.notifications.views import ContactView, DeliveryProblem, NoticeView
from casework.uow import UnitOfWork

WATCHERS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})


def visible_to(actor: Actor):
    """Notices addressed to the actor's role at the actor's organisation; the coordinator's
    are addressed to the network (no member)."""
    if actor.role is Role.COORDINATOR:
        return and_(
            Notification.recipient_role == actor.role.value,
            Notification.recipient_member_id.is_(None),
        )
    if actor.organisation_id is None:
        return false()
    return and_(
        Notification.recipient_role == actor.role.value,
        Notification.recipient_member_id == actor.organisation_id,
    )


def inbox(
    uow: UnitOfWork, *, actor: Actor, unread_only: bool = False, limit: int = 50
) -> list[NoticeView]:
    """The actor's notices, newest first."""
    stmt = (
        select(Notification)
        .where(visible_to(actor))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    with uow:
        return [
            NoticeView(
                n.id,
                n.kind,
                n.level,
                n.message,
                n.created_at,
                n.read_at,
                n.message_key,
                n.message_params,
            )
            for n in uow.session.scalars(stmt)
        ]


def unread_count(uow: UnitOfWork, *, actor: Actor) -> int:
    """The number on the bell."""
    with uow:
        return uow.session.scalar(
            select(func.count(Notification.id)).where(
                visible_to(actor), Notification.read_at.is_(None)
            )
        )


def delivery_problems(uow: UnitOfWork, *, actor: Actor, limit: int = 200) -> list[DeliveryProblem]:
    """Deliveries that failed for good or are being retried, newest first: the coordinator
    sees that a notice did not go out, and why (the error names the channel, never a person)."""
    if actor.role not in WATCHERS:
        raise PermissionDenied(
            "notification.failures_coordinator_only",
            "only the network coordinator sees delivery failures",
        )
    failing = or_(
        Delivery.status == DeliveryStatus.FAILED,
        and_(Delivery.status == DeliveryStatus.PENDING, Delivery.attempts > 0),
    )
    stmt = (
        select(Delivery, Notification.kind)
        .join(Notification, Notification.id == Delivery.notification_id)
        .where(failing)
        .order_by(Delivery.id.desc())
        .limit(limit)
    )
    with uow:
        return [
            DeliveryProblem(
                id=d.id,
                notification_id=d.notification_id,
                kind=kind,
                channel=d.channel,
                address=d.address,
                status=d.status,
                attempts=d.attempts,
                last_error=d.last_error,
                next_attempt_at=d.next_attempt_at if d.status is DeliveryStatus.PENDING else None,
            )
            for d, kind in uow.session.execute(stmt)
        ]


def contacts(uow: UnitOfWork, *, network_id: int) -> list[ContactView]:
    with uow:
        return [
            ContactView(c.id, c.member_id, c.role, c.channel, c.address, c.language)
            for c in uow.session.scalars(
                select(Contact).where(Contact.network_id == network_id).order_by(Contact.id)
            )
        ]


def dispatch_backlog(uow: UnitOfWork, *, actor: Actor) -> outbox.Backlog:
    """The flows waiting to start and how long the oldest has waited: shown to the
    coordinator beside the deliveries, since a stalled dispatcher stalls those too."""
    if actor.role not in WATCHERS:
        raise PermissionDenied(
            "notification.failures_coordinator_only",
            "only the network coordinator sees delivery failures",
        )
    with uow:
        return outbox.backlog(uow.session, now=uow.now())


def network_contacts(uow: UnitOfWork, *, actor: Actor, network_id: int) -> list[ContactView]:
    """The network's contacts, for the coordinator who edits them."""
    if actor.role not in WATCHERS:
        raise PermissionDenied(
            "contact.coordinator_only", "only the network coordinator edits contacts"
        )
    return contacts(uow, network_id=network_id)
