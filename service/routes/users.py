"""Administrators create staff accounts and issue or revoke their API tokens."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from casework.accounts.commands import (
    TokenLifetimes,
    create_user,
    issue_api_token,
    revoke_tokens,
)
from casework.actors import Role
from casework.languages import DEFAULT_LANGUAGE
from service.deps import ActorDep, SettingsDep, UowDep
from service.policies import ADMIN, Policy, Resource, declare
from service.schemas.auth import TokenRead, UserRead
from service.schemas.users import TokenIssue, TokensRevoked, UserCreate, Username

router = APIRouter(prefix="/users", tags=["users"])

UsernamePath = Annotated[Username, Path()]


@router.post("", status_code=201, response_model=UserRead)
@declare(Policy(ADMIN))
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
