"""Logging in for the API, and who am I."""

from fastapi import APIRouter, Request, Response

from casework.accounts.commands import TokenLifetimes, log_in, set_language
from casework.accounts.queries import me
from casework.accounts.throttle import LoginLimits
from service.deps import ActorDep, SettingsDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import PUBLIC, STAFF, Policy, declare
from service.schemas.auth import MeUpdate, TokenCreate, TokenRead, UserRead

router = APIRouter(route_class=OneHopRoute, tags=["auth"])


@router.post(
    "/auth/token",
    response_model=TokenRead,
    responses={429: {"description": "Too many failed logins; see Retry-After"}},
)
@declare(PUBLIC)
def create_token(
    body: TokenCreate, uow: UowDep, settings: SettingsDep, request: Request, response: Response
) -> TokenRead:
    """Log in. Failed attempts are limited per username and per client address; the token
    expires after `expires_in` seconds."""
    issued = log_in(
        uow,
        username=body.username,
        password=body.password,
        client_address=request.client.host if request.client else None,
        limits=LoginLimits.of(settings),
        lifetimes=TokenLifetimes.of(settings),
    )
    response.headers["Cache-Control"] = "no-store"
    return TokenRead.of(issued)


@router.get("/me", response_model=UserRead)
@declare(Policy(STAFF))
def read_me(actor: ActorDep, uow: UowDep) -> UserRead:
    return UserRead.model_validate(me(uow, actor=actor))


@router.patch("/me", response_model=UserRead)
@declare(Policy(STAFF))
def update_me(body: MeUpdate, actor: ActorDep, uow: UowDep) -> UserRead:
    """Change one's own settings: `language` is what one's pages and notices are in."""
    set_language(uow, actor=actor, language=body.language)
    return UserRead.model_validate(me(uow, actor=actor))
