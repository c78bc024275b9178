"""Throughput of full referral lifecycles, printed as ratios against baselines run alongside.

1. Through casework commands, against raw SQL writing the same rows in the same number of
   transactions (open case, request, accept, complete, outcome: five transactions).
2. Through the Prefect flows in embedded mode (commands plus the flows they trigger, run by
   the dispatcher), against the same number of empty Prefect flow runs.

    .venv/bin/python bench/lifecycle.py [--lifecycles 300] [--rounds 7] [--flow-lifecycles 20]
        [--flow-rounds 4] [--postgres]
"""

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="bench-prefect-"))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from casework.audit import PendingEntry, content_mac
from casework.cases.commands import open_case, record_outcome
from casework.network.services import ServiceCode
from casework.outbox import new_run_key
from casework.privacy.keys import KeyRing
from casework.privacy.uic import Sex, UicParts, uic_hmac
from casework.referrals import commands as referrals
from casework.settings import Environment, Settings
from tests.support.databases import TEST_PEPPER, build_backend, make_uow, settings_for
from tests.support.network import demo

UIC = UicParts(Sex.FEMALE, 1985, "МА", "РА")
# The keys the commands use in these benchmarks (the test pepper's).
_KEYS = KeyRing(Settings(environment=Environment.TEST, uic_pepper=TEST_PEPPER))
CHAIN_KEY = _KEYS.audit_chain_key
UIC_PEPPER = _KEYS.uic_pepper
ALL_TRUE = referrals.Attestations(anonymous=True, free=True, voluntary=True)


def command_lifecycle(uow, d) -> None:
    opened = open_case(
        uow,
        actor=d.caseworker(),
        uic=UIC,
        needs=[ServiceCode.HIV_TESTING],
        consent_to_referral=True,
    )
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    focal = d.focal(issued.institution_id)
    referrals.accept_referral(uow, actor=focal, referral_id=issued.referral_id)
    referrals.complete_referral(
        uow, actor=focal, referral_id=issued.referral_id, attestations=ALL_TRUE
    )
    record_outcome(uow, actor=d.caseworker(), case_id=opened.case_id, resolved=True)


AUDIT_INSERT = text(
    "INSERT INTO audit_log (at, actor_id, actor_role, organisation_id, action, object_type, object_id, mac) "
    "VALUES (:at, :actor_id, :actor_role, :organisation_id, :action, :object_type, :object_id, :mac)"
)
OUTBOX_INSERT = text(
    "INSERT INTO outbox (created_at, flow, parameters, subject_id, available_at, attempts, run_key) "
    "VALUES (:now, :flow, :params, :subject, :now, 0, :key)"
)


def audit_rows(db, now: datetime, ngo: int, *rows: tuple[str, str, str]) -> None:
    """A transaction's audit rows as the commands' commit writes them: unsealed, each with the
    MAC of its content under the chain key, in one statement."""
    entries = [
        PendingEntry(
            at=now.replace(tzinfo=UTC),
            actor_id="bench",
            actor_role="caseworker",
            organisation_id=ngo,
            action=action,
            object_type=object_type,
            object_id=object_id,
        )
        for action, object_type, object_id in rows
    ]
    rows = [{"mac": content_mac(CHAIN_KEY, e), **vars(e)} for e in entries]
    db.execute(AUDIT_INSERT, rows[0] if len(rows) == 1 else rows)  # one alone: no executemany


def outbox_row(db, p: dict, flow: str, subject: str, subject_id: str) -> None:
    params = json.dumps({subject: subject_id})
    db.execute(OUTBOX_INSERT, {**p, "flow": flow, "params": params, "subject": subject_id})


def raw_sql_lifecycle(engine, d, serial_number: int) -> None:
    """The rows the commands write, written by hand, one transaction per command: the floor
    for this database."""
    now = datetime.now(UTC).replace(tzinfo=None)
    ids = {
        k: uuid.uuid4().hex if engine.dialect.name == "sqlite" else str(uuid.uuid4())
        for k in ("b", "c", "r")
    }
    b, c, r = (str(uuid.UUID(ids[k])) for k in ("b", "c", "r"))
    p = {"now": now, "ngo": d.ngo, "key": new_run_key(), **ids}
    with engine.begin() as db:  # open case
        db.execute(
            text(
                "INSERT INTO beneficiaries (id, ngo_id, uic_hmac, display_code, created_at) VALUES (:b, :ngo, :h, :code, :now)"
            ),
            {**p, "h": uic_hmac(UIC_PEPPER, UIC), "code": ids["b"][:9]},
        )
        consent_id = db.execute(
            text(
                "INSERT INTO consents (beneficiary_id, purpose, granted_at, recorded_by) VALUES (:b, 'referral', :now, 'bench') RETURNING id"
            ),
            p,
        ).scalar()
        db.execute(
            text(
                "INSERT INTO cases (id, beneficiary_id, ngo_id, status, opened_at, version) VALUES (:c, :b, :ngo, 'open', :now, 1)"
            ),
            p,
        )
        need_id = db.execute(
            text(
                "INSERT INTO needs (case_id, service, status, created_at) VALUES (:c, 'hiv_testing', 'open', :now) RETURNING id"
            ),
            p,
        ).scalar()
        audit_rows(
            db,
            now,
            d.ngo,
            ("consent.granted", "consents", str(consent_id)),
            ("beneficiary.registered", "beneficiaries", b),
            ("case.opened", "cases", c),
        )
        outbox_row(db, p, "intake", "case_id", c)
    with engine.begin() as db:  # request
        db.execute(
            text(
                "UPDATE serial_counters SET last_value = last_value + 1 WHERE network_id = :n AND year = 2026 RETURNING last_value"
            ),
            {"n": d.network},
        )
        db.execute(
            text("UPDATE cases SET status = 'active', version = version + 1 WHERE id = :c"), p
        )
        db.execute(
            text(
                "INSERT INTO referrals (id, case_id, need_id, network_id, ngo_id, institution_id, memorandum_id, service, urgency, status, serial, created_at, requested_at, accept_due_at, complete_due_at, deadline_unit, current_due_at, updated_at, escalation_level, version) "
                "VALUES (:r, :c, :need, :n, :ngo, :inst, 1, 'hiv_testing', 'routine', 'requested', :serial, :now, :now, :now, :now, 'working_days', :now, :now, 0, 1)"
            ),
            {
                **p,
                "need": need_id,
                "n": d.network,
                "inst": d.aids_centre,
                "serial": f"BENCH-{serial_number}",
            },
        )
        audit_rows(db, now, d.ngo, ("referral.requested", "referrals", r))
        outbox_row(db, p, "referral", "referral_id", r)
    for status, flow in (("accepted", None), ("completed", "confirmation")):
        with engine.begin() as db:
            db.execute(
                text(
                    "UPDATE referrals SET status = :s, updated_at = :now, version = version + 1 "
                    "WHERE id = :r"
                ),
                {**p, "s": status},
            )
            if flow:
                db.execute(
                    text("UPDATE needs SET status = 'met' WHERE id = :need"), {"need": need_id}
                )
            audit_rows(db, now, d.ngo, (f"referral.{status}", "referrals", r))
            if flow:
                outbox_row(db, p, flow, "referral_id", r)
    with engine.begin() as db:  # outcome
        db.execute(
            text(
                "UPDATE cases SET status = 'resolved', closed_at = :now, version = version + 1 WHERE id = :c"
            ),
            p,
        )
        db.execute(
            text(
                "INSERT INTO outcomes (case_id, resolved, note, recorded_at, recorded_by) VALUES (:c, true, '', :now, 'bench')"
            ),
            p,
        )
        audit_rows(db, now, d.ngo, ("case.outcome_recorded", "cases", c))
        outbox_row(db, p, "resolution", "case_id", c)


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:8.1f}/s"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lifecycles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--flow-lifecycles", type=int, default=20, help="0 skips the flows part")
    parser.add_argument("--flow-rounds", type=int, default=4)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of SQLite")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    backend = build_backend("postgresql" if args.postgres else "sqlite", workdir)
    try:  # PostgreSQL keeps what a run creates: drop it however the run ends (Ctrl-C too)
        url = backend.fresh(workdir)
        try:
            measure(args, url, workdir)
        finally:
            backend.drop(url)
    finally:
        backend.dispose()


def measure(args: argparse.Namespace, url: str, workdir: Path) -> None:
    from casework.clock import FrozenClock
    from casework.db import create_db_engine

    engine = create_db_engine(url)
    settings = settings_for(url, workdir)
    clock = FrozenClock()  # the seeded memorandum is valid on its date
    uow = make_uow(engine, clock, settings)
    d = demo(uow)
    database = "postgres" if args.postgres else "sqlite"
    ratios = {f"commands_vs_raw_{database}": commands_against_raw(args, engine, uow, d)}
    if args.flow_lifecycles:
        ratios["flows_vs_empty"] = flows_against_empty(args, engine, uow, d, clock, settings)
    engine.dispose()
    for name, value in ratios.items():  # last, one a line, for scripts to read
        print(f"ratio {name} {value:.2f}")


def commands_against_raw(args: argparse.Namespace, engine, uow, d) -> float:
    """Rounds in which a lifecycle through raw SQL and one through commands take turns (which
    goes first turns too), so that a slower spell of a shared machine falls on both alike
    (with each path's lifecycles in a block of their own, one round's ratio was 2.4 and the
    next one's 3.4); the median of the rounds' ratios."""
    per_round = max(1, args.lifecycles // args.rounds)
    print(
        f"database: {engine.dialect.name}; {args.rounds} rounds of {per_round} lifecycles "
        "(5 transactions each) through raw SQL and through commands, in turns"
    )
    command_lifecycle(uow, d)  # warm up both paths
    raw_sql_lifecycle(engine, d, -1)
    serials = itertools.count()
    ratios = []
    for n in range(args.rounds):
        timings = {"raw": 0.0, "commands": 0.0}
        for i in range(per_round):
            for kind in ("raw", "commands") if i % 2 == 0 else ("commands", "raw"):
                started = time.perf_counter()
                if kind == "raw":
                    raw_sql_lifecycle(engine, d, next(serials))
                else:
                    command_lifecycle(uow, d)
                timings[kind] += time.perf_counter() - started
        ratios.append(timings["commands"] / timings["raw"])
        print(
            f"  round {n + 1}: raw SQL {rate(per_round, timings['raw'])}"
            f"  commands {rate(per_round, timings['commands'])}  ratio {ratios[-1]:.2f}"
        )
    return statistics.median(ratios)


def flows_against_empty(args: argparse.Namespace, engine, uow, d, clock, settings) -> float:
    from prefect import flow
    from prefect.testing.utilities import prefect_test_harness

    from flows import runtime
    from flows.dispatch import dispatch_all

    @flow(name="empty")
    async def empty() -> None:
        return None

    with engine.begin() as db:  # part 1 measured commands alone: set its flow work aside
        db.execute(text("UPDATE outbox SET dispatched_at = available_at"))
    flows_uow = lambda: make_uow(engine, clock, settings)  # noqa: E731
    with prefect_test_harness(server_startup_timeout=120), runtime.configured(flows_uow):

        async def lifecycles_through_flows(count: int) -> int:
            handled = 0
            for _ in range(count):
                command_lifecycle(uow, d)
                handled += await dispatch_all(settings)
            return handled

        async def empties(count: int) -> None:
            for _ in range(count):
                await empty()

        async def rounds() -> list[float]:
            """Like the commands' rounds, alternating which goes first: the Prefect test
            server's own pace drifts within a run (a flow run's creation took 33 ms in one
            run and 122 ms in another), and it falls on both this way."""
            await empty()  # warm up
            per_round = max(1, args.flow_lifecycles // args.flow_rounds)
            runs_per_lifecycle = await lifecycles_through_flows(1)  # also warms up
            empty_runs = runs_per_lifecycle * per_round
            ratios = []
            for n in range(args.flow_rounds):
                timings = {}
                for kind in ("flows", "empty") if n % 2 == 0 else ("empty", "flows"):
                    started = time.perf_counter()
                    if kind == "flows":
                        handled = await lifecycles_through_flows(per_round)
                    else:
                        await empties(empty_runs)
                    timings[kind] = time.perf_counter() - started
                ratios.append(timings["flows"] / timings["empty"])
                print(
                    f"  round {n + 1}: {per_round} lifecycles, {handled} flow runs"
                    f" {rate(handled, timings['flows'])}, as many empty runs"
                    f" {rate(empty_runs, timings['empty'])}  ratio {ratios[-1]:.2f}"
                )
            return ratios

        print(f"{args.flow_rounds} rounds of lifecycles through Prefect flows (embedded mode)")
        return statistics.median(asyncio.run(rounds()))


if __name__ == "__main__":
    main()
