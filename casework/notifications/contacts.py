"""Commands and queries on contacts: where each role receives notices outside the app."""

from dataclasses import dataclass

from sqlalchemy import select

from casework.actors import Actor, Role
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.network.model import Member, Network
from casework.notifications.model import Channel, Contact
from casework.notifications.notices import HEAD
from casework.uow import UnitOfWork

ROLES = frozenset(
    {Role.CASEWORKER.value, Role.SUPERVISOR.value, Role.FOCAL_POINT.value, HEAD}
)  # roles at a member; the coordinator's contacts belong to the network (no member)
EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})


@dataclass(frozen=True)
class ContactView:
    id: int
    member_id: int | None
    role: str
    channel: Channel
    address: str


def add_contact(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    role: str,
    channel: Channel,
    address: str,
    member_id: int | None = None,
) -> int:
    """Send a role's notices to one more address (a role mailbox or a gateway number)."""
    if actor.role not in EDITORS:
        raise PermissionDenied("only the network coordinator edits contacts")
    if member_id is None and role != Role.COORDINATOR.value:
        raise InvalidInput("only the coordinator is reached at network level", field="member_id")
    if member_id is not None and role not in ROLES:
        raise InvalidInput(f"role must be one of {sorted(ROLES)}", field="role")
    if not address.strip() or (channel is Channel.EMAIL and "@" not in address):
        raise InvalidInput("not an address for this channel", field="address")
    with uow:
        if uow.session.get(Network, network_id) is None:
            raise NotFound(f"network {network_id} not found", field="network_id")
        if member_id is not None:
            member = uow.session.get(Member, member_id)
            if member is None or member.network_id != network_id:
                raise NotFound(f"member {member_id} not found", field="member_id")
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
            raise Conflict("this contact already exists", field="address")
        contact = Contact(
            network_id=network_id,
            member_id=member_id,
            role=role,
            channel=channel,
            address=address.strip(),
        )
        uow.session.add(contact)
        uow.session.flush()
        uow.audit(actor, "notification.contact_added", contact)
        uow.commit()
        return contact.id


def contacts(uow: UnitOfWork, *, network_id: int) -> list[ContactView]:
    with uow:
        return [
            ContactView(c.id, c.member_id, c.role, c.channel, c.address)
            for c in uow.session.scalars(
                select(Contact).where(Contact.network_id == network_id).order_by(Contact.id)
            )
        ]
