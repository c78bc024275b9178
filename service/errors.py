"""Domain errors as HTTP responses: 404 hides, 409 refuses a state change, 422 names the field,
429 and 503 say when to try again. Validation errors never echo the input (it may be a UIC)."""

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from casework.accounts.commands import InvalidCredentials
from casework.errors import (
    Conflict,
    DatabaseUnavailable,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
)
from casework.privacy.keys import MissingKey
from service.deps import UNAUTHORISED, token_refused

STATUS_OF: list[tuple[type[DomainError], int]] = [
    (InvalidCredentials, 401),
    (NotFound, 404),
    (PermissionDenied, 403),
    (Conflict, 409),
    (InvalidInput, 422),
    (TooManyAttempts, 429),
    (MissingKey, 503),  # a key the operator must provide (e.g. `casework forms keys generate`)
    (DatabaseUnavailable, 503),
]


def status_for(error: DomainError) -> int:
    return next((code for kind, code in STATUS_OF if isinstance(error, kind)), 400)


def error_body(error: DomainError, *, location: str = "body") -> dict:
    """Shaped like FastAPI's own 422 body, so clients parse one format; `key` names the
    message, for a client that shows it in its reader's language."""
    detail: dict = {"msg": error.message, "type": type(error).__name__, "key": error.key}
    if error.field:
        detail["loc"] = [location, error.field]
    return {"detail": [detail]}


def error_response(error: DomainError, *, location: str = "body") -> JSONResponse:
    code = status_for(error)
    headers = {}
    if code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if error.retry_after_seconds is not None:
        headers["Retry-After"] = str(error.retry_after_seconds)
    return JSONResponse(error_body(error, location=location), status_code=code, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain_error(_request: Request, error: DomainError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, error: RequestValidationError) -> Response:
        if await run_in_threadpool(token_refused, request):
            return await http_exception_handler(request, UNAUTHORISED)
        shown = ("loc", "msg", "type")
        detail = [{k: e[k] for k in shown if k in e} for e in error.errors()]
        return JSONResponse({"detail": detail}, status_code=422)
