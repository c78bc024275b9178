"""Server mode on this machine, as deployments/README.md describes it: a Prefect server on a
PostgreSQL database of its own, behind Prefect's basic auth, the deployments of prefect.yaml,
a process worker and the API under uvicorn with several workers, both connected as a runtime
role that owns no table (migrations and seeding run as the owner); each a child process on a
free port, stopped in order."""

import os
import secrets
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from casework.clock import SystemClock
from casework.db import create_db_engine
from casework.demo.network import seed_demo_network
from casework.demo.users import seed_demo_users
from casework.runtime_role import grant_runtime
from cli.prefect_server import PRIVATE_PREFECT
from tests.support.databases import (
    DEMO_PASSWORD,
    ROOT,
    TEST_PEPPER,
    Backend,
    make_uow,
    migrate,
    postgres_admin_url,
    settings_for,
)
from tests.support.receivers import free_port

BIN = Path(sys.executable).parent
POOL = "casework"
PREFECT_FILE = "deployments/prefect.yaml"


@dataclass
class ServerStack:
    prefect_api: str
    app_url: str
    casework_url: str  # as the runtime role, which the worker and the API use
    workdir: Path
    # Prefect's basic auth, "user:password": the server requires it, every client sends it.
    prefect_auth: str
    prefect_database_url: str  # Prefect's own database, for the no-leak search
    processes: list[subprocess.Popen] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            **PRIVATE_PREFECT,
            "PREFECT_HOME": str(self.workdir / "prefect-home"),
            "PREFECT_API_URL": self.prefect_api,
            "PREFECT_API_AUTH_STRING": self.prefect_auth,
            **extra,
        }

    def prefect_settings(self) -> dict:
        """For `temporary_settings`: this process as a client of the stack's Prefect."""
        from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL

        return {PREFECT_API_URL: self.prefect_api, PREFECT_API_AUTH_STRING: self.prefect_auth}

    def casework_env(self, **extra: str) -> dict[str, str]:
        """What the worker and the API read: the same database, keys and mode."""
        return self.env(
            CASEWORK_ENVIRONMENT="test",
            CASEWORK_MODE="server",
            CASEWORK_DATABASE_URL=self.casework_url,
            CASEWORK_UIC_PEPPER=TEST_PEPPER,
            # The keys seeded_database made (settings_for) live in this data folder.
            CASEWORK_DATA_DIR=str(self.workdir),
            **extra,
        )

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("ab")
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        self.processes.append(process)
        return process

    def run(self, args: list[str], **extra: str) -> None:
        done = subprocess.run(args, env=self.env(**extra), cwd=ROOT, capture_output=True)
        if done.returncode != 0:
            raise RuntimeError(
                f"{args[1:3]} failed: {done.stdout[-2000:]!r} {done.stderr[-2000:]!r}"
            )

    def mark(self, what: str) -> None:
        """A timeline of the start-up, kept beside the logs."""
        with (self.workdir / "timeline.log").open("a") as timeline:
            timeline.write(f"{time.monotonic():.1f} {what}\n")

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")[-4000:]


def wait_healthy(url: str, process: subprocess.Popen, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.3)


def seeded_database(postgres: Backend, name: str, workdir: Path, *, runtime_role: str) -> str:
    """A migrated database with the demo network, seeded as of today (this test runs on the
    real clock, the worker's is moved on, so the memorandum must be valid now), and its URL
    for `runtime_role`, granted what the app needs as docs/operations.md says."""
    postgres._admin(f'CREATE DATABASE "{name}"')
    owner = make_url(postgres.admin_url).set(database=name)
    url = owner.render_as_string(hide_password=False)
    migrate(url)
    engine = create_db_engine(url)
    uow = make_uow(engine, SystemClock(), settings_for(url, workdir))
    seed_demo_network(uow, today=uow.calendar.today(uow.now()))
    seed_demo_users(uow, password=DEMO_PASSWORD)
    grant_runtime(engine, runtime_role)
    engine.dispose()
    runtime = owner.set(username=runtime_role, password=runtime_role)
    return runtime.render_as_string(hide_password=False)


@contextmanager
def server_stack(workdir: Path, *, worker_clock_offset: float) -> Iterator[ServerStack]:
    """Start everything; the worker's flows see the clock moved by `worker_clock_offset`
    seconds (CASEWORK_CLOCK_OFFSET_SECONDS, test only)."""
    postgres = Backend("postgresql", template="", admin_url=postgres_admin_url())
    suffix = uuid.uuid4().hex[:10]
    prefect_db, casework_db = f"prefect_test_{suffix}", f"casework_server_{suffix}"
    runtime_role = f"casework_runtime_{suffix}"
    prefect_port, app_port = free_port(), free_port()
    prefect_url = make_url(postgres.admin_url).set(
        drivername="postgresql+asyncpg", database=prefect_db
    )
    stack = ServerStack(
        prefect_api=f"http://127.0.0.1:{prefect_port}/api",
        app_url=f"http://127.0.0.1:{app_port}",
        casework_url="",
        workdir=workdir,
        prefect_auth=f"operator:{secrets.token_urlsafe(16)}",
        prefect_database_url=prefect_url.set(drivername="postgresql+psycopg").render_as_string(
            hide_password=False
        ),
    )
    prefect = str(BIN / "prefect")
    postgres._admin(f'CREATE DATABASE "{prefect_db}"')
    postgres._admin(f"CREATE ROLE {runtime_role} LOGIN PASSWORD '{runtime_role}'")
    try:
        stack.mark("start")
        server = stack.start(
            "prefect-server",
            [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(prefect_port)],
            stack.env(
                PREFECT_API_DATABASE_CONNECTION_URL=prefect_url.render_as_string(
                    hide_password=False
                ),
                PREFECT_SERVER_API_AUTH_STRING=stack.prefect_auth,
                # Look for due schedules every second, so the test sees the sweep scheduled.
                PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="1",
            ),
        )
        stack.casework_url = seeded_database(  # meanwhile
            postgres, casework_db, workdir, runtime_role=runtime_role
        )
        stack.mark("casework database seeded")
        wait_healthy(f"{stack.prefect_api}/health", server, "the Prefect server")
        stack.mark("prefect server healthy")
        stack.run([prefect, "work-pool", "create", POOL, "--type", "process"])
        stack.mark("work pool created")
        stack.run(
            [prefect, "--no-prompt", "deploy", "--all", "--prefect-file", PREFECT_FILE],
            CASEWORK_PROJECT_DIR=str(ROOT),
        )
        stack.mark("deployed")
        worker_env = stack.casework_env(
            CASEWORK_CLOCK_OFFSET_SECONDS=str(worker_clock_offset),
            PREFECT_WORKER_QUERY_SECONDS="1",
        )
        stack.start("worker", [prefect, "worker", "start", "--pool", POOL], worker_env)
        uvicorn = [str(BIN / "uvicorn"), "service.app:create_app", "--factory"]
        app = stack.start(
            "api",
            [*uvicorn, "--host", "127.0.0.1", "--port", str(app_port), "--workers", "2"],
            stack.casework_env(CASEWORK_DISPATCHER_POLL_SECONDS="0.5"),
        )
        wait_healthy(f"{stack.app_url}/healthz", app, "the API")
        stack.mark("api healthy")
        yield stack
    finally:
        # Workers and the API first, then the server (docs/operations.md).
        for process in reversed(stack.processes):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        postgres._admin(f'DROP DATABASE IF EXISTS "{casework_db}" WITH (FORCE)')
        postgres._admin(f'DROP DATABASE IF EXISTS "{prefect_db}" WITH (FORCE)')
        postgres._admin(f"DROP ROLE IF EXISTS {runtime_role}")
