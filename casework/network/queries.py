"""Read-only questions about the network registry."""

from datetime import date

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session, selectinload

from casework.access import is_governor, network_of, refused
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import NotFound, PermissionDenied
from casework.network.model import Member, Network, SubNetwork
from casework.network.views import MemberEntry, PublishedDirectory
from casework.uow import UnitOfWork

_PLACE = (
    select(
        Member.id,
        Member.kind,
        Member.network_id,
        Member.sub_network_id,
        Network.code.label("network_code"),
    )
    .join(Network, Network.id == Member.network_id)
    .where(Member.id == bindparam("member_id"))
)


def place_of(session: Session, member_id: int) -> Row | None:
    """Where a member stands: its kind, network (with the network's code) and sub-network;
    None if there is no such member. What opening a case and issuing a referral read of the
    NGO: columns on the session's connection, with no object to load (nor a flush first,
    which these never-changed-by-commands columns do not need)."""
    return session.connection().execute(_PLACE, {"member_id": member_id}).one_or_none()


def members(session: Session, network_id: int) -> list[Member]:
    return list(
        session.scalars(
            select(Member)
            .where(Member.network_id == network_id)
            .options(selectinload(Member.services))
            .order_by(Member.id)
        )
    )


def staff_of_outside_referrer(uow: UnitOfWork, *, actor: Actor) -> bool:
    """Whether the actor works for an outside referrer (an NGO that refers people but is not a
    member): the pages offer its staff no part in governance."""
    if actor.organisation_id is None:
        return False
    with uow:
        return bool(
            uow.session.scalar(
                select(Member.outside_referrer).where(Member.id == actor.organisation_id)
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
        outside_referrer=member.outside_referrer,
    )


def directory(uow: UnitOfWork, *, actor: Actor, network_id: int | None = None) -> list[MemberEntry]:
    """The members of the actor's network (a governor names one, unless there is only one),
    with the services each offers and where and when it receives people: public facts of the
    network (the memorandum is signed by name), shown wherever a page names a member."""
    with uow:
        return entries(uow.session, network_of(uow.session, actor, network_id))


def entries(session: Session, network_id: int, *, on: date | None = None) -> list[MemberEntry]:
    """The directory entries of a network's members; with `on`, only of those members that
    day (joined, and not yet left)."""
    subs = {s.id: s.name for s in sub_networks(session, network_id)}
    return [
        entry_of(m, subs.get(m.sub_network_id) if m.sub_network_id else None)
        for m in members(session, network_id)
        if on is None or m.is_member_on(on)
    ]


def published_directory(
    uow: UnitOfWork, *, actor: Actor, network_id: int | None = None
) -> PublishedDirectory:
    """The directory as the network publishes it to other systems (HSDS): today's members
    only, a member that has left is no longer listed. One audited read."""
    with uow:
        network = existing_network(uow.session, network_of(uow.session, actor, network_id))
        today = uow.calendar.today(uow.now())
        published = PublishedDirectory(
            network_code=network.code,
            network_name=network.name,
            region=network.region,
            # Members only: an outside referrer offers no service to list.
            members=tuple(
                e for e in entries(uow.session, network.id, on=today) if not e.outside_referrer
            ),
        )
        uow.audit(actor, AuditAction.NETWORK_DIRECTORY_EXPORTED, network)
        uow.commit()
        return published


def member_entry(session: Session, member: Member) -> MemberEntry:
    """The entry of one member, as the directory lists it."""
    sub = session.get(SubNetwork, member.sub_network_id) if member.sub_network_id else None
    return entry_of(member, sub.name if sub else None)


def directory_entry(uow: UnitOfWork, *, actor: Actor, member_id: int) -> MemberEntry:
    """One member's entry, to edit: the coordinator (or an administrator) keeps it. Another
    network's member, or an unknown one, is NotFound to everyone; a member's staff are told no."""
    with uow:
        member = visible_member(uow.session, actor, member_id)
        require_directory_keeper(actor)
        return member_entry(uow.session, member)


def require_directory_keeper(actor: Actor) -> None:
    if not is_governor(actor):
        raise PermissionDenied(
            "network.directory_governor_only",
            "only the network coordinator or an administrator edits the member directory",
        )


def visible_member(session: Session, actor: Actor, member_id: int, *, for_update: bool = False):
    """The member, if it is of a network whose records the actor may see; NotFound otherwise."""
    member = session.get(Member, member_id, with_for_update=for_update)
    missing = NotFound(
        "member.not_found", "member {member_id} not found", field="member_id", member_id=member_id
    )
    if member is None:
        raise missing
    if not is_governor(actor) and network_of(session, actor) != member.network_id:
        raise refused(session, actor, member, missing)  # the probe of another's is audited
    return member


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
