"""Consistent copies of the database while the app writes, and their restore into an empty
one: SQLite's online backup API, PostgreSQL's pg_dump and pg_restore."""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from casework.audit import ChainAnchor, chain_head
from casework.audit_verify import ChainReport, verify_chain
from casework.backup.manifest import BackupRefused

SQLITE_FILE = "casework.db"
POSTGRES_FILE = "casework.pgdump"


@dataclass(frozen=True)
class Copied:
    file: str  # its name in the backup folder
    migration: str
    chain: ChainAnchor  # the audit chain's head in the copy


def copy_database(url: str, out: Path, *, busy_timeout_ms: int) -> Copied:
    if make_url(url).get_backend_name() == "sqlite":
        return _copy_sqlite(_sqlite_path(url), out / SQLITE_FILE, busy_timeout_ms)
    return _dump_postgres(url, out / POSTGRES_FILE)


def _copy_sqlite(source: Path, target: Path, busy_timeout_ms: int) -> Copied:
    # One step of the online backup copies every page under one read transaction: in WAL mode
    # the app's writers go on meanwhile, and the copy is the database as of that moment.
    live = sqlite3.connect(source, timeout=busy_timeout_ms / 1000)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
        live.close()
    with _connected(f"sqlite:///{target}") as connection:
        return Copied(target.name, *_state(connection))


def _dump_postgres(url: str, target: Path) -> Copied:
    # pg_dump reads a snapshot exported by our own transaction, so the migration and the chain
    # head recorded in the manifest are those of the very rows it dumps.
    with _connected(url, isolation_level="REPEATABLE READ") as connection:
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        migration, chain = _state(connection)
        _run("pg_dump", url, "--format=custom", f"--snapshot={snapshot}", f"--file={target}")
    return Copied(target.name, migration, chain)


def refuse_unless_empty(url: str) -> None:
    """A restore never overwrites: the SQLite file must not exist, the PostgreSQL database
    must exist and have no tables."""
    if make_url(url).get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if path.exists():
            raise not_empty(path)
        return
    try:
        with _connected(url) as connection:
            tables = inspect(connection).get_table_names()
    except OperationalError:
        raise BackupRefused(
            "backup.target_unreachable",
            "the target database cannot be reached: create it, empty, and try again",
        ) from None
    if tables:
        raise not_empty("the target database")


def restore_database(url: str, source: Path) -> None:
    if make_url(url).get_backend_name() == "sqlite":
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return
    # One transaction: a failed restore leaves the target database empty. Owners and grants
    # are those of the restoring installation (`casework db grant-runtime`).
    _run(
        "pg_restore", url, "--single-transaction", "--exit-on-error", "--no-owner",
        "--no-privileges", str(source),
    )  # fmt: skip


def discard_restored(url: str) -> bool:
    """Remove a restored SQLite file that failed its check; PostgreSQL's stays (False)."""
    if make_url(url).get_backend_name() != "sqlite":
        return False
    _sqlite_path(url).unlink()
    return True


def verify_restored(url: str, *, key: bytes, anchor: ChainAnchor) -> ChainReport:
    """Walk the restored audit chain under the restored key, up to the head the backup recorded."""
    with _connected(url) as connection, Session(bind=connection) as session:
        return verify_chain(session, key=key, anchors={anchor.seq: anchor.hash})


def _state(connection: Connection) -> tuple[str, ChainAnchor]:
    migration = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    with Session(bind=connection) as session:
        return migration, chain_head(session)


@contextmanager
def _connected(url: str, **options) -> Iterator[Connection]:
    engine = create_engine(url, hide_parameters=True, **options)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


def not_empty(what: object) -> BackupRefused:
    return BackupRefused(
        "backup.target_not_empty",
        "{what} is not empty: a restore goes only into an empty data folder and database",
        what=what,
    )


def _run(program: str, url: str, *arguments: str) -> None:
    """A PostgreSQL client program against `url`; its password goes in the environment, where
    other users' `ps` does not show it."""
    if shutil.which(program) is None:
        raise BackupRefused(
            "backup.client_missing",
            "{program} is not installed: install the PostgreSQL client of the server's major "
            "version (Debian: postgresql-client)",
            program=program,
        )
    parsed = make_url(url)
    dsn = parsed.set(drivername="postgresql", password=None).render_as_string()
    env = {**os.environ, **({"PGPASSWORD": str(parsed.password)} if parsed.password else {})}
    done = subprocess.run(
        [program, f"--dbname={dsn}", *arguments], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or [""])[0]
        raise BackupRefused(
            "backup.client_failed",
            "{program} failed (exit {code}): {first}",
            program=program,
            code=done.returncode,
            first=first,
        )
