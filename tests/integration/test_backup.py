"""A backup taken while the engine writes comes back whole on an empty installation, and
restore refuses what it cannot trust: a damaged copy, another installation's keys, a target
that is not empty."""

import json
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from casework.audit_verify import verify_chain
from casework.backup.commands import back_up, restore
from casework.backup.manifest import BackupRefused, checksums, sha256_of
from casework.beneficiaries.queries import read_identity
from casework.cases.commands import open_case
from casework.cases.model import Case
from casework.clock import FrozenClock
from casework.db import create_db_engine
from casework.governance.meetings.attachments import AttachmentStore
from casework.network.services import ServiceCode
from casework.privacy.keys import init_keys, write_secret_file
from casework.privacy.uic import Sex, UicParts
from casework.privacy.vault import Identity
from casework.settings import Environment, Settings
from tests.support.databases import TEST_PEPPER, make_uow, migration_head
from tests.support.governance import tiny_pdf
from tests.support.network import demo

MIGRATIONS = {migration_head()}
NOW = FrozenClock().now()


def installation(url: str, data_dir: Path, pepper: str | None = None) -> Settings:
    """Settings of an installation whose keys are files in its data folder, as
    `casework keys init` makes them; `pepper` writes the pepper file first."""
    settings = Settings(
        environment=Environment.TEST, database_url=url, data_dir=data_dir, dispatcher_enabled=False
    )
    if pepper is not None:
        write_secret_file(data_dir / "keys" / "uic-pepper", pepper.encode())
    init_keys(settings)
    return settings


@pytest.fixture
def site(db_url, tmp_path) -> Settings:
    """The running installation: the test database, sealed under the tests' pepper."""
    return installation(db_url, tmp_path / "site", pepper=TEST_PEPPER)


@pytest.fixture
def target(backend, tmp_path):
    data_dir = tmp_path / "restored"
    url = backend.empty(data_dir)
    yield Settings(environment=Environment.TEST, database_url=url, data_dir=data_dir)
    backend.drop(url)


@pytest.fixture
def backed_up(site, tmp_path) -> tuple[Path, Path]:
    out, keys_out = tmp_path / "backup" / "data", tmp_path / "elsewhere" / "keys"
    back_up(site, out=out, keys_out=keys_out, now=NOW)
    return out, keys_out


def restore_into(target: Settings, out: Path, keys_out: Path):
    return restore(target, data_from=out, keys_from=keys_out, known_migrations=MIGRATIONS)


def uic(n: int) -> UicParts:
    return UicParts(
        sex=Sex.MALE, birth_year=1950 + n % 50, mother_letters="АБ", father_letters="ВГ"
    )


def test_a_backup_under_write_load_restores_every_acknowledged_case_and_a_verifying_chain(
    site, target, tmp_path
):
    engine = create_db_engine(site.database_url)
    live = make_uow(engine, FrozenClock(), site)
    d = demo(live)
    acknowledged: list = []
    stop = threading.Event()

    def intake() -> None:
        writer = make_uow(engine, FrozenClock(), site)
        n = 0
        while not stop.is_set():
            n += 1
            opened = open_case(
                writer, actor=d.caseworker(), uic=uic(n), needs=[ServiceCode.HIV_TESTING],
                consent_to_referral=True,
                identity=Identity(name="kept in the vault") if n % 2 == 0 else None,
            )  # fmt: skip
            acknowledged.append(opened)  # the command returned: its transaction committed

    thread = threading.Thread(target=intake)
    thread.start()
    try:
        while len(acknowledged) < 6:
            time.sleep(0.02)
        before = list(acknowledged)
        out, keys_out = tmp_path / "backup", tmp_path / "keys"
        made = back_up(site, out=out, keys_out=keys_out, now=NOW)
        during = len(acknowledged) - len(before)
        time.sleep(0.2)  # writes go on after the copy, too
    finally:
        stop.set()
        thread.join()
    engine.dispose()

    restored = restore_into(target, out, keys_out)

    restored_engine = create_db_engine(target.database_url)
    uow = make_uow(restored_engine, FrozenClock(), target)
    with uow:
        cases = set(uow.session.scalars(select(Case.id)))
        chain = verify_chain(uow.session, key=uow.keys.audit_chain_key)
    print(f"{len(before)} cases acknowledged before the backup, {during} during it")
    assert {c.case_id for c in before} <= cases
    assert restored.chain.intact and chain.intact
    assert chain.head_seq >= made.chain.seq == restored.chain.head_seq
    kept = before[1]  # every second intake keeps an identity, under the restored vault key
    identity = read_identity(uow, actor=d.caseworker(), beneficiary_id=kept.beneficiary_id)
    assert identity == Identity(name="kept in the vault")
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in restored.key_files)
    with pytest.raises(DBAPIError, match="append-only"), restored_engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log"))  # the restored trail keeps its triggers
    restored_engine.dispose()


def test_a_damaged_backup_file_is_refused_and_nothing_is_restored(backed_up, target):
    out, keys_out = backed_up
    copy = next(p for p in out.iterdir() if p.name != "manifest.json")
    with copy.open("r+b") as handle:
        handle.seek(-10, 2)
        handle.write(b"0123456789")
    with pytest.raises(BackupRefused, match="damaged or altered") as refused:
        restore_into(target, out, keys_out)
    assert refused.value.key == "backup.checksum_mismatch"
    assert not target.data_dir.exists()


def test_a_file_altered_with_its_checksum_is_refused_by_the_manifests_seal(backed_up, target):
    out, keys_out = backed_up
    copy = next(p for p in out.iterdir() if p.name != "manifest.json")
    with copy.open("ab") as handle:
        handle.write(b"\0" * 512)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["files"][copy.name] = sha256_of(copy)
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupRefused, match="its seal does not verify"):
        restore_into(target, out, keys_out)


def test_the_keys_of_another_installation_are_refused(site, backed_up, target, tmp_path):
    out, _ = backed_up
    other_pepper = installation(site.database_url, tmp_path / "other", pepper="another-" + "1" * 40)
    back_up(other_pepper, out=tmp_path / "o1", keys_out=tmp_path / "other-keys", now=NOW)
    with pytest.raises(BackupRefused, match="the UIC pepper differs"):
        restore_into(target, out, tmp_path / "other-keys")

    other_kek = installation(site.database_url, tmp_path / "other-kek", pepper=TEST_PEPPER)
    back_up(other_kek, out=tmp_path / "o2", keys_out=tmp_path / "other-kek-keys", now=NOW)
    with pytest.raises(BackupRefused, match=r"versions 1 in .* are missing or not those"):
        restore_into(target, out, tmp_path / "other-kek-keys")
    assert not target.data_dir.exists()


def test_restore_refuses_an_installation_that_is_not_empty(site, backed_up):
    out, keys_out = backed_up
    with pytest.raises(BackupRefused, match="is not empty") as refused:
        restore_into(site, out, keys_out)
    assert refused.value.key == "backup.target_not_empty"


def test_restore_refuses_key_files_already_in_place(backed_up, target):
    out, keys_out = backed_up
    init_keys(target.model_copy(update={"uic_pepper": None}))
    with pytest.raises(BackupRefused, match="is not empty"):
        restore_into(target, out, keys_out)


@pytest.mark.parametrize("keys_inside", ["keys", ".", ".."])
def test_keys_are_never_backed_up_inside_or_around_the_data_backup(site, tmp_path, keys_inside):
    out = tmp_path / "backup" / "data"
    with pytest.raises(BackupRefused, match="a place of their own"):
        back_up(site, out=out, keys_out=out / keys_inside, now=NOW)
    assert not out.exists()


def test_the_manifest_lists_each_file_with_its_checksum_and_what_restore_checks(backed_up):
    out, keys_out = backed_up
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["files"] == checksums(out) and len(manifest["files"]) == 1
    assert manifest["migration"] == migration_head()
    assert set(manifest) >= {"made_at", "audit_chain", "key_ids", "seal"}
    keys = json.loads((keys_out / "manifest.json").read_text())
    assert sorted(keys["files"]) == ["uic-pepper", "vault-kek/vault-kek-1"]
    assert keys_out.stat().st_mode & 0o777 == 0o700


def test_files_attached_to_decisions_go_with_the_data_and_come_back(site, target, tmp_path):
    store = AttachmentStore.of(site)
    order = tiny_pdf("order 14-p")
    sha256 = store.put(order)
    out, keys_out = tmp_path / "backup" / "data", tmp_path / "elsewhere" / "keys"
    assert back_up(site, out=out, keys_out=keys_out, now=NOW).attachments == 1
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["files"][f"attachments/{sha256}.pdf"] == sha256  # its name is its hash
    restore_into(target, out, keys_out)
    assert AttachmentStore.of(target).read(sha256) == order
