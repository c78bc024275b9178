"""Engines and session factories; nothing is created at import time."""

from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from casework.audit import AuditedSession
from casework.settings import DEFAULT_POOL_SIZE, DEFAULT_SQLITE_BUSY_TIMEOUT_MS, Settings

# A server that does not answer (host down, packets dropped) fails a request within seconds
# instead of TCP's minutes; a `connect_timeout` in the URL wins.
CONNECT_TIMEOUT_SECONDS = 3


def create_db_engine(
    url: str,
    *,
    busy_timeout_ms: int = DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
    pool_size: int = DEFAULT_POOL_SIZE,
    echo: bool = False,
) -> Engine:
    """An engine for `url`. SQLite gets WAL, a busy timeout, foreign keys and write-locking
    transactions (BEGIN IMMEDIATE), so that two writers queue instead of failing mid-way.
    Statement parameters are kept out of error messages and logs: they may be case data."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # No ping on every checkout: the first disconnect a connection meets makes SQLAlchemy
        # discard every pooled connection older than it, so the pool renews itself once the
        # server is back (tests/e2e/test_database_outage.py).
        timeout = (
            {}
            if "connect_timeout" in parsed.query
            else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
        )
        return create_engine(
            url,
            echo=echo,
            hide_parameters=True,
            connect_args=timeout,
            pool_size=pool_size,
            max_overflow=pool_size,
        )

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def unreachable(error: BaseException) -> bool:
    """Whether `error` says the database cannot serve at the moment (stopped, restarting, the
    network gone, a connection dropped, every pooled connection busy, SQLite locked): the same
    request a moment later may well succeed."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, exc.OperationalError | exc.InterfaceError | exc.TimeoutError)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@lru_cache
def autocommitting(engine: Engine) -> Engine:
    """`engine` (its pool) running each statement in a transaction of its own."""
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, class_=AuditedSession, expire_on_commit=False)


@lru_cache
def engine_for(
    url: str,
    busy_timeout_ms: int = DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
    pool_size: int = DEFAULT_POOL_SIZE,
) -> Engine:
    """One shared engine (and connection pool) per database URL in this process."""
    return create_db_engine(url, busy_timeout_ms=busy_timeout_ms, pool_size=pool_size)


def settings_engine(settings: Settings) -> Engine:
    return engine_for(
        settings.database_url, settings.sqlite_busy_timeout_ms, settings.database_pool_size
    )


@lru_cache
def _sessions_of(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


def settings_sessions(settings: Settings) -> sessionmaker[Session]:
    """The shared engine's one session factory. Each sessionmaker is a Session subclass of its
    own, whose event dispatch SQLAlchemy builds on first use: made per request, that was a
    tenth of the request's CPU."""
    return _sessions_of(settings_engine(settings))
