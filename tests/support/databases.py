"""Fresh databases for each test, copied from a migrated and seeded template.

SQLite copies a template file; PostgreSQL creates each database from a template database
on the local server (CASEWORK_TEST_POSTGRES_URL). Both are migrated by Alembic, not by
create_all, so the migrations are what the tests exercise."""

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from casework.calendar import WorkCalendar
from casework.clock import FrozenClock
from casework.db import create_db_engine, session_factory
from casework.demo.network import seed_demo_network
from casework.demo.users import seed_demo_users
from casework.privacy.keys import KeyRing, init_keys
from casework.schema_version import alembic_config, migrations
from casework.settings import Environment, Settings
from casework.uow import UnitOfWork

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEMO_PASSWORD = "demo-password"
TEST_PEPPER = "test-pepper-" + "0" * 40


def migration_head() -> str:
    """The newest migration this code has: what every test database is at."""
    return migrations().get_current_head()


def migrate(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


def installed(data_dir: Path) -> Settings:
    """What `casework db upgrade` and `casework keys init` leave in a data folder: a migrated
    SQLite database and the keys, with the test settings that point at them."""
    url = f"sqlite:///{data_dir / 'casework.db'}"
    migrate(url)
    return settings_for(url, data_dir)


def settings_for(url: str, data_dir: Path) -> Settings:
    """Test settings; the vault's key-encryption key is created in `data_dir`."""
    settings = Settings(
        environment=Environment.TEST,
        database_url=url,
        data_dir=data_dir,
        uic_pepper=TEST_PEPPER,
        dispatcher_enabled=False,
        governance_interval_minutes=0,  # tests run the governance flows when they mean to
    )
    init_keys(settings)
    return settings


def make_uow(engine: Engine, clock: FrozenClock, settings: Settings) -> UnitOfWork:
    return UnitOfWork(
        session_factory(engine), keys=KeyRing(settings), clock=clock, calendar=WorkCalendar()
    )


def seed(url: str, settings: Settings) -> None:
    clock = FrozenClock()
    engine = create_db_engine(url)
    uow = make_uow(engine, clock, settings)
    seed_demo_network(uow, today=clock.now().date())
    seed_demo_users(uow, password=DEMO_PASSWORD)
    engine.dispose()


def postgres_admin_url() -> str:
    return os.environ.get("CASEWORK_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def postgres_unavailable(reason: str) -> None:
    message = f"PostgreSQL tests need a server at CASEWORK_TEST_POSTGRES_URL: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Backend:
    name: str
    template: str  # a file path (SQLite) or a database name (PostgreSQL)
    admin_url: str | None = None

    def fresh(self, tmp_path: Path) -> str:
        if self.name == "sqlite":
            target = tmp_path / "casework.db"
            shutil.copyfile(self.template, target)
            return f"sqlite:///{target}"
        name = f"casework_test_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def empty(self, data_dir: Path) -> str:
        """Where a restore may go: an SQLite file not made yet in `data_dir`, or a new
        PostgreSQL database without tables."""
        if self.name == "sqlite":
            return f"sqlite:///{data_dir / 'casework.db'}"
        name = f"casework_test_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}"')
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        if self.name == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def dispose(self) -> None:
        """Drop the PostgreSQL template; databases made from it are the caller's to drop."""
        if self.name == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(sql))
        finally:
            engine.dispose()


def build_backend(name: str, workdir: Path) -> Backend:
    settings = settings_for("sqlite://", workdir)
    if name == "sqlite":
        template = workdir / "template.db"
        url = f"sqlite:///{template}"
        migrate(url)
        seed(url, settings)
        return Backend("sqlite", str(template))
    admin_url = postgres_admin_url()
    try:
        probe = create_engine(admin_url)
        with probe.connect():
            pass
        probe.dispose()
    except Exception as exc:
        postgres_unavailable(type(exc).__name__)
    backend = Backend("postgresql", f"casework_template_{uuid.uuid4().hex[:10]}", admin_url)
    backend._admin(f'CREATE DATABASE "{backend.template}"')
    url = make_url(admin_url).set(database=backend.template).render_as_string(hide_password=False)
    try:
        migrate(url)
        seed(url, settings)
    except BaseException:  # a failed or interrupted build leaves no template behind
        backend.dispose()
        raise
    return backend
