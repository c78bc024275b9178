"""An API request makes one trip to the thread pool: its endpoint runs there, and what it
returns is validated back on the event loop (FastAPI alone makes a second trip for that)."""

import inspect
import threading

from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, field_validator

from service.one_hop import OneHopRoute
from service.routes import API_PREFIX
from tests.support.access_rules import inspected_app, served_routes

seen: dict[str, int] = {}


class Answer(BaseModel):
    value: int

    @field_validator("value")
    @classmethod
    def _where_validated(cls, value: int) -> int:
        seen["validated"] = threading.get_ident()
        return value


async def event_loop_thread() -> None:
    seen["loop"] = threading.get_ident()


def app_with(route_class) -> FastAPI:
    router = APIRouter(route_class=route_class)

    @router.get("/answer", response_model=Answer, dependencies=[Depends(event_loop_thread)])
    def answer() -> dict:
        seen["endpoint"] = threading.get_ident()
        return {"value": 42}

    app = FastAPI()
    app.include_router(router)
    return app


def test_the_endpoint_runs_in_the_pool_and_its_answer_is_validated_on_the_event_loop():
    seen.clear()
    with TestClient(app_with(OneHopRoute)) as client:
        assert client.get("/answer").json() == {"value": 42}
    assert seen["endpoint"] != seen["loop"]  # a blocking endpoint never holds up the loop
    assert seen["validated"] == seen["loop"]


def test_every_api_route_makes_one_trip():
    api = [
        route
        for (_method, path), route in served_routes(inspected_app()).items()
        if path.startswith(API_PREFIX)
    ]
    assert api
    # OneHopRoute or FastAPI's own: a router made without route_class=OneHopRoute shows here.
    two_trips = {
        route.path
        for route in api
        if not isinstance(route.original_route, OneHopRoute)
        or not inspect.iscoroutinefunction(route.original_route.endpoint)
    }
    assert two_trips == set()
