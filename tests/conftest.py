"""Fixtures for every suite. Environment first: Prefect reads it when first imported."""

import os
import tempfile

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="casework-prefect-")
os.environ.update(
    PREFECT_SERVER_ANALYTICS_ENABLED="false",
    DO_NOT_TRACK="1",
    PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW="ignore",
    CASEWORK_ENVIRONMENT="test",
)

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine

from casework.clock import FrozenClock
from casework.db import create_db_engine
from casework.settings import Settings
from casework.uow import UnitOfWork
from tests.support.databases import Backend, build_backend, make_uow, settings_for

# Hypothesis's per-example deadline times the machine, not the code: under the suite's two
# workers a form signature took 257 ms once. Properties here are about values, not speed.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

FAULTS = Path(__file__).parent / "faults"


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers that follow from the fixtures a test uses, so they cannot be forgotten: every
    test on the PostgreSQL backend is `postgres`, every test under the Prefect test harness is
    `flows`, every test of the fault battery is `faults`."""
    for item in items:
        if FAULTS in item.path.parents:
            item.add_marker(pytest.mark.faults)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend") == "postgresql":
            item.add_marker(pytest.mark.postgres)
        if "prefect_harness" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.flows)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request, tmp_path_factory) -> Iterator[Backend]:
    """Every test that uses the database runs once on SQLite and once on PostgreSQL."""
    built = build_backend(request.param, tmp_path_factory.mktemp(request.param))
    yield built
    built.dispose()


@pytest.fixture
def db_url(backend: Backend, tmp_path: Path) -> Iterator[str]:
    url = backend.fresh(tmp_path)
    yield url
    backend.drop(url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = create_db_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()  # Monday 2 March 2026, 09:00 UTC: a working day under a valid memorandum


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return settings_for(db_url, tmp_path)


@pytest.fixture
def uow(engine: Engine, clock: FrozenClock, settings: Settings) -> UnitOfWork:
    return make_uow(engine, clock, settings)


@pytest.fixture
def new_uow(engine: Engine, clock: FrozenClock, settings: Settings):
    """A factory of units of work on the test database: one per thread or flow, since a
    unit of work holds one session at a time."""
    return lambda: make_uow(engine, clock, settings)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for the whole session (about 10 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
