"""Commands on accounts: create users, log in, issue and revoke tokens."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Row, bindparam, select

from casework.accounts import throttle
from casework.accounts.access import may_manage
from casework.accounts.model import AccessToken, TokenKind, User
from casework.accounts.passwords import new_password_hash, verify_password
from casework.accounts.queries import own_account
from casework.accounts.throttle import LoginLimits
from casework.actors import NGO_ROLES, Actor, Role
from casework.audit_actions import AuditAction
from casework.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from casework.languages import Language
from casework.network.model import Member, MemberKind
from casework.settings import Settings
from casework.uow import UnitOfWork

WEB_SESSION_LIFETIME = timedelta(hours=12)
LOGGED_IN = {
    TokenKind.API: AuditAction.USER_LOGGED_IN_API,
    TokenKind.WEB: AuditAction.USER_LOGGED_IN_WEB,
}
# Accounts that reach case data get tokens only by logging in themselves: a token issued by
# someone else would let its holder read as them, under their name in the audit trail.
OWN_TOKENS_ONLY = NGO_ROLES | {Role.FOCAL_POINT}


class InvalidCredentials(DomainError):
    """Wrong username, password or token; never says which (HTTP 401)."""

    def __init__(self) -> None:
        super().__init__("account.invalid_credentials", "invalid credentials")


@dataclass(frozen=True)
class TokenLifetimes:
    """How long a token lives from its issue: a web session 12 hours, an API token
    CASEWORK_API_TOKEN_DAYS (30 by default); then it is refused like a wrong one."""

    api: timedelta = timedelta(days=30)
    web: timedelta = WEB_SESSION_LIFETIME

    @classmethod
    def of(cls, settings: Settings) -> "TokenLifetimes":
        return cls(api=timedelta(days=settings.api_token_days))

    def of_kind(self, kind: TokenKind) -> timedelta:
        return self.web if kind is TokenKind.WEB else self.api


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once; only its hash is stored
    expires_at: datetime
    lifetime: timedelta


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_organisation(uow: UnitOfWork, role: Role, organisation_id: int | None) -> None:
    member = None if organisation_id is None else uow.session.get(Member, organisation_id)
    if organisation_id is not None and member is None:
        raise InvalidInput(
            "account.unknown_organisation",
            "organisation {organisation_id} does not exist",
            field="organisation_id",
            organisation_id=organisation_id,
        )
    if role in NGO_ROLES and (member is None or member.kind is not MemberKind.NGO):
        raise InvalidInput(
            "account.role_needs_ngo",
            "a {role} belongs to an NGO",
            field="organisation_id",
            role=role,
        )
    if role is Role.FOCAL_POINT and (member is None or member.kind is MemberKind.MEDIA):
        raise InvalidInput(
            "account.focal_point_needs_institution",
            "a focal point belongs to a serving member",
            field="organisation_id",
        )
    if role is Role.SYSTEM:
        raise InvalidInput("account.system_role", "system is not a role for people", field="role")


def create_user(
    uow: UnitOfWork,
    *,
    actor: Actor,
    username: str,
    role: Role,
    password: str,
    organisation_id: int | None = None,
) -> int:
    """An account of `role` at the organisation, by whoever manages such accounts
    (casework.accounts.access): administrators any, a coordinator those that speak for members
    or govern, an NGO's supervisor its own NGO's caseworkers and supervisors."""
    if not may_manage(actor, role, organisation_id):
        raise PermissionDenied(
            "account.not_yours_to_create",
            "your role may not create a {role} account for this organisation",
            role=role.value,
        )
    password_hash = new_password_hash(password)
    with uow:
        _check_organisation(uow, role, organisation_id)
        if uow.session.scalar(select(User.id).where(User.username == username)) is not None:
            raise Conflict(
                "account.username_taken",
                "username '{username}' is taken",
                field="username",
                username=username,
            )
        user = User(
            username=username,
            role=role,
            organisation_id=organisation_id,
            password_hash=password_hash,
            is_active=True,
            created_at=uow.now(),
        )
        uow.session.add(user)
        uow.session.flush()
        uow.audit(actor, AuditAction.USER_CREATED, user)
        uow.commit()
        return user.id


def actor_of(user: User | Row) -> Actor:
    """The actor an account stands for, from the account or a row of its columns."""
    return Actor(
        user_id=f"user:{user.id}",
        role=user.role,
        organisation_id=user.organisation_id,
        language=user.language,
    )


def log_in(
    uow: UnitOfWork,
    *,
    username: str,
    password: str,
    kind: TokenKind = TokenKind.API,
    label: str = "",
    client_address: str | None = None,
    limits: LoginLimits | None = None,
    lifetimes: TokenLifetimes | None = None,
) -> IssuedToken:
    """Check a password and issue a token: an API bearer token, or a web session.
    Failed attempts are counted per username and per client address (TooManyAttempts)."""
    limits = limits or LoginLimits()
    with uow:
        now = uow.now()
        subjects = throttle.subjects(uow.keys, username, client_address)
        # Counted before the password is checked: no oracle, no hashing cost past the limit.
        counted = throttle.admit(uow.session, subjects=subjects, now=now, limits=limits)
        user = uow.session.scalar(select(User).where(User.username == username))
        uow.commit()
    # argon2 takes a third of a second: outside any transaction, where on SQLite it would
    # hold the write lock and stall every other writer for as long as the flood lasts.
    if not verify_password(user.password_hash if user else None, password):
        raise InvalidCredentials()
    with uow:
        # Read again: the account may have changed while its password was being checked.
        user = uow.session.get(User, user.id)
        if user is None or not user.is_active:
            raise InvalidCredentials()
        throttle.forgive(uow.session, subjects=subjects, counted=counted)
        issued = _issue(
            uow, user, kind=kind, label=label, issuer=actor_of(user), lifetimes=lifetimes
        )
        uow.audit(actor_of(user), LOGGED_IN[kind], user)
        uow.commit()
        return issued


def issue_api_token(
    uow: UnitOfWork,
    *,
    actor: Actor,
    username: str,
    label: str,
    lifetimes: TokenLifetimes | None = None,
) -> IssuedToken:
    """An administrator (or the command line) issues a token for a coordinator or an
    administrator; staff of members get theirs only by logging in (OWN_TOKENS_ONLY)."""
    if not (actor.is_system or actor.role is Role.ADMIN):
        raise PermissionDenied(
            "account.tokens_admin_only", "only administrators issue tokens for others"
        )
    with uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(
                "account.not_found",
                "user '{username}' not found",
                field="username",
                username=username,
            )
        if user.role in OWN_TOKENS_ONLY:
            raise PermissionDenied(
                "account.tokens_own_only",
                "a {role} gets tokens only by logging in",
                role=user.role,
            )
        issued = _issue(
            uow, user, kind=TokenKind.API, label=label, issuer=actor, lifetimes=lifetimes
        )
        uow.audit(actor, AuditAction.USER_TOKEN_ISSUED, user)
        uow.commit()
        return issued


def _issue(
    uow: UnitOfWork,
    user: User,
    *,
    kind: TokenKind,
    label: str,
    issuer: Actor,
    lifetimes: TokenLifetimes | None,
) -> IssuedToken:
    token = secrets.token_urlsafe(32)
    now = uow.now()
    lifetime = (lifetimes or TokenLifetimes()).of_kind(kind)
    uow.session.add(
        AccessToken(
            user_id=user.id,
            kind=kind,
            token_hash=token_hash(token),
            label=label,
            issued_by=issuer.user_id,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return IssuedToken(token, now + lifetime, lifetime)


def forget_expired_failed_logins(uow: UnitOfWork, *, limits: LoginLimits) -> int:
    """Run on a schedule, so that a username or address that never tries again leaves no
    digest behind once its failures stop counting. Deletes cache rows only: no audit row."""
    with uow:
        forgotten = throttle.forget_expired(uow.session, before=uow.now() - limits.window)
        uow.commit()
        return forgotten


def revoke_tokens(uow: UnitOfWork, *, actor: Actor, username: str) -> int:
    """Revoke every live token of a user (administrators, or the user themself)."""
    with uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        if user is None or not (
            actor.is_system or actor.role is Role.ADMIN or actor.user_id == actor_of(user).user_id
        ):
            raise NotFound(
                "account.not_found",
                "user '{username}' not found",
                field="username",
                username=username,
            )
        revoked = revoke_live_tokens(uow, user)
        uow.audit(actor, AuditAction.USER_TOKENS_REVOKED, user)
        uow.commit()
        return revoked


def revoke_live_tokens(uow: UnitOfWork, user: User) -> int:
    """Revoke every live token and web session of the user, in the caller's transaction."""
    live = uow.session.scalars(
        select(AccessToken).where(AccessToken.user_id == user.id, AccessToken.revoked_at.is_(None))
    ).all()
    for access_token in live:
        access_token.revoked_at = uow.now()
    return len(live)


def revoke_token(uow: UnitOfWork, *, token: str) -> None:
    """Log out: revoke the one token presented."""
    with uow:
        access_token = uow.session.scalar(
            select(AccessToken).where(AccessToken.token_hash == token_hash(token))
        )
        if access_token is not None and access_token.revoked_at is None:
            access_token.revoked_at = uow.now()
            uow.commit()


# Built once, with the token's hash and kind bound per call: a token is looked up on every
# request, and only the columns that decide and make the actor are read, not two ORM objects.
_LIVE_TOKEN = (
    select(
        AccessToken.expires_at,
        AccessToken.revoked_at,
        User.is_active,
        User.id,
        User.role,
        User.organisation_id,
        User.language,
    )
    .join(User, User.id == AccessToken.user_id)
    .where(AccessToken.token_hash == bindparam("hash"), AccessToken.kind == bindparam("kind"))
)


def authenticate(uow: UnitOfWork, *, token: str, kind: TokenKind, ahead: bool = False) -> Actor:
    """The actor a live token stands for; InvalidCredentials otherwise. `ahead`: read in the
    transaction the unit's next block goes on with (UnitOfWork.read_ahead)."""
    with uow.read_ahead() if ahead else uow.one_read() as connection:
        row = connection.execute(_LIVE_TOKEN, {"hash": token_hash(token), "kind": kind}).first()
        if row is None or row.revoked_at is not None or not row.is_active:
            raise InvalidCredentials()
        if row.expires_at <= uow.now():
            raise InvalidCredentials()
        return actor_of(row)


def set_language(uow: UnitOfWork, *, actor: Actor, language: Language) -> None:
    """The language the actor's own pages and notices are in (their settings page)."""
    with uow:
        user = own_account(uow, actor)
        if user.language is not language:
            user.language = language
            uow.audit(actor, AuditAction.USER_LANGUAGE_SET, user)
        uow.commit()
