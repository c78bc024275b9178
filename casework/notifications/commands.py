"""Commands that address notices to staff, let them mark a notice read, and keep the contacts
where each role receives notices outside the app."""

import uuid

from sqlalchemy import select

from casework.access import refused
from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.languages import DEFAULT_LANGUAGE, Language
from casework.messages import Message
from casework.network.model import Member
from casework.network.queries import existing_network
from casework.notifications.model import Channel, Contact, Notification
from casework.notifications.notices import HEAD, Recipient, address_notice, describe
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
            raise NotFound(
                "referral.not_found", "referral {referral_id} not found", referral_id=referral_id
            )
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
            message=Message(
                "notice.referral_requested",
                "Referral {serial} ({service}) to {institution}: new, awaiting acceptance.",
                **describe(uow.session, referral),
            ),
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
            raise NotFound(
                "notification.not_found",
                "notification {notification_id} not found",
                notification_id=notification_id,
            )
        if notice.read_at is None:
            notice.read_at = uow.now()
            uow.audit(actor, AuditAction.NOTIFICATION_READ, notice)
        uow.commit()


ROLES = frozenset(
    {Role.CASEWORKER.value, Role.SUPERVISOR.value, Role.FOCAL_POINT.value, HEAD}
)  # roles at a member; the coordinator's contacts belong to the network (no member)


EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})


def add_contact(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    role: str,
    channel: Channel,
    address: str,
    member_id: int | None = None,
    language: Language = DEFAULT_LANGUAGE,
) -> int:
    """Send a role's notices to one more address (a role mailbox or a gateway number), worded
    in the language of whoever reads that address."""
    if actor.role not in EDITORS:
        raise PermissionDenied(
            "contact.coordinator_only", "only the network coordinator edits contacts"
        )
    if member_id is None and role != Role.COORDINATOR.value:
        raise InvalidInput(
            "contact.network_level_coordinator_only",
            "only the coordinator is reached at network level",
            field="member_id",
        )
    if member_id is not None and role not in ROLES:
        raise InvalidInput(
            "contact.unknown_role", "role must be one of {roles}", field="role", roles=sorted(ROLES)
        )
    if not address.strip() or (channel is Channel.EMAIL and "@" not in address):
        raise InvalidInput(
            "contact.bad_address", "not an address for this channel", field="address"
        )
    with uow:
        existing_network(uow.session, network_id)
        if member_id is not None:
            member = uow.session.get(Member, member_id)
            if member is None or member.network_id != network_id:
                raise NotFound(
                    "member.not_found",
                    "member {member_id} not found",
                    field="member_id",
                    member_id=member_id,
                )
        duplicate = uow.session.scalar(
            select(Contact.id).where(
                Contact.network_id == network_id,
                Contact.member_id.is_(None)
                if member_id is None
                else Contact.member_id == member_id,
                Contact.role == role,
                Contact.channel == channel,
                Contact.address == address.strip(),
            )
        )
        if duplicate is not None:
            raise Conflict("contact.exists", "this contact already exists", field="address")
        contact = Contact(
            network_id=network_id,
            member_id=member_id,
            role=role,
            channel=channel,
            address=address.strip(),
            language=language,
        )
        uow.session.add(contact)
        uow.session.flush()
        uow.audit(actor, AuditAction.NOTIFICATION_CONTACT_ADDED, contact)
        uow.commit()
        return contact.id


def remove_contact(uow: UnitOfWork, *, actor: Actor, contact_id: int) -> None:
    """Stop sending a role's notices to this address (deliveries already made stay recorded).
    Contacts are the coordinator's to see: anyone else is told there is no such contact."""
    with uow:
        contact = uow.session.get(Contact, contact_id, with_for_update=True)
        if contact is None or actor.role not in EDITORS:
            missing = NotFound(
                "contact.not_found", "contact {contact_id} not found", contact_id=contact_id
            )
            raise refused(uow.session, actor, contact, missing)
        uow.audit(actor, AuditAction.NOTIFICATION_CONTACT_REMOVED, contact)
        uow.session.delete(contact)
        uow.commit()
