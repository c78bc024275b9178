"""Running the real flows against the test database, and reading back what Prefect stored."""

import asyncio

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName
from prefect.client.schemas.objects import FlowRun

from flows import runtime
from flows.dispatch import dispatch_all


def flows_using(new_uow):
    """Point the flows of this process at the test database for the duration."""
    return runtime.configured(new_uow)


def dispatch(settings) -> int:
    return asyncio.run(dispatch_all(settings))


async def _flow_runs(names: list[str]) -> list[FlowRun]:
    async with get_client() as client:
        return await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=names)), limit=200
        )


def flow_runs_named(*names: str) -> list[FlowRun]:
    return asyncio.run(_flow_runs(list(names)))
