"""Honours the Idempotency-Key header on every POST of the API, in one place.

The key is scoped to the caller (the bearer token's user). The first request claims it and
runs; its response is stored; a repeat gets the stored response with `Idempotent-Replayed:
true`. The same key on a different request gets 422, a repeat while the first still runs 409.
A response marked `Cache-Control: no-store` (it carries a new token) is never stored: a repeat
gets 409. Logging in is exempt: its caller is not known yet, and a repeat only issues another
token. The storage is casework.idempotency; this module only speaks HTTP.

A request that ends in a 5xx or an exception gives its key up, so that a retry runs it again:
an unexpected error rolls the command's transaction back, and the routes do nothing fallible
after their command commits (should one fail after all, its committed claim is kept).

A process that dies mid-request leaves its claim, leased for `idempotency_lease_seconds`: a
repeat within the lease gets 409 with Retry-After, a repeat after it runs the request again,
or, if the request had committed, gets 409 saying its response was lost (the route's unit of
work marks the claim in the transaction of the effect: casework.idempotency.hold).

A route whose request concerns a beneficiary calls `note_beneficiary`, so that the stored row
names them and their erasure deletes it (casework.idempotency says why)."""

import logging
import uuid
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casework import idempotency
from casework.actors import Actor
from casework.errors import DatabaseUnavailable, DomainError
from service.body_limit import replay
from service.deps import IDEMPOTENCY_CLAIM, actor_for_token
from service.errors import error_response

HEADER = "Idempotency-Key"
logger = logging.getLogger(__name__)
_BENEFICIARY = "idempotency_beneficiary_id"


def note_beneficiary(request: Request, beneficiary_id: uuid.UUID) -> None:
    """Say which beneficiary this request concerns (kept with its Idempotency-Key, if any)."""
    setattr(request.state, _BENEFICIARY, beneficiary_id)


class IdempotencyKeys:
    def __init__(self, app: ASGIApp, *, prefix: str, exempt: frozenset[str]) -> None:
        self.app = app
        self.prefix = prefix
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or not scope["path"].startswith(self.prefix)
            or scope["path"] in self.exempt
            or HEADER.lower().encode() not in dict(scope["headers"])
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = headers[HEADER]
        state = scope["app"].state
        uow_factory = state.uow_factory
        try:
            actor = await run_in_threadpool(_caller, uow_factory(), headers)
        except DomainError as error:  # the database is away
            await error_response(error, location="header")(scope, receive, send)
            return
        if actor is None:  # the route answers 401
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        settings = state.settings
        try:
            claimed = await run_in_threadpool(
                lambda: idempotency.begin(
                    uow_factory(),
                    actor=actor,
                    key=key,
                    request=_request_parts(scope, headers, body),
                    lifetime=timedelta(hours=settings.idempotency_key_hours),
                    lease=timedelta(seconds=settings.idempotency_lease_seconds),
                )
            )
        except DomainError as error:
            await error_response(error, location="header")(scope, receive, send)
            return
        if isinstance(claimed, idempotency.Claim):
            await self._run_and_store(scope, replay(body, receive), send, uow_factory, claimed)
            return
        replayed = Response(
            claimed.body,
            status_code=claimed.status_code,
            media_type=claimed.content_type or None,
            headers={"Idempotent-Replayed": "true"},
        )
        await replayed(scope, receive, send)

    async def _run_and_store(self, scope, receive, send, uow_factory, claim) -> None:
        started: Message = {}
        chunks: list[bytes] = []
        # Created here, so that the route's request.state is this very dict even if a layer
        # between copies the scope.
        noted = scope.setdefault("state", {})
        noted[IDEMPOTENCY_CLAIM] = claim  # the route's unit of work holds it (service.deps)

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, capture)
        except BaseException:
            await _release(uow_factory, claim)
            raise
        status = started.get("status", 500)
        if status >= 500:  # an unexpected failure: let a retry run the request again
            await _release(uow_factory, claim)
            return
        response_headers = Headers(raw=started.get("headers", []))
        withheld = "no-store" in response_headers.get("cache-control", "")
        response = idempotency.StoredResponse(
            status_code=status,
            content_type=response_headers.get("content-type", ""),
            body=None if withheld else b"".join(chunks),
        )
        await run_in_threadpool(
            lambda: idempotency.finish(
                uow_factory(),
                claim=claim,
                response=response,
                beneficiary_id=noted.get(_BENEFICIARY),
            )
        )


async def _release(uow_factory, claim) -> None:
    try:
        await run_in_threadpool(lambda: idempotency.release(uow_factory(), claim=claim))
    except DatabaseUnavailable:
        # Its response is sent already; the claim stays, as when a process dies mid-request,
        # until its lease runs out.
        logger.warning("an idempotency key stays claimed: the database went away mid-request")


def _caller(uow, headers: Headers) -> Actor | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return actor_for_token(uow, token.strip()) if scheme.lower() == "bearer" else None


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return b"".join(chunks)


def _request_parts(scope: Scope, headers: Headers, body: bytes) -> tuple[bytes, ...]:
    """What makes two requests the same one."""
    return (
        scope["method"].encode(),
        scope["path"].encode("utf-8", "surrogateescape"),
        scope.get("query_string", b""),
        headers.get("content-type", "").encode(),
        body,
    )
