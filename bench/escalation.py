"""Escalation sweep over 10,000, 100,000 and 1,000,000 open referrals on PostgreSQL, against a
bare SQL query selecting the same overdue rows through the same index, printed as ratios.

    .venv/bin/python bench/escalation.py [--sizes 10000 100000] [--overdue 1000]

Each size gets a database of its own (migrated, demo network seeded, referrals bulk-inserted
with INSERT ... SELECT generate_series), dropped afterwards. A fixed number of referrals is
overdue at every size: a sweep that reads an index range costs the same whether 10,000 or
1,000,000 referrals are open; one that scanned would grow a hundredfold."""

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("CASEWORK_ENVIRONMENT", "test")

from sqlalchemy import create_engine, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from casework.actors import system_actor
from casework.calendar import DeadlineUnit
from casework.clock import FrozenClock
from casework.db import create_db_engine
from casework.escalation.commands.sweep import due_for_level, sweep
from casework.escalation.queries import ladders
from casework.network.services import ServiceCode
from casework.referrals.commands import request_referral
from casework.referrals.model import Referral
from tests.support.databases import make_uow, migrate, postgres_admin_url, seed, settings_for
from tests.support.network import demo

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # the sweep's time; seeded on Monday 2 March
ACTOR = system_actor("bench")

BULK_INSERT = """
INSERT INTO referrals (
    id, case_id, need_id, network_id, ngo_id, institution_id, memorandum_id, service, urgency,
    status, serial, created_at, requested_at, valid_until, accept_due_at, complete_due_at,
    deadline_unit, current_due_at, updated_at, escalation_level, version)
SELECT gen_random_uuid(), t.case_id, t.need_id, t.network_id, t.ngo_id, t.institution_id,
    t.memorandum_id, t.service, t.urgency, 'requested', 'BENCH-' || g, t.created_at,
    t.requested_at, DATE '2026-04-30',
    due.at, due.at + INTERVAL '14 days', 'working_days', due.at, t.updated_at, 0, 1
FROM generate_series(1, :count) AS g
CROSS JOIN (SELECT * FROM referrals LIMIT 1) AS t
CROSS JOIN LATERAL (SELECT CASE WHEN g <= :overdue
    THEN TIMESTAMP '2026-03-05 08:00' - g * INTERVAL '1 second'
    ELSE TIMESTAMP '2026-03-20 09:00' + g * INTERVAL '1 second' END AS at) AS due
"""


def build(admin_url: str, size: int, overdue: int, workdir: Path) -> str:
    name = f"bench_escalation_{uuid.uuid4().hex[:8]}"
    with create_engine(admin_url, isolation_level="AUTOCOMMIT").connect() as admin:
        admin.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    migrate(url)
    seed(url, settings_for(url, workdir))
    engine = create_db_engine(url)
    uow = make_uow(engine, FrozenClock(), settings_for(url, workdir))
    d = demo(uow)
    opened = d.open_case(uow)
    request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    with engine.begin() as connection:
        # The one real referral is the template; it is due in the future, so it stays quiet.
        connection.execute(text("UPDATE referrals SET current_due_at = '2026-03-20 08:00'"))
        connection.execute(text(BULK_INSERT), {"count": size - 1, "overdue": overdue})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return url


def drop(admin_url: str, url: str) -> None:
    with create_engine(admin_url, isolation_level="AUTOCOMMIT").connect() as admin:
        admin.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


def level_one_query(uow):
    """The sweep's own batch query for level 1 of the working-day ladder, as SQL."""
    with uow:
        (ladder,) = [lad for lad in ladders(uow.session) if lad.unit is DeadlineUnit.WORKING_DAYS]
    cutoff = uow.calendar.overdue_cutoff(NOW, ladder.overdue_by[1], ladder.unit)
    stmt = due_for_level(ladder, 1, cutoff).with_only_columns(Referral.id)
    return stmt, str(
        stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    )


def timed(fn, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(url: str, overdue: int, workdir: Path, explain: bool) -> dict[str, float]:
    engine = create_db_engine(url)
    clock = FrozenClock(NOW)
    uow = make_uow(engine, clock, settings_for(url, workdir))
    stmt, sql = level_one_query(uow)
    with engine.connect() as connection:
        bare = timed(lambda: connection.execute(stmt).all(), repeat=5)
        assert len(connection.execute(stmt).all()) == overdue
        plan = [row[0] for row in connection.execute(text(f"EXPLAIN {sql}"))]
        scan_all = timed(
            lambda: connection.execute(
                text(
                    "SELECT id FROM referrals WHERE status = 'requested' AND accept_due_at < :now"
                ),
                {"now": NOW.replace(tzinfo=None)},
            ).all()
        )
    if explain:
        print("\nEXPLAIN of the sweep's batch query (level 1, working days):")
        print("  " + sql.replace("\n", "\n  "))
        print("\n".join("    " + line for line in plan))
    swept = timed(lambda: sweep(uow, actor=ACTOR))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM escalations")) == overdue
    clock.advance(timedelta(minutes=15))
    idle = timed(lambda: sweep(uow, actor=ACTOR), repeat=3)  # nothing is due: pure lookup
    engine.dispose()
    return {"bare": bare, "scan": scan_all, "sweep": swept, "idle": idle}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--overdue", type=int, default=1_000, help="overdue referrals per size")
    args = parser.parse_args()
    admin_url = postgres_admin_url()
    workdir = Path(os.environ.get("TMPDIR", "/tmp"))
    results = {}
    for size in args.sizes:
        started = time.perf_counter()
        url = build(admin_url, size, args.overdue, workdir)
        print(
            f"{size:>9,} open referrals built in {time.perf_counter() - started:.1f} s", flush=True
        )
        try:
            results[size] = measure(url, args.overdue, workdir, explain=size == max(args.sizes))
        finally:
            drop(admin_url, url)
    print(f"\n{args.overdue} overdue referrals at every size; times are medians in ms.")
    print(
        f"{'open':>10} {'bare SQL':>9} {'sweep':>9} {'sweep/bare':>11} {'per step':>9} "
        f"{'idle sweep':>11} {'idle/bare':>10} {'no-index scan':>14}"
    )
    for size, r in results.items():
        print(
            f"{size:>10,} {r['bare'] * 1e3:>9.2f} {r['sweep'] * 1e3:>9.0f} "
            f"{r['sweep'] / r['bare']:>11.0f} {r['sweep'] / args.overdue * 1e3:>9.2f} "
            f"{r['idle'] * 1e3:>11.2f} {r['idle'] / r['bare']:>10.1f} {r['scan'] * 1e3:>14.1f}"
        )
    smallest, largest = min(results), max(results)
    if smallest != largest:
        growth = results[largest]["sweep"] / results[smallest]["sweep"]
        print(
            f"\nsweep time at {largest:,} / at {smallest:,} open referrals: {growth:.2f} "
            f"(open referrals grew {largest // smallest}x)"
        )


if __name__ == "__main__":
    main()
