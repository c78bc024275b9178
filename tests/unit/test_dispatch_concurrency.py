"""How many outbox rows the dispatcher runs at once: one at a time on a Prefect server that
stores in SQLite, whose single write lock made four side by side three times slower than one
after another; side by side where Prefect stores in PostgreSQL, or where the operator says."""

import pytest
from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL, temporary_settings

from casework.settings import Environment, Mode, Settings
from flows.dispatch import SIDE_BY_SIDE, concurrency

SQLITE = "sqlite+aiosqlite:////var/lib/prefect/prefect.db"
POSTGRES = "postgresql+asyncpg://prefect@127.0.0.1:5432/prefect"


def settings(**given) -> Settings:
    return Settings(environment=Environment.TEST, **given)


@pytest.mark.parametrize(
    ("prefect_database", "mode", "expected"),
    [
        (SQLITE, Mode.EMBEDDED, 1),
        (POSTGRES, Mode.EMBEDDED, SIDE_BY_SIDE),
        (SQLITE, Mode.SERVER, SIDE_BY_SIDE),  # a worker runs them: the dispatcher only starts
    ],
)
def test_unset_it_follows_prefects_database(prefect_database, mode, expected):
    with temporary_settings({PREFECT_SERVER_DATABASE_CONNECTION_URL: prefect_database}):
        assert concurrency(settings(mode=mode)) == expected


def test_the_operators_number_wins():
    with temporary_settings({PREFECT_SERVER_DATABASE_CONNECTION_URL: SQLITE}):
        assert concurrency(settings(dispatcher_concurrency=3)) == 3
