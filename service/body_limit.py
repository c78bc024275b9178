"""Bounds request bodies in size and in time: a body over the limit gets 413 before the app
sees it, whether the client declared a Content-Length or sent chunks without one; a body that
has not arrived in full within the time limit (shorter than its Content-Length, or trickling)
gets 408 and the connection is closed, so that slow clients cannot hold connections open.
The paths that upload a file (`uploads`) get a limit of their own, the size of the file more."""

import re

import anyio
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class _TooLarge(Exception):
    pass


class _Gone(Exception):
    """The client went away: there is nobody to answer."""


class BodyLimits:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        max_seconds: float,
        uploads: re.Pattern[str] | None = None,
        upload_max_bytes: int = 0,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds
        self.uploads = uploads
        self.upload_max_bytes = max(upload_max_bytes, max_bytes)

    def _limit(self, scope: Scope) -> int:
        upload = self.uploads is not None and self.uploads.fullmatch(scope["path"])
        return self.upload_max_bytes if upload else self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared in ("", "0") and "transfer-encoding" not in headers:
            # No body (HTTP/1.1 has none without either header): nothing to wait for or to
            # count, and most requests are reads; the timer cost each of them.
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        too_large = f"the request body is larger than {limit} bytes"
        if declared.isdigit() and int(declared) > limit:
            await _refusal(413, too_large)(scope, receive, send)
            return
        # Read the body here: the limit is small (an upload's a few megabytes), so buffering
        # is cheap, and the app never starts on a request it cannot finish.
        try:
            with anyio.fail_after(self.max_seconds):
                body = await self._read(receive, limit)
        except _Gone:
            return
        except _TooLarge:
            await _refusal(413, too_large)(scope, receive, send)
            return
        except TimeoutError:
            late = f"the request body did not arrive within {self.max_seconds:g} seconds"
            await _refusal(408, late)(scope, receive, send)
            return
        await self.app(scope, replay(body, receive), send)

    async def _read(self, receive: Receive, limit: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Gone
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _refusal(status_code: int, message: str) -> JSONResponse:
    """An answer that closes the connection: the rest of the body is not worth waiting for."""
    kind = {413: "RequestTooLarge", 408: "RequestTimeout"}[status_code]
    return JSONResponse(
        {"detail": [{"msg": message, "type": kind}]},
        status_code=status_code,
        headers={"Connection": "close"},
    )


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive callable that hands out `body` once, then waits for the client to go away."""
    sent = False

    async def _receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return _receive
