"""Each process keeps as many PostgreSQL connections open as it serves requests at once: past
the pool, a connection is opened and closed per use, and its start costs the server more than
the request (bench/api.py)."""

import pytest

from casework.db import settings_engine
from casework.settings import Settings

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.mark.parametrize("configured", [None, 7])
def test_the_pool_keeps_the_configured_connections_and_as_many_more_for_a_burst(
    configured, monkeypatch
):
    if configured is not None:
        monkeypatch.setenv("CASEWORK_DATABASE_POOL_SIZE", str(configured))
    settings = Settings(database_url=POSTGRES)  # the engine connects on first use only
    pool = settings_engine(settings).pool
    expected = configured or 20
    assert (pool.size(), pool._max_overflow) == (expected, expected)


def test_a_pool_of_no_connection_is_refused(monkeypatch):
    monkeypatch.setenv("CASEWORK_DATABASE_POOL_SIZE", "0")
    with pytest.raises(ValueError, match="database_pool_size"):
        Settings(database_url=POSTGRES)
