"""Rows the flow dispatcher starts per second, against rows the API writes per second,
both measured in the same run.

1. The API: a caseworker opens cases over HTTP as fast as one client can, with the dispatcher
   off; each case commits one outbox row (its intake flow).
2. The dispatcher, in embedded mode: it drains those rows through the real intake flows, once
   one row at a time (as it did before) and once side by side (`dispatcher_concurrency`).

    .venv/bin/python bench/dispatch.py [--cases 60] [--concurrency 4] [--postgres]

Prints `ratio dispatch_vs_api VALUE`: above 1 the dispatcher keeps up with the API.
"""

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="bench-prefect-"))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient

from casework.clock import FrozenClock
from casework.db import create_db_engine
from service.app import create_app
from tests.support.api import UIC, issue_bearer
from tests.support.databases import build_backend, make_uow, settings_for

LETTERS = ["АБ", "ВГ", "ДЕ", "ЖЗ", "ИК", "ЛМ", "НО", "ПР", "СТ", "УФ", "ХЦ", "ЧШ"]


def uic(n: int) -> dict:
    """A different person each time, so that intake has no match to propose."""
    return UIC | {
        "birth_year": 1950 + n % 55,
        "mother_letters": LETTERS[n // 55 % len(LETTERS)],
        "father_letters": LETTERS[n // 660 % len(LETTERS)],
    }


def open_cases(client: TestClient, headers: dict, first: int, count: int) -> float:
    """Seconds the API took to open `count` cases, one request after another."""
    started = time.perf_counter()
    for n in range(first, first + count):
        body = {"uic": uic(n), "needs": ["hiv_testing"], "consent": {"referral": True}}
        response = client.post("/api/v1/cases", json=body, headers=headers)
        assert response.status_code == 201, response.text
    return time.perf_counter() - started


def drain(settings, concurrency: int) -> tuple[int, float]:
    from flows.dispatch import dispatch_all

    started = time.perf_counter()
    handled = asyncio.run(
        dispatch_all(settings.model_copy(update={"dispatcher_concurrency": concurrency}))
    )
    return handled, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=60, help="cases (rows) per measurement")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of SQLite")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    backend = build_backend("postgresql" if args.postgres else "sqlite", workdir)
    url = backend.fresh(workdir)
    engine = create_db_engine(url)
    settings = settings_for(url, workdir)
    clock = FrozenClock()  # the seeded memorandum is valid on its date
    new_uow = lambda: make_uow(engine, clock, settings)  # noqa: E731
    headers = issue_bearer(new_uow(), "demo-caseworker")
    print(f"database: {engine.dialect.name}; {args.cases} intake rows per measurement")

    from prefect import flow
    from prefect.testing.utilities import prefect_test_harness

    from flows import runtime

    @flow(name="warm-up")
    async def warm_up() -> None:
        return None

    with (
        prefect_test_harness(server_startup_timeout=120),
        runtime.configured(new_uow, settings),
        TestClient(create_app(settings, uow_factory=new_uow)) as client,
    ):
        asyncio.run(warm_up())
        api_seconds = open_cases(client, headers, 0, args.cases)
        serial, serial_seconds = drain(settings, 1)
        api_seconds += open_cases(client, headers, args.cases, args.cases)
        side_by_side, side_by_side_seconds = drain(settings, args.concurrency)
    assert serial == side_by_side == args.cases, (serial, side_by_side)

    api_rate = 2 * args.cases / api_seconds
    serial_rate = serial / serial_seconds
    rate = side_by_side / side_by_side_seconds
    print(f"  API writes              {api_rate:8.1f} rows/s")
    print(f"  dispatch, one at a time {serial_rate:8.1f} rows/s")
    print(f"  dispatch, {args.concurrency} at a time   {rate:8.1f} rows/s")
    print(f"ratio dispatch_vs_api {rate / api_rate:.2f}")
    print(f"ratio side_by_side_vs_one_at_a_time {rate / serial_rate:.2f}")
    engine.dispose()
    backend.drop(url)


if __name__ == "__main__":
    main()
