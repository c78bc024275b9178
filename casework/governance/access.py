"""Who may do what in network governance. Staff of a member see their own network's
memorandum, meetings, decisions and reports (another network's are NotFound); the coordinator
and administrators govern; a member's representative (an NGO's supervisor, an institution's
focal point) answers for its own member: signs the memorandum, records how it carried out a
decision, proposes agenda items.

An outside referrer (an NGO that refers people without being a member) has no part in
governance: its staff read the network's reports, published to everyone who refers, but its
memorandum, meetings and decisions are the members' own, NotFound to them (`members_only`),
and it answers for nothing."""

from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.access import is_governor, network_of, refused
from casework.actors import Actor, Role
from casework.errors import InvalidInput, NotFound, PermissionDenied
from casework.network.model import Member, MemberKind
from casework.uow import UnitOfWork


def require_governor(actor: Actor, doing: str) -> None:
    if not is_governor(actor):
        raise PermissionDenied(
            "governance.governor_only",
            "only the network coordinator or an administrator may {doing}",
            doing=doing,
        )


def representative_role(kind: MemberKind) -> Role:
    """The role that speaks for a member: an NGO's supervisor, an institution's focal point."""
    return Role.SUPERVISOR if kind is MemberKind.NGO else Role.FOCAL_POINT


def visible_network(uow: UnitOfWork, *, actor: Actor, network_id: int | None = None) -> int:
    """`network_of` in a read of its own, for an entrypoint that acts on the network the
    request names (or the actor's) before calling a command that wants its id."""
    with uow:
        return network_of(uow.session, actor, network_id)


def member_network(session: Session, actor: Actor, network_id: int | None = None) -> int:
    """`network_of`, for the members' own records (memoranda, meetings, decisions): an outside
    referrer's staff get the NotFound another network's staff get."""
    network = network_of(session, actor, network_id)
    if _outside_referrer_staff(session, actor):
        raise NotFound(
            "network.not_found", "network {network_id} not found", network_id=network_id or ""
        )
    return network


def _outside_referrer_staff(session: Session, actor: Actor) -> bool:
    return (
        not is_governor(actor)
        and actor.organisation_id is not None
        and bool(
            session.scalar(
                select(Member.outside_referrer).where(Member.id == actor.organisation_id)
            )
        )
    )


def check_network(
    session: Session,
    actor: Actor,
    network_id: int,
    missing: NotFound,
    *,
    members_only: bool = False,
) -> None:
    """`missing` (the record's NotFound) unless the actor may see governance records of this
    network; with `members_only`, records outside referrers' staff may not see either."""
    if not is_governor(actor) and network_of(session, actor) != network_id:
        raise missing
    if members_only and _outside_referrer_staff(session, actor):
        raise missing


class _OfANetwork(Protocol):
    network_id: int


Record = TypeVar("Record", bound=_OfANetwork)


def visible(
    session: Session,
    actor: Actor,
    record: Record | None,
    missing: NotFound,
    *,
    members_only: bool = False,
) -> Record:
    """`record`, if it exists in a network whose governance records the actor may see;
    otherwise `missing`, the same answer for both, so a refusal never confirms it exists (the
    refusal of a record that exists is audited). `members_only`: as in `check_network`."""
    if record is None:
        raise missing
    try:
        check_network(session, actor, record.network_id, missing, members_only=members_only)
    except NotFound:
        raise refused(session, actor, record, missing) from None
    return record


def represented_member(
    session: Session, actor: Actor, member_id: int | None, *, network_id: int
) -> Member:
    """The member the actor answers for: its own, when it is that member's representative;
    any member of the network, named, when a governor records on the member's behalf. An
    outside referrer answers for nothing: its staff are told no, a governor naming it 422."""
    if is_governor(actor):
        if member_id is None:
            raise InvalidInput(
                "member.name_required", "name the member this is recorded for", field="member_id"
            )
        target = member_id
    else:
        if actor.organisation_id is None or member_id not in (None, actor.organisation_id):
            raise NotFound(
                "member.not_found",
                "member {member_id} not found",
                field="member_id",
                member_id=member_id,
            )
        target = actor.organisation_id
    member = session.get(Member, target)
    if member is None or member.network_id != network_id:
        raise NotFound(
            "member.not_found", "member {member_id} not found", field="member_id", member_id=target
        )
    if member.outside_referrer:
        if is_governor(actor):
            raise InvalidInput(
                "member.outside_referrer",
                "member {member_id} is an outside referrer, with no part in governance",
                field="member_id",
                member_id=member.id,
            )
        raise PermissionDenied(
            "member.outside_referrer_not_represented",
            "an outside referrer's staff take no part in the network's governance",
        )
    if not is_governor(actor) and actor.role is not representative_role(member.kind):
        raise PermissionDenied(
            "member.representative_only",
            "only an NGO's supervisor or an institution's focal point answers for its member",
        )
    return member
