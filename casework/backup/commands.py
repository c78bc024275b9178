"""Backing an installation up while it runs, and restoring it onto an empty one: the data to
one folder, the keys to another, each with a manifest of checksums; restore refuses a pair
that does not belong together and a copy whose audit chain does not verify. The files attached
to decisions live beside the database, not in it: they go with the data."""

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from casework.audit import ChainAnchor
from casework.audit_verify import ChainReport
from casework.backup.database import (
    copy_database,
    discard_restored,
    not_empty,
    refuse_unless_empty,
    restore_database,
    verify_restored,
)
from casework.backup.key_files import (
    PEPPER,
    copy_key_files,
    key_destinations,
    key_ids,
    key_sources,
    read_from,
    restore_key_files,
)
from casework.backup.manifest import (
    FORMAT,
    BackupRefused,
    checksums,
    read_manifest,
    seal,
    write_manifest,
)
from casework.privacy.keys import KeyRing
from casework.settings import Settings

SEAL_PURPOSE = "backup-seal"
ATTACHMENTS = "attachments"  # the data backup's folder of attached files


@dataclass(frozen=True)
class BackupMade:
    migration: str
    chain: ChainAnchor  # the audit chain's head in the copy
    key_files: int
    pepper_in_environment: bool  # then the keys backup lacks it: keep it yourself
    attachments: int = 0  # files attached to decisions, copied with the data


@dataclass(frozen=True)
class Restored:
    migration: str
    chain: ChainReport
    key_files: list[Path]


def back_up(settings: Settings, *, out: Path, keys_out: Path, now: datetime) -> BackupMade:
    """Copy the database to `out` and the key files to `keys_out`, a folder of their own."""
    out, keys_out = out.resolve(), keys_out.resolve()
    if out == keys_out or out in keys_out.parents or keys_out in out.parents:
        raise BackupRefused(
            "backup.keys_beside_data",
            "the keys go to a place of their own, never inside or around the data backup: "
            "give --keys-out a folder outside {out}",
            out=out,
        )
    for folder in (out, keys_out):
        if folder.exists() and any(folder.iterdir()):
            raise BackupRefused(
                "backup.out_not_empty",
                "{folder} is not empty: each backup goes to a new folder",
                folder=folder,
            )
    KeyRing(settings).check()  # a missing key fails now, before anything is written
    out.mkdir(mode=0o700, parents=True, exist_ok=True)  # the copy holds case data
    keys_out.mkdir(mode=0o700, parents=True, exist_ok=True)
    url = settings.migration_database_url
    copied = copy_database(url, out, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    # After the database: a file is written before its row commits, so every row in the copy
    # finds its file (a file of a row committed meanwhile comes along too, unused).
    attachments = copy_attachments(settings.attachments_dir, out / ATTACHMENTS)
    # The keys after the data: a key rotated meanwhile is in the keys backup, not missing.
    copy_key_files(key_sources(settings), keys_out)
    keys = KeyRing(read_from(settings, keys_out))  # the ids of what the keys backup holds
    made_at = now.isoformat()
    data = {
        "format": FORMAT,
        "kind": "data",
        "made_at": made_at,
        "database": make_url(url).get_backend_name(),
        "database_file": copied.file,
        "migration": copied.migration,
        "audit_chain": {"seq": copied.chain.seq, "hash": copied.chain.hash},
        "key_ids": key_ids(keys),
        "files": checksums(out),
    }
    data["seal"] = seal(keys.derived_key(SEAL_PURPOSE), data)
    write_manifest(out, data)
    key_files = checksums(keys_out)
    write_manifest(
        keys_out, {"format": FORMAT, "kind": "keys", "made_at": made_at, "files": key_files}
    )
    return BackupMade(
        copied.migration, copied.chain, len(key_files), PEPPER not in key_files, attachments
    )


def restore(
    settings: Settings, *, data_from: Path, keys_from: Path, known_migrations: set[str]
) -> Restored:
    """Bring a data backup and its keys backup back into an empty installation."""
    data = read_manifest(data_from, kind="data")
    key_names = sorted(read_manifest(keys_from, kind="keys")["files"])
    if PEPPER not in key_names and settings.uic_pepper is None:
        raise BackupRefused(
            "backup.pepper_missing",
            "{keys_from} holds no UIC pepper (the environment gave it when the backup was "
            "made): set CASEWORK_UIC_PEPPER to it before restoring",
            keys_from=keys_from,
        )
    keys = KeyRing(read_from(settings, keys_from))
    _refuse_another_installations_keys(data, keys, data_from=data_from, keys_from=keys_from)
    url = settings.migration_database_url
    _refuse_another_version(data, url, known_migrations)
    destinations = key_destinations(settings, key_names)
    _refuse_unless_empty(settings, url, destinations)

    restore_database(url, data_from / data["database_file"])
    anchor = ChainAnchor(**data["audit_chain"])
    chain = verify_restored(url, key=keys.audit_chain_key, anchor=anchor)
    if not chain.intact:
        left = (
            "nothing was restored"
            if discard_restored(url)
            else ("the target database holds the copy: empty it before trying again")
        )
        raise BackupRefused(
            "backup.chain_broken",
            "the restored audit chain does not verify at row {row} ({problem}); {left}",
            row=chain.broken_at,
            problem=chain.problem,
            left=left,
        )
    restore_key_files(keys_from, destinations)
    copy_attachments(data_from / ATTACHMENTS, settings.attachments_dir)
    return Restored(data["migration"], chain, list(destinations.values()))


def _refuse_another_installations_keys(
    data: dict, keys: KeyRing, *, data_from: Path, keys_from: Path
) -> None:
    found, expected = key_ids(keys), data["key_ids"]
    if found["uic_pepper"] != expected["uic_pepper"]:
        raise BackupRefused(
            "backup.keys_mismatch",
            "the keys in {keys_from} are not those of the data in {data_from} (the UIC pepper "
            "differs): use the keys backup made with this data backup",
            keys_from=keys_from,
            data_from=data_from,
        )
    wanted = expected["vault_kek"]
    differ = sorted((v for v in wanted if found["vault_kek"].get(v) != wanted[v]), key=int)
    if differ:
        raise BackupRefused(
            "backup.kek_mismatch",
            "vault key-encryption key versions {versions} in {keys_from} are missing or not "
            "those of the data in {data_from}: use the keys backup made with this data backup",
            versions=", ".join(differ),
            keys_from=keys_from,
            data_from=data_from,
        )
    if data.get("seal") != seal(keys.derived_key(SEAL_PURPOSE), data):
        raise BackupRefused(
            "backup.seal_mismatch",
            "the manifest in {data_from} was altered after the backup was made: its seal does "
            "not verify under the keys",
            data_from=data_from,
        )


def _refuse_another_version(data: dict, url: str, known_migrations: set[str]) -> None:
    if data["migration"] not in known_migrations:
        raise BackupRefused(
            "backup.unknown_migration",
            "the backup's database is at migration {migration}, which this version of the "
            "engine does not know: restore it with the version that made it",
            migration=data["migration"],
        )
    backend = make_url(url).get_backend_name()
    if data["database"] != backend:
        raise BackupRefused(
            "backup.wrong_database",
            "the backup holds a {found} database and this installation uses {wanted}",
            found=data["database"],
            wanted=backend,
        )


def _refuse_unless_empty(settings: Settings, url: str, destinations: dict[str, Path]) -> None:
    if make_url(url).get_backend_name() == "sqlite":
        folder = settings.data_dir
        if folder.exists() and any(folder.iterdir()):
            raise not_empty(folder)
    refuse_unless_empty(url)
    for target in destinations.values():
        if target.exists():
            raise not_empty(target)


def copy_attachments(source: Path, target: Path) -> int:
    """Copy the attached files (each named by its SHA-256, never changed once written) from
    one folder to another; a file already there is the same file. Returns how many."""
    files = sorted(p for p in source.glob("*.pdf") if p.is_file()) if source.is_dir() else []
    if files:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path in files:
        if not (target / path.name).exists():
            shutil.copy2(path, target / path.name)
    return len(files)
