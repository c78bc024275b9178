"""The operators' commands: rotate and retire vault keys, erase a beneficiary, and what a refused
command says."""

import pytest

from casework.beneficiaries.queries import read_identity
from casework.cases.commands import open_case
from casework.errors import NotFound
from casework.network.services import ServiceCode
from casework.privacy.keys import KeyRing
from casework.privacy.vault import Identity
from tests.support.network import UIC, demo


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
