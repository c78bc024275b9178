"""Staff accounts: those who manage them (an NGO's supervisor, the coordinator, administrators)
list, create, deactivate them and set their passwords; administrators issue or revoke tokens."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from casework.accounts.commands import (
    TokenLifetimes,
    create_user,
    issue_api_token,
    revoke_tokens,
)
from casework.accounts.management import deactivate_user, list_accounts, set_password
from casework.actors import Role
from casework.languages import DEFAULT_LANGUAGE
from service.deps import ActorDep, SettingsDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import ACCOUNTS, ADMIN, MANAGED_ACCOUNT, Policy, Resource, declare
from service.schemas.administration import AccountRead, PasswordSet
from service.schemas.auth import TokenRead, UserRead
from service.schemas.users import TokenIssue, TokensRevoked, UserCreate, Username

router = APIRouter(route_class=OneHopRoute, prefix="/users", tags=["users"])

UsernamePath = Annotated[Username, Path()]


@router.get("", response_model=list[AccountRead])
@declare(ACCOUNTS)
def list_users(actor: ActorDep, uow: UowDep) -> list[AccountRead]:
    """The accounts the caller manages: a supervisor's NGO's, the coordinator's focal points,
    supervisors and coordinators, an administrator's all."""
    return [AccountRead.model_validate(a) for a in list_accounts(uow, actor=actor)]


@router.post("", status_code=201, response_model=UserRead)
@declare(ACCOUNTS)
def create(body: UserCreate, actor: ActorDep, uow: UowDep) -> UserRead:
    role = Role(body.role)
    user_id = create_user(
        uow,
        actor=actor,
        username=body.username,
        role=role,
        password=body.password,
        organisation_id=body.organisation_id,
    )
    return UserRead(
        id=user_id,
        username=body.username,
        role=role,
        organisation_id=body.organisation_id,
        language=DEFAULT_LANGUAGE,  # until its holder chooses another
    )


@router.post("/{username}/tokens", status_code=201, response_model=TokenRead)
@declare(Policy(ADMIN, Resource.USER, network_wide=ADMIN, refused=403))
def issue_token(
    username: UsernamePath,
    body: TokenIssue,
    actor: ActorDep,
    uow: UowDep,
    settings: SettingsDep,
    response: Response,
) -> TokenRead:
    """A new API token for a coordinator or an administrator, shown once: only its hash is
    kept. Caseworkers, supervisors and focal points get tokens only by logging in (403)."""
    issued = issue_api_token(
        uow,
        actor=actor,
        username=username,
        label=body.label,
        lifetimes=TokenLifetimes.of(settings),
    )
    response.headers["Cache-Control"] = "no-store"  # also keeps it out of idempotency replays
    return TokenRead.of(issued)


@router.post("/{username}/revoke-tokens", response_model=TokensRevoked)
@declare(Policy(ADMIN, Resource.USER, network_wide=ADMIN))
def revoke(username: UsernamePath, actor: ActorDep, uow: UowDep) -> TokensRevoked:
    """Revoke every token and web session of the user (administrators, or the user)."""
    return TokensRevoked(revoked=revoke_tokens(uow, actor=actor, username=username))


@router.post("/{username}/deactivation", status_code=status.HTTP_204_NO_CONTENT)
@declare(MANAGED_ACCOUNT)
def deactivate(username: UsernamePath, actor: ActorDep, uow: UowDep) -> None:
    """Signing in is refused from now on and every token of the account stops working;
    409 if it is already deactivated."""
    deactivate_user(uow, actor=actor, username=username)


@router.put("/{username}/password", status_code=status.HTTP_204_NO_CONTENT)
@declare(MANAGED_ACCOUNT)
def new_password(username: UsernamePath, body: PasswordSet, actor: ActorDep, uow: UowDep) -> None:
    """A new password for a managed account (tell it to its holder in person); the sessions
    opened with the old one end."""
    set_password(uow, actor=actor, username=username, password=body.password)
