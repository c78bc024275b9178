"""The operators' commands: rotate and retire vault keys, erase a beneficiary, and what a refused
command says."""

import pytest
from typer.testing import CliRunner

from casework.beneficiaries.queries import read_identity
from casework.cases.commands import open_case
from casework.errors import NotFound
from casework.network.services import ServiceCode
from casework.privacy.keys import KeyRing
from casework.privacy.vault import Identity
from casework.settings import get_settings
from cli.main import app
from tests.support.databases import TEST_PEPPER
from tests.support.network import UIC, demo


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


def test_keys_rotate_then_retire_and_the_vault_still_opens(uow, settings, cli):
    d = demo(uow)
    opened = open_case(
        uow,
        actor=d.caseworker(),
        uic=UIC,
        needs=[ServiceCode.HIV_TESTING],
        consent_to_referral=True,
        identity=Identity(name="kept"),
    )
    assert "1 data keys rewrapped" in cli("keys", "rotate")
    assert "retired versions: 1; 2 is current" in cli("keys", "retire")
    uow.keys = KeyRing(settings)
    assert uow.keys.kek_versions() == [2]
    assert read_identity(uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id).name == (
        "kept"
    )
    assert "1 cases withdrawn" in cli("beneficiaries", "erase", str(opened.beneficiary_id), "--yes")
    with pytest.raises(NotFound):
        read_identity(uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id)


def test_a_refused_command_ends_with_the_reason_in_one_line_not_a_traceback(uow, cli):
    d = demo(uow)
    created = cli(
        "users", "create", "cw-refused", "--role", "caseworker",
        "--organisation-id", str(d.ngo), "--password", "a long enough password",
    )  # fmt: skip
    assert "user cw-refused created" in created
    refused = cli("users", "token", "cw-refused", exit_code=2)
    assert refused.startswith("refused: ") and len(refused.strip().splitlines()) == 1
    assert "Traceback" not in refused
