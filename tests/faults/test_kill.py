"""kill -9 of the app at random moments, while clients take beneficiaries through their
lifecycles (case opened, referred, accepted, visit confirmed, case resolved) and retry every
request with its Idempotency-Key whenever the connection is lost. The app runs as the user runs
it (`casework serve`, embedded mode, on SQLite and on PostgreSQL) against a Prefect server the
module starts once; it is started again after every kill.

The contract, checked after the last restart: every transition the API acknowledged is there
exactly once (its state and its audit row), no retry was refused for good, every outbox row was
dispatched and its flow completed exactly once, no flow run is left RUNNING (or PENDING), and the audit
chain verifies."""

import asyncio
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterExpectedStartTime
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from casework.audit import AuditEntry
from casework.audit_verify import verify_chain
from casework.beneficiaries.model import Beneficiary
from casework.cases.model import Case
from casework.clock import SystemClock
from casework.db import create_db_engine
from casework.demo.network import seed_demo_network
from casework.demo.users import seed_demo_users
from casework.outbox import OutboxMessage
from casework.referrals.model import Referral
from cli.prefect_server import PRIVATE_PREFECT
from tests.support.api import case_body
from tests.support.databases import DEMO_PASSWORD, TEST_PEPPER, make_uow, migrate, settings_for
from tests.support.network import demo
from tests.support.processes import casework_process, wait_answering
from tests.support.receivers import free_port

pytestmark = pytest.mark.timeout(1200)

SEED = 13
KILLS = 6
DRIVERS = 3  # clients driving lifecycles side by side
# Each kill comes after 1 to MAX_STEPS_BETWEEN_KILLS more acknowledged transitions (or after
# KILL_ANYWAY seconds without), then a random fraction of a second: mid-request, mid-flow, idle.
MAX_STEPS_BETWEEN_KILLS = 4
KILL_ANYWAY = 30.0
# A killed request leaves its Idempotency-Key claimed for the claim's lease (short here, so that
# the battery does not spend its time waiting); retries get 409 idempotency.key_in_use with
# Retry-After until then, and are given up after KEY_LEASE_WAIT.
KEY_LEASE = 10
KEY_LEASE_WAIT = KEY_LEASE + 20.0
# How long the outbox may take to settle after the last restart: rows a killed dispatcher had
# claimed but not started wait out its lease (flows.dispatch.lease: start and run timeouts and
# 10 s, 100 s by default), then go.
OUTBOX_SETTLE = 160.0
START_TIMEOUT = 180.0  # the app's start on a busy machine: 5 s quiet, 30 s at load 10
UNFINISHED = ("RUNNING", "PENDING")  # a run of a dead process stays so in Prefect
ALL_TRUE = {"anonymous": True, "free": True, "voluntary": True}
LETTERS = "АБВГДЕЖЗИК"
STEPS = (
    "case.opened",
    "referral.requested",
    "referral.accepted",
    "referral.completed",
    "case.outcome_recorded",
)


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory) -> Iterator[str]:
    """The known Prefect server of embedded mode, as `make demo` runs one."""
    home = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    prefect = str(Path(sys.executable).with_name("prefect"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    with (home / "server.log").open("ab") as log:
        server = subprocess.Popen(
            [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env | PRIVATE_PREFECT | {"PREFECT_HOME": str(home)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_answering(f"http://127.0.0.1:{port}/api/health", server, START_TIMEOUT)
        yield f"http://127.0.0.1:{port}/api"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def database(backend, tmp_path) -> Iterator[str]:
    """The demo network seeded as of today: the app runs on the real clock."""
    if backend.name == "sqlite":
        url = f"sqlite:///{tmp_path / 'casework.db'}"
    else:
        name = f"casework_kill_{uuid.uuid4().hex[:10]}"
        backend._admin(f'CREATE DATABASE "{name}"')
        url = make_url(backend.admin_url).set(database=name).render_as_string(hide_password=False)
    migrate(url)
    engine = create_db_engine(url)
    uow = make_uow(engine, SystemClock(), settings_for(url, tmp_path))
    seed_demo_network(uow, today=uow.calendar.today(uow.now()))
    seed_demo_users(uow, password=DEMO_PASSWORD)
    engine.dispose()
    yield url
    backend.drop(url)


class App:
    """`casework serve` on a free port, killed and started again at will."""

    def __init__(self, env: dict[str, str], log: Path, stack: ExitStack) -> None:
        self.env, self.log, self.stack = env, log, stack
        port = free_port()
        self.args = ["serve", "--port", str(port)]
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = self.stack.enter_context(casework_process(self.args, self.env, self.log))
        wait_answering(f"{self.url}/healthz", self.process, START_TIMEOUT)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


class GaveUp(Exception):
    """A retry was refused for longer than KEY_LEASE_WAIT."""


class ResponseLost(Exception):
    """A request that created an object committed, but its answer (the new id) was lost."""


@dataclass
class Ledger:
    """What the clients sent and what the API acknowledged, shared by the drivers."""

    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # (object id, action)
    finished: list[tuple[str, str]] = field(default_factory=list)  # (case id, referral id)
    gave_up: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    tally: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    lifecycles: int = 0

    def wait_for_progress(self, steps: int, timeout: float) -> None:
        target = len(self.acknowledged) + steps
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < target and time.monotonic() < deadline:
            time.sleep(0.05)

    def note(self, what: str, **lists: str) -> None:
        with self.lock:
            self.tally[what] += 1
            for name, item in lists.items():
                getattr(self, name).append(item)


def error_key(response: httpx.Response) -> str:
    try:
        return response.json()["detail"][0].get("key", "")
    except (ValueError, KeyError, IndexError, TypeError):
        return ""


class Client:
    """An API client that keeps each request's Idempotency-Key across its retries."""

    def __init__(self, base: str, ledger: Ledger) -> None:
        self.base, self.ledger = base, ledger
        self.http = httpx.Client(base_url=base, timeout=30)

    def login(self, username: str) -> str:
        while True:
            try:
                response = self.http.post(
                    "/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
                )
            except httpx.TransportError:
                time.sleep(0.3)
                continue
            if response.status_code == 200:
                return response.json()["access_token"]
            time.sleep(0.3)

    def post(self, path: str, token: str, body: dict | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
        self.ledger.note("requests")
        refused_since = None
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.http.post(path, json=body, headers=headers)
            except httpx.TransportError:  # the app was killed, or is starting again
                self.ledger.note("retries after a lost connection")
                time.sleep(0.3)
                continue
            if response.status_code >= 500:
                self.ledger.note("retries after a 5xx")
                time.sleep(0.3)
                continue
            if response.status_code == 409 and error_key(response) == "idempotency.key_in_use":
                refused_since = refused_since or time.monotonic()
                if time.monotonic() - refused_since > KEY_LEASE_WAIT:
                    raise GaveUp(path)
                self.ledger.note("retries refused: key in use")
                time.sleep(float(response.headers.get("Retry-After", 1)))
                continue
            if response.headers.get("Idempotent-Replayed") == "true":
                self.ledger.note("responses replayed")
            elif attempt > 1:
                self.ledger.note("requests run again on retry")
            return response


def lifecycle(client: Client, ngo: str, focal: str, institution: int, index: int) -> None:
    """One beneficiary (a UIC of their own) from intake to a resolved case, referred to the
    focal point's institution (routing may pick another that offers the service)."""
    ledger = client.ledger
    uic = case_body()["uic"] | {
        "birth_year": 1940 + index % 60,
        "mother_letters": LETTERS[index // 60 % 10] + LETTERS[index // 600 % 10],
    }

    def step(
        path: str, token: str, body: dict | None, status: int, action: str, subject: str = ""
    ) -> dict:
        response = client.post(path, token, body)
        if response.status_code == 409 and error_key(response) == "idempotency.response_lost":
            # The kill came between the commit and the stored response: the change was made
            # (docs/operations.md), so it counts as acknowledged; a new object's id is lost
            # with the response, and its lifecycle with it.
            if not subject:
                raise ResponseLost(action)
            ledger.note("responses lost after the commit")
            ledger.note(action, acknowledged=(subject, action))
            return {"id": subject}
        if response.status_code != status:
            raise AssertionError(f"{action}: {response.status_code} {error_key(response)}")
        answer = response.json()
        ledger.note(action, acknowledged=(answer["id"], action))
        return answer

    try:
        case = step("/api/v1/cases", ngo, case_body(uic=uic), 201, "case.opened")["id"]
        referral = step(
            f"/api/v1/cases/{case}/referrals",
            ngo,
            {"service": "hiv_testing", "institution_id": institution},
            201,
            "referral.requested",
        )["id"]
        step(
            f"/api/v1/referrals/{referral}/accept", focal, None, 200, "referral.accepted", referral
        )
        step(
            f"/api/v1/referrals/{referral}/complete",
            focal,
            {"attestations": ALL_TRUE},
            200,
            "referral.completed",
            referral,
        )
        outcome = {"resolved": True}
        step(f"/api/v1/cases/{case}/outcome", ngo, outcome, 200, "case.outcome_recorded", case)
        ledger.note("lifecycles finished", finished=(case, referral))
    except ResponseLost:
        ledger.note("lifecycles abandoned: a new object's response lost")
    except GaveUp as stuck:
        ledger.note("lifecycles abandoned", gave_up=str(stuck))
    except AssertionError as odd:
        ledger.note("lifecycles abandoned", unexpected=str(odd))


def drive(client: Client, tokens: tuple[str, str, int], done: threading.Event) -> None:
    while not done.is_set():
        with client.ledger.lock:
            index = client.ledger.lifecycles
            client.ledger.lifecycles += 1
        lifecycle(client, *tokens, index)


def wait_for_outbox(uow, timeout: float) -> None:
    """Until no row is due and undispatched (retries scheduled later do not count)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with uow:
            due = uow.session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(
                    OutboxMessage.dispatched_at.is_(None),
                    OutboxMessage.available_at <= datetime.now(UTC),
                )
            )
        if due == 0:
            return
        time.sleep(2)


async def flow_runs_since(started: datetime) -> list[tuple[str, dict, str]]:
    """(flow name, parameters, state type) of every run created since `started`."""
    runs, offset = [], 0
    async with get_client() as client:
        while True:
            page = await client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    expected_start_time=FlowRunFilterExpectedStartTime(after_=started)
                ),
                limit=200,
                offset=offset,
            )
            runs += page
            offset += len(page)
            if len(page) < 200:
                break
        names = {flow.id: flow.name for flow in await client.read_flows()}
    return [(names[r.flow_id], r.parameters, r.state.type.value if r.state else "") for r in runs]


def test_kill_9_at_random_moments_loses_and_repeats_nothing(
    prefect_api, database, tmp_path, capsys
):
    started = datetime.now(UTC)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CASEWORK_"))}
    env |= PRIVATE_PREFECT | {
        "PREFECT_API_URL": prefect_api,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "CASEWORK_ENVIRONMENT": "test",
        "CASEWORK_DATABASE_URL": database,
        "CASEWORK_DATA_DIR": str(tmp_path),  # the vault key settings_for made
        "CASEWORK_UIC_PEPPER": TEST_PEPPER,
        "CASEWORK_DISPATCHER_POLL_SECONDS": "0.5",
        "CASEWORK_IDEMPOTENCY_LEASE_SECONDS": str(KEY_LEASE),
        # Only the lifecycles' flows: each run then belongs to one outbox row.
        "CASEWORK_SWEEP_INTERVAL_MINUTES": "0",
        "CASEWORK_GOVERNANCE_INTERVAL_MINUTES": "0",
    }
    ledger, done, rng = Ledger(), threading.Event(), random.Random(SEED)
    with ExitStack() as stack:
        app = App(env, tmp_path / "app.log", stack)
        app.start()
        client = Client(app.url, ledger)
        engine = create_db_engine(database)
        stack.callback(engine.dispose)
        uow = make_uow(engine, SystemClock(), settings_for(database, tmp_path))
        tokens = (
            client.login("demo-caseworker"),
            client.login("demo-focal"),
            demo(uow).aids_centre,
        )
        drivers = [
            threading.Thread(target=drive, args=(Client(app.url, ledger), tokens, done))
            for _ in range(DRIVERS)
        ]
        for driver in drivers:
            driver.start()
        try:
            for _ in range(KILLS):
                ledger.wait_for_progress(rng.randint(1, MAX_STEPS_BETWEEN_KILLS), KILL_ANYWAY)
                time.sleep(rng.uniform(0, 0.5))
                app.kill()
                ledger.note("kills")
                app.start()
        finally:
            done.set()
            for driver in drivers:
                driver.join(timeout=KEY_LEASE_WAIT + 120)
        wait_for_outbox(uow, OUTBOX_SETTLE)
        app.stop()  # gracefully: the dispatcher finishes its round

        with temporary_settings(updates={PREFECT_API_URL: prefect_api}):
            runs = asyncio.run(flow_runs_since(started))
        with uow:
            session = uow.session
            audit = Counter(
                session.execute(
                    select(AuditEntry.object_id, AuditEntry.action).where(
                        AuditEntry.action.in_(STEPS)
                    )
                ).all()
            )
            chain = verify_chain(session, key=uow.keys.audit_chain_key)
            cases = dict(session.execute(select(Case.id, Case.status)).all())
            referrals = session.execute(
                select(Referral.id, Referral.case_id, Referral.status)
            ).all()
            same_uic = session.execute(
                select(Beneficiary.uic_hmac, func.count())
                .group_by(Beneficiary.uic_hmac)
                .having(func.count() > 1)
            ).all()
            rows = session.execute(
                select(OutboxMessage.flow, OutboxMessage.parameters, OutboxMessage.dispatched_at)
            ).all()

    completed = Counter(
        (name, tuple(sorted(params.items())))
        for name, params, state in runs
        if state == "COMPLETED"
    )
    dispatched = Counter(
        (row.flow, tuple(sorted(row.parameters.items()))) for row in rows if row.dispatched_at
    )
    undispatched = [row.flow for row in rows if row.dispatched_at is None]
    left_running = [(name, state) for name, _params, state in runs if state in UNFINISHED]
    twice = {key: n for key, n in completed.items() if n != dispatched.get(key, 0)}
    twice |= {key: 0 for key in dispatched if key not in completed}
    with capsys.disabled():
        print(
            f"\nkill -9 battery ({make_url(database).get_backend_name()}): "
            f"{ledger.lifecycles} lifecycles, {dict(ledger.tally)}; "
            f"{len(cases)} cases, {len(referrals)} referrals, {len(rows)} outbox rows "
            f"({len(undispatched)} undispatched), {len(runs)} flow runs "
            f"({Counter(state for *_, state in runs)}), audit chain {chain.rows} rows"
        )

    broken = []
    if ledger.tally["kills"] != KILLS:
        broken.append(f"{ledger.tally['kills']} kills of {KILLS}")
    if ledger.gave_up:
        broken.append(f"retries refused for over {KEY_LEASE_WAIT:.0f} s: {ledger.gave_up}")
    if ledger.unexpected:
        broken.append(f"unexpected answers to retried requests: {ledger.unexpected}")
    missing = [ack for ack in ledger.acknowledged if audit[ack] != 1]
    if missing:
        broken.append(f"acknowledged transitions not recorded once: {missing}")
    duplicated = [row for row, n in audit.items() if n > 1]
    if duplicated or same_uic:
        broken.append(f"transitions recorded twice: {duplicated}, cases opened twice: {same_uic}")
    per_case = Counter(case_id for _id, case_id, _status in referrals)
    if any(n > 1 for n in per_case.values()):
        broken.append(f"a case referred twice: {per_case.most_common(3)}")
    status = {str(referral_id): s.value for referral_id, _case, s in referrals}
    wrong = [
        (case, str(cases[uuid.UUID(case)]), status[referral])
        for case, referral in ledger.finished
        if (cases[uuid.UUID(case)].value, status[referral]) != ("resolved", "completed")
    ]
    if wrong:
        broken.append(f"finished lifecycles in the wrong state: {wrong}")
    if [flow for flow in undispatched if flow != "deliver-notifications"]:
        broken.append(f"outbox rows never dispatched: {Counter(undispatched)}")
    if twice:
        broken.append(f"outbox rows whose flow completed other than once: {twice}")
    if left_running:
        broken.append(f"flow runs left unfinished: {Counter(left_running)}")
    if not chain.intact:
        broken.append(f"audit chain broken: {chain.problem}")
    assert not broken, "\n".join(broken)
