"""The dispatcher records each row's one flow run before it runs, never makes a second run for
a row, gives up on a flow start or run that hangs (writing why on the row) while the other
rows go on, and runs rows side by side."""

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from prefect import flow
from prefect.client.orchestration import PrefectClient, SyncPrefectClient, get_client
from prefect.runtime import flow_run as current_run
from prefect.settings import PREFECT_API_URL
from sqlalchemy import func, select

from casework import outbox
from casework.audit import AuditEntry
from casework.outbox import OutboxMessage
from flows import dispatch as dispatcher
from flows import runtime
from tests.support.databases import ROOT, TEST_PEPPER
from tests.support.flows import dispatch, flow_runs_named, flows_using
from tests.support.network import demo

pytestmark = pytest.mark.usefixtures("prefect_harness")

seen_by_probe: list[tuple[str, str | None]] = []


@flow(name="probe-recorded-run")
async def probe_recorded_run(row: str) -> None:
    """Notes its own run id beside the one its outbox row holds while it runs."""
    uow = runtime.uow()
    with uow:
        recorded = uow.session.get_one(OutboxMessage, int(row)).flow_run_id
    seen_by_probe.append((str(current_run.id), recorded))


busy: list[tuple[float, float]] = []


@flow(name="probe-slow")
async def probe_slow(row: str) -> None:
    started = time.monotonic()
    await asyncio.sleep(5)
    busy.append((started, time.monotonic()))


def enqueue(uow, flow_name: str, count: int) -> list[int]:
    with uow:
        for _ in range(count):
            outbox.enqueue(uow.session, now=uow.now(), flow=flow_name)
        uow.session.flush()
        ids = list(
            uow.session.scalars(select(OutboxMessage.id).where(OutboxMessage.flow == flow_name))
        )
        for row_id in ids:  # the probes are told their own row
            uow.session.get_one(OutboxMessage, row_id).parameters = {"row": str(row_id)}
        uow.commit()
    return ids


def rows(uow, *where) -> list[OutboxMessage]:
    with uow:
        return list(
            uow.session.scalars(select(OutboxMessage).where(*where).order_by(OutboxMessage.id))
        )


def intakes_done(uow, case_id) -> int:
    with uow:
        return uow.session.scalar(
            select(func.count()).where(
                AuditEntry.object_id == str(case_id), AuditEntry.action == "case.providers_proposed"
            )
        )


def test_a_rows_flow_run_is_recorded_on_it_before_the_run_starts(
    uow, new_uow, settings, monkeypatch
):
    monkeypatch.setitem(dispatcher.FLOWS, "probe-recorded-run", probe_recorded_run)
    seen_by_probe.clear()
    [row_id] = enqueue(uow, "probe-recorded-run", 1)
    with flows_using(new_uow):
        assert dispatch(settings) == 1
    [(own_id, recorded)] = seen_by_probe
    assert recorded == own_id
    [row] = rows(uow, OutboxMessage.id == row_id)
    assert row.flow_run_id == own_id and row.dispatched_at is not None


def test_a_round_of_runs_makes_one_prefect_client_of_each_kind(uow, new_uow, settings, monkeypatch):
    """Each client is a TLS context and a connection: a client per run cost a flow run a
    quarter more than an empty one (bench/lifecycle.py, flows_vs_empty). Prefect's log and
    event services, once per process, make theirs on threads of their own."""
    dispatching, made = threading.current_thread(), []
    for kind in (PrefectClient, SyncPrefectClient):
        made_one = kind.__init__

        def counting(self, *args, _kind=kind.__name__, _init=made_one, **kwargs):
            if threading.current_thread() is dispatching:
                made.append(_kind)
            _init(self, *args, **kwargs)

        monkeypatch.setattr(kind, "__init__", counting)
    monkeypatch.setitem(dispatcher.FLOWS, "probe-recorded-run", probe_recorded_run)
    enqueue(uow, "probe-recorded-run", 3)
    with flows_using(new_uow):
        assert dispatch(settings) == 3
    assert sorted(made) == ["PrefectClient", "SyncPrefectClient"]


def test_a_row_whose_process_died_before_marking_it_done_gets_no_second_run(
    uow, new_uow, settings, clock, monkeypatch
):
    opened = demo(uow).open_case(uow)
    real_mark = outbox.mark_dispatched

    def die(*args, **kwargs):  # the process dies after the run, before the row is marked
        raise SystemExit("killed")

    monkeypatch.setattr(outbox, "mark_dispatched", die)
    with flows_using(new_uow), pytest.raises(SystemExit):
        dispatch(settings)
    monkeypatch.setattr(outbox, "mark_dispatched", real_mark)
    clock.advance(timedelta(minutes=10))  # past the dead dispatcher's lease
    with flows_using(new_uow):
        assert dispatch(settings) == 1
        assert dispatch(settings) == 0

    runs = flow_runs_named(f"intake-{opened.case_id}")
    assert [r.state.type.value for r in runs] == ["COMPLETED"]
    [row] = rows(uow, OutboxMessage.flow == "intake")
    assert row.dispatched_at is not None and row.flow_run_id == str(runs[0].id)
    assert intakes_done(uow, opened.case_id) == 1


def test_a_flow_start_that_hangs_is_timed_out_and_written_on_its_row_and_the_next_rows_go(
    uow, new_uow, settings, monkeypatch
):
    d = demo(uow)
    stuck, *others = [d.open_case(uow).case_id for _ in range(3)]
    real_request = PrefectClient.request

    async def orchestrator_stalls(self, method, path, *args, **kwargs):
        if method == "POST" and path == "/flow_runs/" and str(stuck) in str(kwargs.get("json")):
            await asyncio.sleep(60)  # the orchestrator stopped answering, for this run only
        return await real_request(self, method, path, *args, **kwargs)

    monkeypatch.setattr(PrefectClient, "request", orchestrator_stalls)
    patient = settings.model_copy(update={"flow_start_timeout_seconds": 10})
    with flows_using(new_uow), ThreadPoolExecutor(1) as pool:
        assert pool.submit(dispatch, patient).result(timeout=45) == 3

    failed = {r.parameters["case_id"]: r for r in rows(uow, OutboxMessage.dispatched_at.is_(None))}
    assert list(failed) == [str(stuck)]
    assert failed[str(stuck)].attempts == 1
    assert failed[str(stuck)].last_error == "TimeoutError: flow start took longer than 10 s"
    assert all(intakes_done(uow, case_id) == 1 for case_id in others)


def test_a_flow_run_that_hangs_is_timed_out_and_written_on_its_row(
    uow, new_uow, settings, monkeypatch
):
    monkeypatch.setitem(dispatcher.FLOWS, "probe-slow", probe_slow)
    [row_id] = enqueue(uow, "probe-slow", 1)
    quick = settings.model_copy(update={"flow_run_timeout_seconds": 0.3})
    with flows_using(new_uow):
        assert dispatch(quick) == 1
    [row] = rows(uow, OutboxMessage.id == row_id)
    assert (row.dispatched_at, row.attempts) == (None, 1)
    assert row.last_error == "TimeoutError: flow run took longer than 0.3 s"
    assert row.flow_run_id is not None  # the next attempt runs this run again
    # Stopped, and shown so in Prefect, rather than left Running with no one waiting for it.
    assert asyncio.run(_states_of(row.flow_run_id))[-1] == "CRASHED"


def test_rows_are_dispatched_side_by_side(uow, new_uow, settings, monkeypatch):
    monkeypatch.setitem(dispatcher.FLOWS, "probe-slow", probe_slow)
    busy.clear()
    enqueue(uow, "probe-slow", 4)  # five seconds of work each
    side_by_side = settings.model_copy(update={"dispatcher_concurrency": 4})
    with flows_using(new_uow):
        assert dispatch(side_by_side) == 4
    assert rows(uow, OutboxMessage.dispatched_at.is_(None)) == []
    # One after another, one at a time would be at work; side by side, most of them at once.
    # (Prefect's own cost per run varies too much on a shared machine to time the whole.)
    at_once = max(sum(s <= moment < e for s, e in busy) for moment, _ in busy)
    assert at_once >= 3, busy


# Runs the dispatcher on one row whose flow never ends, in a process the test then kills.
DIES_MID_RUN = textwrap.dedent(
    """
    import asyncio
    from prefect import flow
    from casework.settings import get_settings
    from flows import dispatch

    @flow(name="probe-hang")
    async def probe_hang(row: str) -> None:
        await asyncio.sleep(600)

    dispatch.FLOWS["probe-hang"] = probe_hang
    asyncio.run(dispatch.dispatch_all(get_settings()))
    """
)


@flow(name="probe-hang")
async def probe_hang_no_more(row: str) -> None:
    pass


async def _states_of(flow_run_id: str) -> list[str]:
    async with get_client() as client:
        return [s.type.value for s in await client.read_flow_run_states(flow_run_id)]


def wait_for(condition, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)
    return result


@pytest.mark.slow
def test_a_run_left_running_by_a_killed_process_is_marked_crashed_on_start_then_run_again(
    uow, new_uow, settings, db_url, monkeypatch
):
    [row_id] = enqueue(uow, "probe-hang", 1)
    env = {
        **os.environ, "CASEWORK_DATABASE_URL": db_url, "CASEWORK_UIC_PEPPER": TEST_PEPPER,
        "PREFECT_API_URL": PREFECT_API_URL.value(),
    }  # fmt: skip
    child = subprocess.Popen([sys.executable, "-c", DIES_MID_RUN], cwd=ROOT, env=env)
    try:
        run_id = wait_for(lambda: rows(uow, OutboxMessage.id == row_id)[0].flow_run_id)
        wait_for(lambda: asyncio.run(_states_of(run_id))[-1:] == ["RUNNING"])
    finally:
        child.kill()
        child.wait()

    monkeypatch.setitem(dispatcher.FLOWS, "probe-hang", probe_hang_no_more)
    with flows_using(new_uow):
        restarted = dispatcher.Dispatcher(settings)
        restarted.start()
        try:
            assert restarted.drain() == 0  # the first round, after marking, ran the row already
        finally:
            restarted.stop()

    states = asyncio.run(_states_of(run_id))
    assert "CRASHED" in states and states[-1] == "COMPLETED", states
    [row] = rows(uow, OutboxMessage.id == row_id)
    assert row.dispatched_at is not None and row.flow_run_id == run_id
