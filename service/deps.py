"""Typed dependencies used in route signatures: the unit of work and the acting user."""

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from casework import idempotency
from casework.accounts.commands import InvalidCredentials, authenticate
from casework.accounts.model import TokenKind
from casework.actors import Actor
from casework.settings import Settings
from casework.uow import UnitOfWork

bearer_scheme = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token")


# Where service.idempotency leaves the claim of the request's Idempotency-Key, if it has one.
IDEMPOTENCY_CLAIM = "idempotency_claim"


# The dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency in its
# thread pool, and each such hop of a request costs CPU and a wait for the GIL, under load as
# much as a database round trip.


async def get_uow(request: Request) -> UnitOfWork:
    """The request's unit of work; under an Idempotency-Key, its commits mark the key's claim
    in the same transaction (casework.idempotency.hold). Nothing is opened until a command
    enters it."""
    uow = request.app.state.uow_factory()
    claim = request.scope.get("state", {}).get(IDEMPOTENCY_CLAIM)
    if claim is not None:
        idempotency.hold(uow, claim)
    return uow


UowDep = Annotated[UnitOfWork, Depends(get_uow)]


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]

UNAUTHORISED = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="not authenticated",
    headers={"WWW-Authenticate": "Bearer"},
)


def actor_for_token(uow: UnitOfWork, token: str) -> Actor | None:
    """The actor behind an API bearer token, or None for a token that is not live."""
    try:
        return authenticate(uow, token=token, kind=TokenKind.API)
    except InvalidCredentials:
        return None


def current_actor(
    uow: UowDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Actor:
    actor = None if credentials is None else actor_for_token(uow, credentials.credentials)
    if actor is None:
        raise UNAUTHORISED
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]


MAX_PAGE = 100


async def page(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="How many items at most")] = 50,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1, description="How many to skip")] = 0,
) -> dict[str, int]:
    return {"limit": limit, "offset": offset}


PageDep = Annotated[dict[str, int], Depends(page)]


def wake_dispatcher(request: Request) -> None:
    """Hand freshly committed outbox rows to the flow dispatcher (if this process runs one)."""
    dispatcher = request.app.state.dispatcher
    if dispatcher is not None:
        dispatcher.wake()
