"""Who manages whose account: an NGO's supervisor its own caseworkers and supervisors; the
network coordinator the accounts that speak for members and govern (focal points, supervisors,
coordinators); administrators and operators every account. An account the actor does not
manage is NotFound, as any other organisation's record is."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.access import refused
from casework.accounts.model import User
from casework.actors import NGO_ROLES, Actor, Role
from casework.errors import NotFound

# The roles each governing role gives accounts of (any member's, or none).
COORDINATED = frozenset({Role.FOCAL_POINT, Role.SUPERVISOR, Role.COORDINATOR})
MANAGERS = frozenset({Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN})


def may_manage(actor: Actor, role: Role, organisation_id: int | None) -> bool:
    if actor.is_system or actor.role is Role.ADMIN:
        return True
    if actor.role is Role.SUPERVISOR:
        return role in NGO_ROLES and organisation_id == actor.organisation_id
    return actor.role is Role.COORDINATOR and role in COORDINATED


def creatable_roles(actor: Actor) -> list[Role]:
    """The roles of the accounts the actor may create, in the order of Role."""
    return [r for r in Role if r is not Role.SYSTEM and may_manage(actor, r, actor.organisation_id)]


def managed_account(session: Session, actor: Actor, username: str) -> User:
    """The account, locked for a change, if the actor manages it; NotFound otherwise."""
    user = session.scalar(select(User).where(User.username == username).with_for_update())
    if user is None or not may_manage(actor, user.role, user.organisation_id):
        missing = NotFound(
            "account.not_found",
            "user '{username}' not found",
            field="username",
            username=username,
        )
        raise refused(session, actor, user, missing)
    return user
