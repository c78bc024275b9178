"""Secrets that never live in the database: read from files or the environment, never logged.

The UIC pepper (the key of the UIC hash), the identity vault's key-encryption keys (KEKs), one
file per version, and the webhook secret; the form signing keys (referral_forms.keys) live in
files beside them. Keys made outside production start with DEMO_PREFIX, so that production can
recognise and refuse them wherever they were copied to."""

import hashlib
import hmac
import os
import re
import secrets
from functools import cached_property
from pathlib import Path

from pydantic import SecretStr

from casework.errors import DomainError
from casework.settings import Environment, Settings

DEMO_PREFIX = b"demo-"
KEK_FILE = re.compile(r"^vault-kek-(\d+)$")
KEK_BYTES = 32  # AES-256


class MissingKey(DomainError):
    """A secret the engine needs is not configured; the message says how to provide it."""


class DemoKeyInProduction(DomainError):
    """Production was given a key made for the demo or for development."""


class KeyRing:
    """Loads each secret on first use, so a command that needs none of them needs no keys."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._keks: dict[int, bytes] = {}

    @cached_property
    def uic_pepper(self) -> bytes:
        settings = self._settings
        value = _read_secret(
            settings.uic_pepper,
            settings.uic_pepper_file,
            MissingKey(
                "keys.pepper_missing",
                "the UIC pepper is missing: create {path} (`casework keys init`) or set "
                "CASEWORK_UIC_PEPPER_FILE or CASEWORK_UIC_PEPPER",
                path=settings.uic_pepper_file,
            ),
        )
        if len(value) < 32:
            raise MissingKey(
                "keys.pepper_too_short", "the UIC pepper must be at least 32 bytes long"
            )
        return self._refuse_demo_key(value, "the UIC pepper")

    def kek_versions(self) -> list[int]:
        """Versions of the vault key-encryption key present, oldest first."""
        return sorted(kek_files(self._kek_dir()))

    @cached_property
    def current_kek_version(self) -> int:
        """New data keys are wrapped under the newest version."""
        versions = self.kek_versions()
        if not versions:
            raise MissingKey(
                "keys.kek_missing",
                "the vault key-encryption key is missing: create one in {directory} "
                "(`casework keys init`) or set CASEWORK_VAULT_KEK_DIR",
                directory=self._kek_dir(),
            )
        return versions[-1]

    def kek(self, version: int) -> bytes:
        if version not in self._keks:
            path = kek_files(self._kek_dir()).get(version)
            if path is None:
                raise MissingKey(
                    "keys.kek_version_missing",
                    "vault key-encryption key version {version} is missing from {directory}; "
                    "restore it from the key backup",
                    version=version,
                    directory=self._kek_dir(),
                )
            raw = path.read_bytes().strip()
            hex_digits = raw.removeprefix(DEMO_PREFIX)
            try:
                key = bytes.fromhex(hex_digits.decode("ascii"))
            except ValueError:
                key = b""
            if len(key) != KEK_BYTES:
                raise MissingKey(
                    "keys.kek_malformed",
                    "{path} does not hold a {size}-byte key in hexadecimal",
                    path=path,
                    size=KEK_BYTES,
                )
            self._refuse_demo_key(raw, f"vault key-encryption key version {version}")
            self._keks[version] = key
        return self._keks[version]

    def derived_key(self, purpose: str) -> bytes:
        """A key for one purpose (slip codes, fingerprints, ...), derived from the pepper under
        its own label: one secret fewer to keep outside the database, and no derived key
        reveals the pepper or another derived key."""
        label = f"casework/{purpose}/v1".encode()
        return hmac.new(self.uic_pepper, label, hashlib.sha256).digest()

    @cached_property
    def slip_code_key(self) -> bytes:
        """Key of the return-slip codes."""
        return self.derived_key("slip-code")

    @cached_property
    def audit_chain_key(self) -> bytes:
        """Key of the audit chain's HMACs: who owns the database but not this key cannot
        re-hash a rewritten trail."""
        return self.derived_key("audit-chain")

    @cached_property
    def webhook_secret(self) -> bytes:
        """The key that signs notification webhooks, shared with the gateway only."""
        settings = self._settings
        value = _read_secret(
            settings.webhook_secret,
            settings.webhook_secret_file,
            MissingKey(
                "keys.webhook_secret_missing",
                "the webhook secret is missing: set CASEWORK_WEBHOOK_SECRET_FILE "
                "or CASEWORK_WEBHOOK_SECRET",
            ),
        )
        if len(value) < 32:
            raise MissingKey(
                "keys.webhook_secret_too_short", "the webhook secret must be at least 32 bytes long"
            )
        return self._refuse_demo_key(value, "the webhook secret")

    def check_form_keys(self) -> None:
        """Production refuses form signing keys made for the demo, the public halves too: a
        demo public key published would pass forms signed with a demo key as genuine."""
        directory = self._settings.form_keys_dir
        assert directory is not None  # filled in by Settings
        if not directory.is_dir():
            return
        for path in sorted(p for p in directory.iterdir() if p.is_file()):
            with path.open("rb") as handle:
                start = handle.read(len(DEMO_PREFIX))
            self._refuse_demo_key(start, f"the form signing key file {path.name}")

    def check(self) -> None:
        """Fail now, with a clear message, rather than at the first intake."""
        _ = self.uic_pepper
        self.kek(self.current_kek_version)

    def _kek_dir(self) -> Path:
        assert self._settings.vault_kek_dir is not None  # filled in by Settings
        return self._settings.vault_kek_dir

    def _refuse_demo_key(self, value: bytes, what: str) -> bytes:
        if value.startswith(DEMO_PREFIX) and self._settings.environment is Environment.PRODUCTION:
            raise DemoKeyInProduction(
                "keys.demo_key_in_production",
                "{what} is a demo key, which production refuses: remove the demo keys, then "
                "create real ones with CASEWORK_ENVIRONMENT=production `casework keys init`",
                what=what,
            )
        return value


def kek_files(directory: Path) -> dict[int, Path]:
    if not directory.is_dir():
        return {}
    found = (KEK_FILE.match(p.name) for p in directory.iterdir())
    return {int(m[1]): directory / m[0] for m in found if m is not None}


def _read_secret(value: SecretStr | None, path: Path | None, missing: MissingKey) -> bytes:
    if value is not None:
        return value.get_secret_value().encode()
    if path is None or not path.is_file():
        raise missing
    return path.read_bytes().strip()


def write_secret_file(path: Path, value: bytes) -> bool:
    """Create a secret file readable by its owner only; never overwrite one. True if created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    return True


def demo_mark(settings: Settings) -> bytes:
    """What a key file made under these settings starts with: the demo prefix outside
    production (production refuses it), nothing in production."""
    return b"" if settings.environment is Environment.PRODUCTION else DEMO_PREFIX


def _marked(settings: Settings, secret: str) -> bytes:
    return demo_mark(settings) + secret.encode()


def add_kek_version(settings: Settings) -> int:
    """Create the next vault key-encryption key; returns its version."""
    assert settings.vault_kek_dir is not None
    version = max(kek_files(settings.vault_kek_dir), default=0) + 1
    path = settings.vault_kek_dir / f"vault-kek-{version}"
    if not write_secret_file(path, _marked(settings, secrets.token_hex(KEK_BYTES))):
        raise MissingKey(
            "keys.kek_race",
            "{path} appeared while it was being created; run the command again",
            path=path,
        )
    return version


def retire_kek_versions(settings: Settings, *, in_use: set[int]) -> list[int]:
    """Delete the key files of versions no data key is wrapped under (never the newest)."""
    assert settings.vault_kek_dir is not None
    files = kek_files(settings.vault_kek_dir)
    newest = max(files, default=0)
    retired = sorted(v for v in files if v != newest and v not in in_use)
    for version in retired:
        files[version].unlink()
    return retired


def init_keys(settings: Settings) -> list[Path]:
    """Create the secrets this installation lacks; returns the files created."""
    created = []
    pepper_file = settings.uic_pepper_file
    wanted = settings.uic_pepper is None and pepper_file is not None
    if wanted and write_secret_file(pepper_file, _marked(settings, secrets.token_hex(32))):
        created.append(pepper_file)
    assert settings.vault_kek_dir is not None
    if not kek_files(settings.vault_kek_dir):
        version = add_kek_version(settings)
        created.append(settings.vault_kek_dir / f"vault-kek-{version}")
    return created


def keyed_digest(key: bytes, value: str | bytes) -> str:
    """HMAC-SHA-256 in hexadecimal: what the database may keep of a value it must not reveal
    (a copy of the database without the key cannot test guesses against it)."""
    data = value.encode() if isinstance(value, str) else value
    return hmac.new(key, data, hashlib.sha256).hexdigest()
