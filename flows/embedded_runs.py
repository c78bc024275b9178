"""Flow runs that embedded mode makes and runs in its own process, told apart from anyone
else's by their tags: each is made (or found again, by its outbox row's idempotency key)
before it runs, runs on the dispatcher's event loop beside the others, and, when the process
that ran it died, is marked Crashed by the next one to start."""

import logging
import os
import socket
from typing import Any

from prefect import Flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import FlowRunCreate
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
    FlowRunFilterTags,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.flow_engine import run_flow_async
from prefect.states import Crashed, Pending, State, to_state_create

logger = logging.getLogger(__name__)

EMBEDDED_TAG = "embedded-dispatcher"
PROCESS_TAG = "dispatcher-process:"  # host and process id: which process a run belongs to
UNFINISHED = [StateType.PENDING, StateType.RUNNING]
_running_here: set[str] = set()  # runs this process is running now


class StillRunning(Exception):
    """The run is going in this process already (another dispatcher of it runs it)."""


def process_tag(host: str | None = None, pid: int | None = None) -> str:
    return f"{PROCESS_TAG}{host or socket.gethostname()}/{pid or os.getpid()}"


def own_tags() -> list[str]:
    return [EMBEDDED_TAG, process_tag()]


def _without_process(tags: list[str]) -> list[str]:
    return [tag for tag in tags if not tag.startswith(PROCESS_TAG)]


async def prepare_run(
    flow: Flow, *, parameters: dict[str, Any], run_tags: list[str], key: str
) -> FlowRun:
    """The one flow run for `key`: made Pending the first time; the next times the same run,
    made Pending again unless it completed, and claimed for this process (Prefect returns the
    existing run for an idempotency key it has seen)."""
    async with get_client() as client:
        flow_id = await client.create_flow(flow)
        request = FlowRunCreate(
            flow_id=flow_id,
            flow_version=flow.version,
            parameters=parameters,
            tags=[*run_tags, *own_tags()],
            idempotency_key=key,
            state=to_state_create(Pending()),
        )
        response = await client.request(
            "POST", "/flow_runs/", json=request.model_dump(mode="json", exclude_unset=True)
        )
        run = FlowRun.model_validate(response.json())
        if str(run.id) in _running_here:
            raise StillRunning(f"flow run {run.id}")
        if run.state is not None and (run.state.is_completed() or run.state.is_pending()):
            return run  # new, or done already: nothing to reclaim
        run.tags = [*_without_process(run.tags), process_tag()]
        await client.update_flow_run(run.id, tags=run.tags)
        result = await client.set_flow_run_state(
            run.id, Pending(message="run again by the dispatcher"), force=True
        )
        run.state = result.state
    run.parameters = parameters
    return run


async def run_prepared(flow: Flow, run: FlowRun, parameters: dict[str, Any]) -> State:
    """Run a prepared run to its end on the caller's event loop, sharing its Prefect client:
    flows await their commands in worker threads, so runs never block one another. The
    caller bounds how long it waits; a run it stops waiting for is cancelled and ends Crashed,
    and the next attempt makes the same run Pending again."""
    _running_here.add(str(run.id))
    try:
        return await run_flow_async(flow, flow_run=run, parameters=parameters, return_type="state")
    finally:
        _running_here.discard(str(run.id))


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _left_by_dead_process(run: FlowRun, host: str) -> bool:
    for tag in run.tags:
        if tag.startswith(PROCESS_TAG):
            run_host, _, pid = tag.removeprefix(PROCESS_TAG).rpartition("/")
            return run_host == host and pid.isdigit() and not _is_alive(int(pid))
    return False


async def crash_orphans() -> list[str]:
    """Mark Crashed the unfinished runs of embedded processes on this host that have died (a
    kill -9 leaves them Running for ever); returns their ids. Runs of other hosts, and of
    live processes, are left alone: nothing here can tell whether they still run."""
    host = socket.gethostname()
    async with get_client() as client:
        runs = await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                tags=FlowRunFilterTags(all_=[EMBEDDED_TAG]),
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=UNFINISHED)),
            ),
            limit=200,
        )
        orphans = [run for run in runs if _left_by_dead_process(run, host)]
        for run in orphans:
            await client.set_flow_run_state(
                run.id, Crashed(message="the process running it ended"), force=True
            )
    if orphans:
        logger.warning("marked %s flow runs of a dead process Crashed", len(orphans))
    return [str(run.id) for run in orphans]
