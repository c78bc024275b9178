"""The operators' command line on a fresh SQLite database."""

import pytest
from typer.testing import CliRunner

from casework.settings import get_settings
from cli.main import app

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture
def fresh_install(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CASEWORK_ENVIRONMENT", "demo")
    monkeypatch.delenv("CASEWORK_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def run(*args: str, exit_code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == exit_code, result.output
    return result.output


@pytest.mark.slow
def test_an_operator_sets_up_a_demo_from_nothing(fresh_install):
    assert "created" in run("keys", "init")
    assert (fresh_install / "keys" / "uic-pepper").stat().st_mode & 0o777 == 0o600
    assert "database at head" in run("db", "upgrade")
    seeded = run("demo", "seed", "--no-year")  # the year: tests/integration/test_demo_year.py
    assert "23 members, 18 memorandum versions" in seeded
    assert "demo-caseworker, demo-supervisor" in seeded
    again = run("demo", "seed", "--no-year")
    assert "already present" in again and "none (all present)" in again
    assert "escalated 0, expired 0" in run("escalate", "--once")


def test_the_scenario_refuses_to_run_in_production(fresh_install, monkeypatch):
    monkeypatch.setenv("CASEWORK_ENVIRONMENT", "production")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["scenario", "--cases", "1"])
    assert result.exit_code != 0
    assert "never runs in production" in result.output
