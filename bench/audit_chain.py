"""What the hash-chained audit log costs: time per audited transaction from concurrent
writers, as the engine does it (each row written unsealed with its MAC at commit, while a
sealer chains them beside the writers, as the dispatcher does), against a baseline measured in
the same run (the same transactions writing the same row to an unchained table). The engine's
time runs until the last row is sealed, so sealing is paid for; the chain is then verified.

    .venv/bin/python bench/audit_chain.py [--url postgresql+psycopg://postgres@127.0.0.1/postgres]
        [--threads 1 4 8] [--transactions 1000] [--rounds 3] [--seal-every 0.5]

Ends with one line per writer count, `ratio audit_chained_vs_unchained_N_writers VALUE`: the
engine's time per transaction over the baseline's (1.0 is free; lower is better), the median
of `--rounds` alternating runs of each, since a shared machine is noisy. The sealer's default
interval is a tenth of the dispatcher's default poll, so it seals many times per run. Creates
a scratch database on the server, migrates it, and drops it at the end."""

import argparse
import statistics
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, text
from sqlalchemy.engine import make_url

from casework.actors import system_actor
from casework.audit import bind_keys, record
from casework.audit_actions import AuditAction
from casework.audit_seal import seal_audit_trail
from casework.audit_verify import verify_chain
from casework.db import create_db_engine, session_factory
from casework.privacy.keys import KeyRing
from casework.settings import Environment, Settings
from casework.uow import UnitOfWork

ROOT = Path(__file__).resolve().parent.parent
ACTOR = system_actor("bench")
KEYS = KeyRing(Settings(environment=Environment.TEST, uic_pepper="bench-pepper-" + "0" * 40))


class Subject:
    """Something with an id to audit."""

    __tablename__ = "bench"

    def __init__(self) -> None:
        self.id = uuid.uuid4()


def unchained_table(metadata: MetaData) -> Table:
    columns = ("actor_id", "actor_role", "action", "object_type", "object_id")
    return Table(
        "bench_unchained_audit",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("at", String(40)),
        *(Column(name, String(80)) for name in columns),
    )


def run(threads: int, transactions: int, work, finish=lambda: None) -> float:
    """Seconds per transaction with `threads` writers doing `transactions` in all, until
    `finish` (called once they are done) returns."""
    per_thread = transactions // threads
    barrier = threading.Barrier(threads + 1)

    def writer() -> None:
        barrier.wait()
        for _ in range(per_thread):
            work()

    pool = [threading.Thread(target=writer) for _ in range(threads)]
    for t in pool:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in pool:
        t.join()
    finish()
    return (time.perf_counter() - started) / (per_thread * threads)


class Sealer:
    """Seals every `seconds` in a thread of its own while the writers write, as the
    dispatcher's rounds do; `finish` stops it and seals what is left."""

    def __init__(self, uow: UnitOfWork, seconds: float) -> None:
        self.uow, self.seconds = uow, seconds
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stopping.wait(self.seconds):
            seal_audit_trail(self.uow)

    def finish(self) -> None:
        self.stopping.set()
        self.thread.join()
        seal_audit_trail(self.uow)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--transactions", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seal-every", type=float, default=0.5, help="seconds between seals")
    args = parser.parse_args()

    name = f"casework_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    try:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        engine = create_db_engine(url)
        metadata = MetaData()
        unchained = unchained_table(metadata)
        metadata.create_all(engine)
        sessions = session_factory(engine)

        def baseline() -> None:
            with sessions() as session:
                subject = Subject()
                session.execute(
                    insert(unchained).values(
                        at=datetime.now(UTC).isoformat(),
                        actor_id=ACTOR.user_id,
                        actor_role=ACTOR.role.value,
                        action=AuditAction.CASE_READ.value,
                        object_type=subject.__tablename__,
                        object_id=str(subject.id),
                    )
                )
                session.commit()

        def chained() -> None:
            with sessions() as session:
                bind_keys(session, KEYS)
                record(
                    session,
                    at=datetime.now(UTC),
                    actor=ACTOR,
                    action=AuditAction.CASE_READ,
                    obj=Subject(),
                )
                session.commit()

        uow = UnitOfWork(sessions, keys=KEYS)
        for work in (baseline, chained):  # open the pool's connections before timing
            run(8, 40, work)
        ratios = {}
        print(f"{'writers':>8} {'baseline tx/s':>14} {'chained tx/s':>13} {'time ratio':>11}")
        for threads in args.threads:
            plains, seals = [], []
            for _ in range(args.rounds):
                plains.append(run(threads, args.transactions, baseline))
                sealer = Sealer(uow, args.seal_every)
                seals.append(run(threads, args.transactions, chained, sealer.finish))
            plain, sealed = statistics.median(plains), statistics.median(seals)
            ratios[threads] = sealed / plain
            print(f"{threads:>8} {1 / plain:>14.0f} {1 / sealed:>13.0f} {ratios[threads]:>11.2f}")
        with uow:
            report = verify_chain(uow.session, key=KEYS.audit_chain_key)
        if not report.intact or report.unsealed:
            raise SystemExit(f"the chain is not whole after the run: {report}")
        engine.dispose()
        for threads, ratio in ratios.items():
            print(f"ratio audit_chained_vs_unchained_{threads}_writers {ratio:.3f}")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
