"""`casework backup` and `casework restore` as an operator runs them, the pepper given in the
environment as some installations do."""

import pytest
from typer.testing import CliRunner

from casework.settings import get_settings
from cli.main import app
from tests.support.databases import TEST_PEPPER, migration_head


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.setenv("CASEWORK_UIC_PEPPER", TEST_PEPPER)
    runner = CliRunner()

    def run(*args: str, data_dir, url: str, exit_code: int = 0) -> str:
        monkeypatch.setenv("CASEWORK_DATA_DIR", str(data_dir))
        monkeypatch.setenv("CASEWORK_DATABASE_URL", url)
        get_settings.cache_clear()
        result = runner.invoke(app, list(args))
        assert result.exit_code == exit_code, result.output
        return result.output

    yield run
    get_settings.cache_clear()


def test_an_operator_backs_up_and_restores_onto_an_empty_machine(
    cli, backend, db_url, settings, tmp_path
):
    site = {"data_dir": settings.data_dir, "url": db_url}
    out, keys_out = tmp_path / "usb" / "casework", tmp_path / "safe" / "keys"
    refused = cli("backup", "--out", str(out), "--keys-out", str(out / "keys"), **site, exit_code=2)
    assert refused.startswith("refused: the keys go to a place of their own")
    assert len(refused.strip().splitlines()) == 1 and not out.exists()

    made = cli("backup", "--out", str(out), "--keys-out", str(keys_out), **site)
    assert f"migration {migration_head()}" in made and "1 key files backed up" in made
    assert "the UIC pepper comes from the environment: keep it with the keys backup" in made

    empty = tmp_path / "new-machine"
    machine = {"data_dir": empty, "url": backend.empty(empty)}
    try:
        restored = cli("restore", "--from", str(out), "--keys-from", str(keys_out), **machine)
        assert "audit chain intact" in restored and "1 key files restored" in restored
        assert "audit chain intact" in cli("audit", "verify", **machine)
        again = cli(
            "restore", "--from", str(out), "--keys-from", str(keys_out), **machine, exit_code=2
        )
        assert again.startswith("refused: ") and "is not empty" in again
    finally:
        backend.drop(machine["url"])
