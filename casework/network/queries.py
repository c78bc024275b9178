"""Read-only questions about the network registry."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casework.access import network_of
from casework.actors import Actor
from casework.errors import NotFound
from casework.network.model import Member, Network, SubNetwork
from casework.network.views import MemberEntry
from casework.uow import UnitOfWork


def members(session: Session, network_id: int) -> list[Member]:
    return list(
        session.scalars(
            select(Member)
            .where(Member.network_id == network_id)
            .options(selectinload(Member.services))
            .order_by(Member.id)
        )
    )


def networks(session: Session) -> list[Network]:
    return list(session.scalars(select(Network).order_by(Network.id)))


def sub_networks(session: Session, network_id: int) -> list[SubNetwork]:
    return list(
        session.scalars(
            select(SubNetwork).where(SubNetwork.network_id == network_id).order_by(SubNetwork.id)
        )
    )


def entry_of(member: Member, sub_network: str | None) -> MemberEntry:
    return MemberEntry(
        member.id,
        member.name,
        member.kind,
        frozenset(s.service for s in member.services),
        sub_network=sub_network,
        district=member.district,
        address=member.address,
        phone=member.phone,
        opening_hours=member.opening_hours,
        referral_contact=member.referral_contact,
    )


def directory(
    uow: UnitOfWork, *, actor: Actor, network_id: int | None = None
) -> list[MemberEntry]:
    """The members of the actor's network (a governor names one, unless there is only one),
    with the services each offers and where and when it receives people: public facts of the
    network (the memorandum is signed by name), shown wherever a page names a member."""
    with uow:
        network = network_of(uow.session, actor, network_id)
        subs = {s.id: s.name for s in sub_networks(uow.session, network)}
        return [
            entry_of(m, subs.get(m.sub_network_id) if m.sub_network_id else None)
            for m in members(uow.session, network)
        ]


def existing_network(session: Session, network_id: int) -> Network:
    """The network a command acts on; an unknown id is NotFound on the `network_id` field."""
    network = session.get(Network, network_id)
    if network is None:
        raise NotFound(
            "network.not_found",
            "network {network_id} not found",
            field="network_id",
            network_id=network_id,
        )
    return network
