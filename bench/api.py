"""What the HTTP API costs per request: `GET /api/v1/cases` served by the app as operators run
it (`casework serve`), against a bare FastAPI app (the anchor) under uvicorn that runs the same
SQL for the same request, in one transaction: the bearer token's lookup, the page of 50 cases,
and the audit row of the read. Both run on a scratch PostgreSQL database with one worker (the
app with two as well) and get the same load from wrk on 127.0.0.1 (keep-alive connections, a
warm-up first, then a fixed time; `apt-get install wrk`), in rounds: each server once a round,
in turn.

    .venv/bin/python bench/api.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
        [--cases 300] [--seconds 10] [--rounds 3] [--connections 16]

Creates a scratch database, migrates it, seeds the demo network and its accounts and opens
`--cases` cases for one NGO, and drops the database at the end, even on failure. The last
lines are the ratios (engine over anchor, lower is better)."""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi import FastAPI, Header, HTTPException
from sqlalchemy import NullPool, create_engine, insert, text
from sqlalchemy.engine import make_url

from bench.lifecycle import CHAIN_KEY
from casework.accounts.commands import token_hash
from casework.audit import AuditEntry, PendingEntry, content_mac
from casework.settings import DEFAULT_POOL_SIZE
from tests.support.databases import DEMO_PASSWORD, TEST_PEPPER

ROOT = Path(__file__).resolve().parent.parent
BARE_URL = "BENCH_API_DATABASE_URL"  # where the bare app, started by uvicorn, finds its database
PAGE = 50
CASEWORKER = "demo-caseworker"
APP = "service.app:create_app"

TOKEN = text(
    "SELECT t.expires_at, t.revoked_at, u.is_active, u.organisation_id "
    "FROM access_tokens t JOIN users u ON u.id = t.user_id "
    "WHERE t.token_hash = :hash AND t.kind = 'api'"
)
CASES = text(
    "SELECT c.id, b.display_code, c.status, c.opened_at, c.closed_at "
    "FROM cases c JOIN beneficiaries b ON b.id = c.beneficiary_id "
    "WHERE c.ngo_id = :ngo ORDER BY c.opened_at DESC, c.id LIMIT :limit OFFSET 0"
)


def bare_app() -> FastAPI:
    """The anchor: the same SQL as the app's `GET /api/v1/cases`, nothing else (uvicorn
    factory; the database comes from BENCH_API_DATABASE_URL)."""
    # The app's pool: with SQLAlchemy's default (5, and 10 more closed on return), 16
    # connections of load made the anchor open a PostgreSQL connection every few requests.
    pool = DEFAULT_POOL_SIZE
    engine = create_engine(os.environ[BARE_URL], pool_size=pool, max_overflow=pool)
    app = FastAPI()

    @app.get("/api/v1/cases")
    def list_cases(authorization: str = Header("")) -> dict:
        with engine.begin() as db:
            row = db.execute(TOKEN, {"hash": token_hash(authorization.removeprefix("Bearer "))})
            token = row.first()
            now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC
            if token is None or token.revoked_at or not token.is_active or token.expires_at <= now:
                raise HTTPException(401)
            items = [
                {
                    "id": str(case.id),
                    "display_code": case.display_code,
                    "status": case.status,
                    "opened_at": case.opened_at.replace(tzinfo=UTC).isoformat(),
                    "closed_at": case.closed_at and case.closed_at.replace(tzinfo=UTC).isoformat(),
                }
                for case in db.execute(CASES, {"ngo": token.organisation_id, "limit": PAGE})
            ]
            entry = PendingEntry(
                at=now.replace(tzinfo=UTC),
                actor_id="bench",
                actor_role="caseworker",
                organisation_id=token.organisation_id,
                action="case.listed",
                object_type="members",
                object_id=str(token.organisation_id),
            )
            # Written unsealed with its MAC, as the engine's commit does (casework.audit).
            db.execute(
                insert(AuditEntry.__table__), {"mac": content_mac(CHAIN_KEY, entry), **vars(entry)}
            )
        return {"items": items, "limit": PAGE, "offset": 0}

    return app


def scratch_database(admin_url: str) -> str:
    import uuid

    name = f"casework_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def seed_cases(url: str, data_dir: Path, count: int) -> None:
    """The demo network and accounts, and `count` cases of the first NGO, opened by its
    caseworker through the casework command."""
    from casework.cases.commands import open_case
    from casework.clock import FrozenClock
    from casework.db import create_db_engine
    from casework.network.services import ServiceCode
    from casework.privacy.uic import Sex, UicParts
    from tests.support.databases import make_uow, migrate, seed, settings_for
    from tests.support.network import demo

    migrate(url)
    settings = settings_for(url, data_dir)
    seed(url, settings)
    engine = create_db_engine(url)
    uow = make_uow(engine, FrozenClock(), settings)
    d = demo(uow)
    letters = ["МА", "РА", "ЗА", "НО", "ФА", "ДИ", "СА", "КА"]
    for n in range(count):
        open_case(
            uow,
            actor=d.caseworker(),
            uic=UicParts(Sex.FEMALE, 1950 + n % 50, letters[n % 8], letters[n // 8 % 8]),
            needs=[ServiceCode.HIV_TESTING],
            consent_to_referral=True,
        )
    engine.dispose()


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its live descendants (its workers), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return 0.0
    children = [int(c) for t in tasks for c in (t / "children").read_text().split()]
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return own + sum(cpu_seconds(child) for child in children)


def machine_busy() -> tuple[int, int]:
    """Jiffies of all CPUs since boot: (busy, total), from /proc/stat."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields) - idle, sum(fields)


def sessions_opened(url: str) -> int:
    """Connections made to the database so far: a server that keeps opening them under a
    steady load pays PostgreSQL's start-up for a connection on many of its requests."""
    database = make_url(url).database
    # Asked from another database: this question's own connection is not counted.
    other = make_url(url).set(database="postgres")
    with create_engine(other, poolclass=NullPool).connect() as connection:
        return connection.execute(
            text("SELECT sessions FROM pg_stat_database WHERE datname = :db"), {"db": database}
        ).scalar_one()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server in a process of its own, stopped on leaving the block: the app as operators
    run it (`casework serve --workers N`, a listening socket per worker), the bare app under
    uvicorn (one worker)."""

    def __init__(self, app: str, *, workers: int, env: dict[str, str]) -> None:
        self.port = free_port()
        if app == APP:
            casework = Path(sys.executable).with_name("casework")
            self.command = [
                *(str(casework), "serve", "--workers", str(workers)),
                *("--host", "127.0.0.1", "--port", str(self.port), "--no-access-log"),
            ]
        else:
            self.command = [
                *(sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1"),
                *("--port", str(self.port), "--workers", str(workers), "--no-access-log"),
                *("--log-level", "warning", "--app-dir", str(ROOT)),
            ]
        self.env = env

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    sys.exit(f"{self.command} exited with {self.process.returncode}")
                time.sleep(0.2)
        raise TimeoutError("the server did not start")

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@dataclass
class Load:
    requests: int
    seconds: float
    p50: float
    p99: float


def _seconds(value: str) -> float:
    """A latency as wrk prints it: 812.00us, 80.72ms, 1.02s."""
    for unit, scale in (("us", 1e-6), ("ms", 1e-3), ("s", 1.0)):
        if value.endswith(unit):
            return float(value.removesuffix(unit)) * scale
    raise ValueError(value)


def load(port: int, token: str, *, seconds: int, connections: int) -> Load:
    """`connections` keep-alive connections sending GETs for `seconds`, from wrk (Debian's,
    written in C): a load generator in Python took a core of the two this machine has, which
    left a second uvicorn worker nothing to run on."""
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("bench/api.py loads the servers with wrk: apt-get install wrk")
    answer = subprocess.run(
        [
            *(wrk, "--threads", "2", "--connections", str(connections)),
            *("--duration", f"{seconds}s", "--latency", "--timeout", "10s"),
            *("--header", f"Authorization: Bearer {token}"),
            f"http://127.0.0.1:{port}/api/v1/cases?limit={PAGE}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in answer:
        raise RuntimeError(f"some requests failed:\n{answer}")
    done = re.search(r"(\d+) requests in ([\d.]+)(\w+)", answer)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", answer, re.MULTILINE))
    return Load(
        requests=int(done[1]),
        seconds=_seconds(done[2] + done[3]),
        p50=_seconds(latency["50"]),
        p99=_seconds(latency["99"]),
    )


def log_in(port: int) -> str:
    import httpx

    answer = httpx.post(
        f"http://127.0.0.1:{port}/api/v1/auth/token",
        json={"username": CASEWORKER, "password": DEMO_PASSWORD},
    )
    answer.raise_for_status()
    return answer.json()["access_token"]


@dataclass
class Measured:
    per_request: float  # seconds of wall time per request (wall / requests)
    p99: float


def measure(server: Server, token: str, args, label: str) -> Measured:
    """Time per request and p99 latency of one load, after a warm-up."""
    load(server.port, token, seconds=3, connections=args.connections)
    cpu, (busy, total) = cpu_seconds(server.process.pid), machine_busy()
    sessions = sessions_opened(server.env[BARE_URL])
    run = load(server.port, token, seconds=args.seconds, connections=args.connections)
    cpu = (cpu_seconds(server.process.pid) - cpu) / run.requests
    sessions = sessions_opened(server.env[BARE_URL]) - sessions
    busy_after, total_after = machine_busy()
    busy, total = busy_after - busy, total_after - total
    # The machine's busy share says whether a second worker has a core to run on: the load
    # generator and PostgreSQL share the same cores.
    print(
        f"  {label:<16} {run.requests / run.seconds:5.0f} req/s  p50 {run.p50 * 1000:6.1f} ms"
        f"  p99 {run.p99 * 1000:6.1f} ms  server CPU {cpu * 1000:5.2f} ms/request"
        f"  machine {busy / total:4.0%} busy  database connections opened {sessions}"
    )
    return Measured(run.seconds / run.requests, run.p99)


def rounds(servers: dict[str, Server], token: str, args) -> dict[str, float]:
    """Each server loaded once a round, the order turning from round to round, so that a
    drift in the machine's pace (this one's CPU time per request moved by a sixth between two
    runs of the same code) falls on every server; each ratio is the median of its per-round
    ratios."""
    names = list(servers)
    per_round: dict[str, list[float]] = {"vs_bare": [], "p99_vs_bare": [], "two_vs_one": []}
    for n in range(args.rounds):
        print(f"round {n + 1}")
        turned = names[n % len(names) :] + names[: n % len(names)]
        got = {name: measure(servers[name], token, args, name) for name in turned}
        one, bare, two = got["app, 1 worker"], got["bare, 1 worker"], got["app, 2 workers"]
        per_round["vs_bare"].append(one.per_request / bare.per_request)
        per_round["p99_vs_bare"].append(one.p99 / bare.p99)
        per_round["two_vs_one"].append(two.per_request / one.per_request)
    return {name: statistics.median(values) for name, values in per_round.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=10, help="of load on each server a round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    url = scratch_database(args.url)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-api-") as data_dir:
            seed_cases(url, Path(data_dir), args.cases)
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "CASEWORK_ENVIRONMENT": "test",
                "CASEWORK_DATABASE_URL": url,
                "CASEWORK_DATA_DIR": data_dir,
                "CASEWORK_UIC_PEPPER": TEST_PEPPER,
                "CASEWORK_DISPATCHER_ENABLED": "false",
                "CASEWORK_GOVERNANCE_INTERVAL_MINUTES": "0",
                BARE_URL: url,
            }
            app, bare = APP, "bench.api:bare_app"
            print(
                f"GET /api/v1/cases?limit={PAGE}: {args.rounds} rounds of {args.seconds} s of load"
                f" on each server, {args.connections} connections, {args.cases} cases"
            )
            # All three up at once, each idle while another is loaded.
            with (
                Server(app, workers=1, env=env) as app_one,
                Server(bare, workers=1, env=env) as bare_one,
                Server(app, workers=2, env=env) as app_two,
            ):
                token = log_in(app_one.port)
                servers = {
                    "app, 1 worker": app_one,
                    "bare, 1 worker": bare_one,
                    "app, 2 workers": app_two,
                }
                ratios = rounds(servers, token, args)
    finally:
        drop_database(args.url, url)
    print(f"ratio api_cases_vs_bare {ratios['vs_bare']:.2f}")
    print(f"ratio api_cases_p99_vs_bare {ratios['p99_vs_bare']:.2f}")
    print(f"ratio api_two_workers_vs_one {ratios['two_vs_one']:.2f}")


if __name__ == "__main__":
    main()
