"""The database away for a moment: 503 with Retry-After, in the API's error body under the
API's prefix, else as a page (the signed-in pages render that page themselves)."""

from fastapi import FastAPI, Request
from fastapi.responses import Response

from casework.errors import DatabaseUnavailable
from service.errors import error_response
from service.pages.common import database_away
from service.routes import API_PREFIX


def install(app: FastAPI) -> None:
    @app.exception_handler(DatabaseUnavailable)
    async def _database_away(request: Request, away: DatabaseUnavailable) -> Response:
        if request.url.path.startswith(API_PREFIX):
            return error_response(away)
        return database_away(request, away)
