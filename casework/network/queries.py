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


def directory(uow: UnitOfWork, *, actor: Actor) -> list[MemberEntry]:
    """The members of the actor's network, with the services each offers: public facts of
    the network (the memorandum is signed by name), shown wherever a page names a member."""
    with uow:
        found = members(uow.session, network_of(uow.session, actor))
        return [
            MemberEntry(m.id, m.name, m.kind, frozenset(s.service for s in m.services))
            for m in found
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
