"""A backup folder's manifest: the SHA-256 of every file in it, and what restore checks."""

import hashlib
import json
from pathlib import Path

from casework.errors import DomainError
from casework.privacy.keys import keyed_digest

FORMAT = "casework-backup/1"
MANIFEST = "manifest.json"


class BackupRefused(DomainError):
    """A backup or a restore that would be unsafe or could not be trusted; nothing was changed."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(directory: Path) -> dict[str, str]:
    """Every file of the folder but the manifest, by its path inside the folder."""
    return {
        path.relative_to(directory).as_posix(): sha256_of(path)
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def write_manifest(directory: Path, manifest: dict) -> None:
    text = json.dumps(manifest, indent=2, sort_keys=True)
    (directory / MANIFEST).write_text(text + "\n")


def read_manifest(directory: Path, *, kind: str) -> dict:
    """The manifest of a `kind` ("data" or "keys") backup, once every file matches its checksum."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(
            "backup.no_manifest",
            "{directory} holds no readable backup manifest",
            directory=directory,
        )
    if manifest.get("kind") != kind:
        raise BackupRefused(
            "backup.wrong_kind",
            "{directory} holds a {found} backup where a {wanted} backup was expected",
            directory=directory,
            found=manifest.get("kind"),
            wanted=kind,
        )
    expected, found = manifest.get("files", {}), checksums(directory)
    for name in sorted(expected.keys() | found.keys()):
        if expected.get(name) != found.get(name):
            raise BackupRefused(
                "backup.checksum_mismatch",
                "{name} in {directory} is missing, extra or differs from the checksum in the "
                "manifest: the backup was damaged or altered",
                name=name,
                directory=directory,
            )
    return manifest


def seal(key: bytes, manifest: dict) -> str:
    """A keyed digest of the manifest (without its seal): whoever holds the data backup but not
    the keys cannot alter a file and its checksum together."""
    unsealed = {name: value for name, value in manifest.items() if name != "seal"}
    return keyed_digest(key, json.dumps(unsealed, sort_keys=True))
