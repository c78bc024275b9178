"""How the FHIR API answers: `application/fhir+json`, and every failure as an OperationOutcome
(the domain's refusals, a missing token, a search parameter that cannot be read)."""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from casework.errors import DomainError
from interop.fhir.outcome import operation_outcome
from service.errors import status_for
from service.fhir_search import BadSearch
from service.one_hop import OneHopRoute

FHIR_JSON = "application/fhir+json"

# FHIR's issue type for each HTTP status the API answers with.
ISSUE_OF_STATUS = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    422: "invalid",
    429: "throttled",
    503: "transient",
}


class FhirResponse(JSONResponse):
    media_type = FHIR_JSON


def outcome_response(
    status: int, diagnostics: str, *, expression: str | None = None, headers=None
) -> FhirResponse:
    issue = ISSUE_OF_STATUS.get(status, "exception")
    body = operation_outcome(issue, diagnostics, expression=expression)
    return FhirResponse(body, status_code=status, headers=headers)


class FhirRoute(OneHopRoute):
    """A route whose failures are OperationOutcomes, not the /api/v1 error body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handle(request)
            except BadSearch as error:
                return outcome_response(400, str(error), expression=error.parameter)
            except RequestValidationError as error:
                first = error.errors()[0]
                named = str(first["loc"][-1]) if first.get("loc") else None
                return outcome_response(400, first["msg"], expression=named)
            except HTTPException as error:
                return outcome_response(error.status_code, str(error.detail), headers=error.headers)
            except DomainError as error:
                status, headers = status_for(error), {}
                if status == 401:
                    headers["WWW-Authenticate"] = "Bearer"
                if error.retry_after_seconds is not None:
                    headers["Retry-After"] = str(error.retry_after_seconds)
                return outcome_response(status, error.message, headers=headers)

        return answer
