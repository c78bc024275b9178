"""Reads the administration pages need of the registry: the names of a network's members (for
the coordinator's contacts) and the NGO a supervisor administers, with its form language."""

from dataclasses import dataclass

from sqlalchemy import select

from casework.access import is_governor, network_of
from casework.actors import Actor, Role
from casework.network.model import Member, MemberKind
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class MemberName:
    id: int
    name: str
    kind: MemberKind


@dataclass(frozen=True)
class OwnNgo:
    id: int
    name: str
    form_language: str | None  # None: the region's default


def member_names(
    uow: UnitOfWork, *, actor: Actor, network_id: int | None = None
) -> list[MemberName]:
    """The members the actor may name: every network's for a governor who names none (accounts
    belong to members of any network they govern), else those of the network named or its own."""
    stmt = select(Member.id, Member.name, Member.kind).order_by(Member.name)
    with uow:
        if network_id is not None or not is_governor(actor):
            stmt = stmt.where(Member.network_id == network_of(uow.session, actor, network_id))
        return [MemberName(*row) for row in uow.session.execute(stmt)]


def own_ngo(uow: UnitOfWork, *, actor: Actor) -> OwnNgo | None:
    """The NGO an NGO supervisor administers; None for any other actor."""
    if actor.role is not Role.SUPERVISOR or actor.organisation_id is None:
        return None
    with uow:
        member = uow.session.get(Member, actor.organisation_id)
        return None if member is None else OwnNgo(member.id, member.name, member.form_language)
