"""API routes whose endpoint and response run in one trip to the thread pool.

FastAPI runs a plain `def` endpoint in its thread pool, then validates what it returned in a
second trip there. Under load each trip costs CPU and a wait for the GIL, as much as a
database round trip; wrapped in a coroutine that runs the whole endpoint in the pool, the
answer is validated on the event loop, after one trip."""

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool


class OneHopRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _in_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)


def _in_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    # wraps: FastAPI reads the parameters and the return type through __wrapped__, and the
    # access policy declared on the endpoint (service.policies) is copied over.
    @functools.wraps(endpoint)
    async def in_thread(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return in_thread
