"""Typed dependencies used in route signatures: the unit of work and the acting user."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from casework import idempotency
from casework.accounts.commands import InvalidCredentials, authenticate
from casework.accounts.model import TokenKind
from casework.actors import Actor
from casework.settings import Settings
from casework.uow import UnitOfWork
from service.schemas import LIMIT_TEXT, MAX_PAGE, OFFSET_TEXT

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


@dataclass(frozen=True)
class PresentedToken:
    """The bearer token a request to the API presents, as its actor dependency leaves it on
    the event loop: looked up in the endpoint's own trip to the thread pool, in the unit of
    work's first transaction (service.one_hop), not in a trip and a transaction of its own."""

    uow: UnitOfWork
    token: str

    def actor(self) -> Actor:
        """The actor, read ahead in the endpoint's transaction; 401 if the token is not live.
        The caller releases the unit of work (UnitOfWork.release) when the request is done."""
        try:
            return authenticate(self.uow, token=self.token, kind=TokenKind.API, ahead=True)
        except InvalidCredentials:
            raise UNAUTHORISED from None

    def is_live(self) -> bool:
        return actor_for_token(self.uow, self.token) is not None


def actor_for_token(uow: UnitOfWork, token: str) -> Actor | None:
    """The actor behind an API bearer token, or None for a token that is not live."""
    try:
        return authenticate(uow, token=token, kind=TokenKind.API)
    except InvalidCredentials:
        return None


async def current_actor(
    request: Request,
    uow: UowDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> PresentedToken:
    """No token: 401 at once. A token is looked up where the endpoint runs (service.one_hop
    turns it into the Actor the endpoint declares); kept on the request, so that a request
    that fails validation still answers 401 for a dead token (token_refused)."""
    if credentials is None:
        raise UNAUTHORISED
    request.state.presented_token = PresentedToken(uow, credentials.credentials)
    return request.state.presented_token


def token_refused(request: Request) -> bool:
    """Whether the request presented a token to a route that takes the actor, and the token
    is not live: such a request is answered 401 before anything is said of its input."""
    presented = getattr(request.state, "presented_token", None)
    return presented is not None and not presented.is_live()


ActorDep = Annotated[Actor, Depends(current_actor)]


async def page(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=LIMIT_TEXT)] = 50,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1, description=OFFSET_TEXT)] = 0,
) -> dict[str, int]:
    return {"limit": limit, "offset": offset}


PageDep = Annotated[dict[str, int], Depends(page)]


def wake_dispatcher(request: Request) -> None:
    """Hand freshly committed outbox rows to the flow dispatcher (if this process runs one)."""
    dispatcher = request.app.state.dispatcher
    if dispatcher is not None:
        dispatcher.wake()
