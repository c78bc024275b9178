"""The accounts a supervisor or the coordinator manages: listed, deactivated (signing in is
refused and every live token revoked) and given a new password. Each change is audited;
a password is hashed before the transaction and never written anywhere else."""

from sqlalchemy import select

from casework.accounts.access import COORDINATED, MANAGERS, managed_account
from casework.accounts.commands import revoke_live_tokens
from casework.accounts.model import User
from casework.accounts.passwords import new_password_hash
from casework.accounts.views import AccountView
from casework.actors import NGO_ROLES, Actor, Role
from casework.audit_actions import AuditAction
from casework.errors import Conflict, PermissionDenied
from casework.network.model import Member
from casework.uow import UnitOfWork


def list_accounts(uow: UnitOfWork, *, actor: Actor) -> list[AccountView]:
    """The accounts the actor manages, by organisation, role and username."""
    if actor.role not in MANAGERS and not actor.is_system:
        raise PermissionDenied("account.managers_only", "your role manages no accounts")
    stmt = (
        select(User, Member.name)
        .outerjoin(Member, Member.id == User.organisation_id)
        .order_by(Member.name.nulls_first(), User.role, User.username)
    )
    if actor.role is Role.SUPERVISOR:
        stmt = stmt.where(User.organisation_id == actor.organisation_id, User.role.in_(NGO_ROLES))
    elif actor.role is Role.COORDINATOR:
        stmt = stmt.where(User.role.in_(COORDINATED))
    with uow:
        return [
            AccountView(u.id, u.username, u.role, u.organisation_id, organisation, u.is_active)
            for u, organisation in uow.session.execute(stmt)
        ]


def deactivate_user(uow: UnitOfWork, *, actor: Actor, username: str) -> None:
    """The person leaves: signing in is refused from now on, and every token and web session
    they hold stops working at once. Their audit rows keep naming them."""
    with uow:
        user = managed_account(uow.session, actor, username)
        if actor.user_id == f"user:{user.id}":
            raise Conflict(
                "account.not_yourself",
                "you cannot deactivate your own account; ask another who manages it",
                field="username",
            )
        if not user.is_active:
            raise Conflict(
                "account.already_inactive", "the account is already deactivated", field="username"
            )
        user.is_active = False
        revoke_live_tokens(uow, user)
        uow.audit(actor, AuditAction.USER_DEACTIVATED, user)
        uow.commit()


def set_password(uow: UnitOfWork, *, actor: Actor, username: str, password: str) -> None:
    """Give a managed account a new password (a forgotten one, or one someone else learnt):
    the sessions opened with the old one end."""
    password_hash = new_password_hash(password)
    with uow:
        user = managed_account(uow.session, actor, username)
        if not user.is_active:
            raise Conflict("account.inactive", "the account is deactivated", field="username")
        user.password_hash = password_hash
        revoke_live_tokens(uow, user)
        uow.audit(actor, AuditAction.USER_PASSWORD_SET, user)
        uow.commit()
