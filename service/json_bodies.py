"""Refuses an API request whose body is not declared JSON: 415, before any route reads it.

FastAPI alone would hand a `text/plain` body to the model as bytes, or parse an undeclared one
as JSON. The pages' HTML forms lie outside the API prefix and keep their form encodings; a
request without a body (most state changes) needs no Content-Type."""

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

JSON = "application/json"


class JsonBodies:
    def __init__(self, app: ASGIApp, *, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            headers = Headers(scope=scope)
            if _has_body(headers) and _media_type(headers) != JSON:
                await _unsupported(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _has_body(headers: Headers) -> bool:
    return headers.get("content-length", "0") != "0" or "transfer-encoding" in headers


def _media_type(headers: Headers) -> str:
    """The type without its parameters: `application/json; charset=utf-8` is JSON."""
    return headers.get("content-type", "").partition(";")[0].strip().lower()


async def _unsupported(scope: Scope, receive: Receive, send: Send) -> None:
    problem = {
        "loc": ["header", "content-type"],
        "msg": f"the API reads request bodies as JSON only: send Content-Type: {JSON}",
        "type": "UnsupportedMediaType",
    }
    await JSONResponse({"detail": [problem]}, status_code=415)(scope, receive, send)
