"""What the hash-chained audit log costs: audited transactions per second from concurrent
writers, chained (sealed at commit under the chain-head lock) against a baseline measured
in the same run (the same transactions writing the same row to an unchained table).

    .venv/bin/python bench/audit_chain.py [--url postgresql+psycopg://postgres@127.0.0.1/postgres]
        [--threads 1 4 8] [--transactions 400]

Creates a scratch database on the server, migrates it, and drops it at the end."""

import argparse
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
from casework.db import create_db_engine, session_factory
from casework.privacy.keys import KeyRing
from casework.settings import Environment, Settings

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


def run(threads: int, transactions: int, work) -> float:
    """Transactions per second with `threads` writers doing `transactions` in all."""
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
    return per_thread * threads / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--transactions", type=int, default=400)
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

        print(f"{'writers':>8} {'baseline tx/s':>14} {'chained tx/s':>13} {'ratio':>6}")
        for threads in args.threads:
            plain = run(threads, args.transactions, baseline)
            sealed = run(threads, args.transactions, chained)
            print(f"{threads:>8} {plain:>14.0f} {sealed:>13.0f} {sealed / plain:>6.2f}")
        engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
