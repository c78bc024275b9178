"""Fixtures of the integration tests that run the command line."""

import pytest
from typer.testing import CliRunner

from casework.settings import get_settings
from cli.main import app
from tests.support.databases import TEST_PEPPER


@pytest.fixture
def cli(db_url, settings, monkeypatch):
    for name, value in {
        "CASEWORK_DATABASE_URL": db_url,
        "CASEWORK_DATA_DIR": str(settings.data_dir),
        "CASEWORK_UIC_PEPPER": TEST_PEPPER,
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str, exit_code: int = 0) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == exit_code, result.output
        return result.output

    yield run
    get_settings.cache_clear()
