"""API routes whose endpoint, its actor and its response take one trip to the thread pool.

FastAPI runs a plain `def` endpoint in its thread pool, then validates what it returned in a
second trip there, and a plain `def` dependency (the token's lookup) in a third. Under load
each trip costs CPU and a wait for the GIL, as much as a database round trip. Here the whole
endpoint runs in one trip, with the actor's token looked up first in that same trip and in
the unit of work's first transaction (service.deps.PresentedToken), and the answer is
validated on the event loop."""

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from service.deps import PresentedToken


class OneHopRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if inspect.iscoroutinefunction(endpoint):
            raise TypeError(f"{path}: API endpoints are plain functions (service/one_hop.py)")
        super().__init__(path, _in_thread(endpoint), **kwargs)


def _in_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    # wraps: FastAPI reads the parameters and the return type through __wrapped__, and the
    # access policy declared on the endpoint (service.policies) is copied over.
    @functools.wraps(endpoint)
    async def in_thread(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(_with_actor, endpoint, *args, **kwargs)

    return in_thread


def _with_actor(endpoint: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call `endpoint` with the actor its token stands for in place of the token."""
    presented = next((v for v in kwargs.values() if isinstance(v, PresentedToken)), None)
    if presented is None:
        return endpoint(*args, **kwargs)
    try:
        actor = presented.actor()
        given = {k: actor if v is presented else v for k, v in kwargs.items()}
        return endpoint(*args, **given)
    finally:
        presented.uow.release()
