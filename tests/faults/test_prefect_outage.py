"""Prefect stops under load: the API keeps answering, the dispatcher writes every failed
attempt on its row and shows the backlog on /healthz, and once Prefect is back everything
catches up, each row with its one flow run."""

import asyncio
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlalchemy import func, select

from casework.audit import AuditEntry
from casework.outbox import OutboxMessage
from cli.prefect_server import PRIVATE_PREFECT
from tests.support.api import UIC, issue_bearer
from tests.support.databases import ROOT, TEST_PEPPER
from tests.support.network import demo
from tests.support.receivers import free_port
from tests.support.server_stack import wait_healthy

BIN = os.path.dirname(sys.executable)
OUTAGE_SECONDS = 25
CATCH_UP_BOUND = 240  # seconds after Prefect answers again, on a shared 2-core machine


class Load:
    """Two caseworkers opening a case every half second each, until stopped."""

    def __init__(self, url: str, headers: dict) -> None:
        self.url, self.headers = url, headers
        self.answers: dict[str, int] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._drive, args=(n,)) for n in range(2)]

    def _drive(self, worker: int) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as client:
            n = 0
            while not self._stop.is_set():
                n += 1
                person = UIC | {"birth_year": 1950 + (n * 2 + worker) % 55}
                body = {"uic": person, "needs": ["hiv_testing"], "consent": {"referral": True}}
                try:
                    outcome = str(
                        client.post("/api/v1/cases", json=body, headers=self.headers).status_code
                    )
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                with self._lock:
                    self.answers[outcome] = self.answers.get(outcome, 0) + 1
                time.sleep(0.5)

    def __enter__(self) -> "Load":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)


def start_prefect(port: int, home: str, log) -> subprocess.Popen:
    env = {**os.environ, **PRIVATE_PREFECT, "PREFECT_HOME": home}
    env.pop("PREFECT_API_URL", None)
    server = subprocess.Popen(
        [f"{BIN}/prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    wait_healthy(f"http://127.0.0.1:{port}/api/health", server, "the Prefect server", timeout=120)
    return server


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def health(app_url: str) -> dict:
    return httpx.get(f"{app_url}/healthz", timeout=10).json()


def counts(uow) -> dict[str, int]:
    with uow:
        rows = uow.session.scalars(select(OutboxMessage)).all()
        return {
            "rows": len(rows),
            "dispatched": sum(r.dispatched_at is not None for r in rows),
            "failed_now": sum(r.last_error is not None for r in rows),
            "retried": sum(r.attempts > 1 for r in rows),
            "intakes_done": uow.session.scalar(
                select(func.count()).where(AuditEntry.action == "case.providers_proposed")
            ),
        }


async def _states(api_url: str, run_ids: list[str]) -> list[str]:
    with temporary_settings({PREFECT_API_URL: api_url}):
        async with get_client() as client:
            runs = await client.read_flow_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=run_ids)), limit=len(run_ids)
            )
    return sorted(run.state.type.value for run in runs if run.state)


@pytest.mark.timeout(600)
def test_prefect_stopped_under_load_the_api_answers_and_the_backlog_drains(
    uow, db_url, tmp_path, clock
):
    clock.current = datetime.now(UTC)  # the app runs on the real clock
    demo(uow)
    headers = issue_bearer(uow, "demo-caseworker")
    prefect_port, app_port = free_port(), free_port()
    api_url = f"http://127.0.0.1:{prefect_port}/api"
    app_url = f"http://127.0.0.1:{app_port}"
    log = (tmp_path / "processes.log").open("ab")
    prefect = start_prefect(prefect_port, str(tmp_path / "prefect-home"), log)
    app_env = {
        **os.environ, **PRIVATE_PREFECT,
        "PREFECT_HOME": str(tmp_path / "app-prefect-home"), "PREFECT_API_URL": api_url,
        "CASEWORK_DATABASE_URL": db_url, "CASEWORK_UIC_PEPPER": TEST_PEPPER,
        "CASEWORK_DATA_DIR": str(tmp_path), "CASEWORK_DISPATCHER_POLL_SECONDS": "0.5",
        # Rows side by side, so that attempts meet the outage while one waits on its timeout.
        "CASEWORK_DISPATCHER_CONCURRENCY": "4",
        "CASEWORK_FLOW_START_TIMEOUT_SECONDS": "10", "CASEWORK_FLOW_RUN_TIMEOUT_SECONDS": "30",
        "CASEWORK_SWEEP_INTERVAL_MINUTES": "0", "CASEWORK_GOVERNANCE_INTERVAL_MINUTES": "0",
    }  # fmt: skip
    app = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import app; app()", "serve", "--port", str(app_port)],
        cwd=ROOT, env=app_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_healthy(f"{app_url}/healthz", app, "the app", timeout=120)
        with Load(app_url, headers) as load:
            time.sleep(5)
            before = counts(uow)
            stop(prefect)  # Prefect goes away mid-flow
            worst_backlog, failing = 0, 0
            outage_ends = time.monotonic() + OUTAGE_SECONDS
            while time.monotonic() < outage_ends:
                worst_backlog = max(worst_backlog, health(app_url)["outbox"]["backlog"])
                failing = max(failing, counts(uow)["failed_now"])
                time.sleep(1)
            during = counts(uow)
            prefect = start_prefect(prefect_port, str(tmp_path / "prefect-home"), log)
            back_at = time.monotonic()
            time.sleep(5)
        produced = counts(uow)["rows"]
        while (backlog := health(app_url)["outbox"])["backlog"] > 0:
            assert time.monotonic() - back_at < CATCH_UP_BOUND, (backlog, counts(uow))
            # Still counted: an attempt in flight when Prefect stopped waits for its run's
            # timeout (30 s), longer than the outage, and may fail only once it is over.
            failing = max(failing, counts(uow)["failed_now"])
            time.sleep(1)
        caught_up = time.monotonic() - back_at
        after = counts(uow)
        with uow:
            run_ids = list(uow.session.scalars(select(OutboxMessage.flow_run_id)))
        states = asyncio.run(_states(api_url, run_ids))
    finally:
        stop(app)
        stop(prefect)
        log.close()

    print(
        f"\nanswers {load.answers}; rows before the outage {before}, at its end {during}; "
        f"worst backlog {worst_backlog}, rows failing at once (outage and catch-up) {failing}; "
        f"{produced} rows, all dispatched {caught_up:.0f} s after Prefect came back: {after}; "
        f"flow runs {len(states)} ({len(set(run_ids))} distinct ids)"
    )
    assert set(load.answers) == {"201"}, load.answers  # the API never stopped answering
    assert during["dispatched"] < during["rows"] and worst_backlog > 0
    assert failing > 0 and after["retried"] > 0  # failed attempts were written on their rows
    assert after["rows"] == produced, after  # every case opened wrote its one row
    assert after["dispatched"] == produced, after
    # One audit row per intake, though a run Prefect lost track of is run again (CI once saw
    # 153 for 152 cases: the retried intake wrote its audit row twice).
    assert after["intakes_done"] == produced, after
    assert len(set(run_ids)) == len(run_ids) == len(states)  # one run per row
    assert set(states) == {"COMPLETED"}, states
