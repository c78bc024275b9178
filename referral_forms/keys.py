"""Ed25519 keys that sign the QR of referral forms: files under the data folder, never the
database. Rotation adds a key and destroys the old private keys; their public halves stay
published, so every form ever issued still verifies."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from casework.privacy.keys import DEMO_PREFIX, MissingKey, demo_mark, write_secret_file
from casework.settings import Settings
from referral_forms.payload import b64url, unb64url

MAX_KEY_ID = 255  # the payload carries the key id in one byte


@dataclass(frozen=True)
class KeySet:
    """Public keys by key id; `active` is the one new forms are signed with. A lone PEM key
    has no id: it is tried whatever id a payload names, and its signature decides."""

    keys: Mapping[int, Ed25519PublicKey]
    active: int | None = None
    any_id: Ed25519PublicKey | None = None

    def key_for(self, kid: int) -> Ed25519PublicKey | None:
        return self.keys.get(kid, self.any_id)

    def to_jwks(self) -> dict:
        """RFC 8037 JSON Web Keys, as published at the well-known path."""
        return {
            "keys": [
                {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "alg": "EdDSA",
                    "use": "sig",
                    "kid": str(kid),
                    "x": b64url(key.public_bytes(Encoding.Raw, PublicFormat.Raw)),
                    "status": "active" if kid == self.active else "retired",
                }
                for kid, key in sorted(self.keys.items())
            ]
        }

    @classmethod
    def from_jwks(cls, document: dict) -> "KeySet":
        keys = {
            int(jwk["kid"]): Ed25519PublicKey.from_public_bytes(unb64url(jwk["x"]))
            for jwk in document["keys"]
            if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519"
        }
        active = next(
            (int(j["kid"]) for j in document["keys"] if j.get("status") == "active"), None
        )
        return cls(keys, active)

    @classmethod
    def from_file(cls, path: Path) -> "KeySet":
        """A published key set (JSON) or one PEM public key (a demo one too)."""
        data = path.read_bytes().removeprefix(DEMO_PREFIX)
        if data.lstrip().startswith(b"{"):
            return cls.from_jwks(json.loads(data))
        key = load_pem_public_key(data)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError(f"{path} is not an Ed25519 public key")
        return cls({}, any_id=key)


class FormKeys:
    """The key directory: `<kid>.pub` (PEM, published) and `<kid>.key` (PEM, owner-only).
    Keys made outside production start with the demo prefix before the PEM, like every key
    (casework.privacy.keys), so that production refuses them."""

    def __init__(self, directory: Path, *, mark: bytes = b"") -> None:
        self.directory = directory
        self._mark = mark

    @classmethod
    def of(cls, settings: Settings) -> "FormKeys":
        """The installation's keys; new ones are marked as demo keys outside production."""
        assert settings.form_keys_dir is not None  # filled in by Settings
        return cls(settings.form_keys_dir, mark=demo_mark(settings))

    def _pem(self, kid: int, suffix: str) -> bytes:
        return (self.directory / f"{kid:03d}{suffix}").read_bytes().removeprefix(DEMO_PREFIX)

    def _ids(self, suffix: str) -> list[int]:
        if not self.directory.is_dir():
            return []
        return sorted(int(p.stem) for p in self.directory.glob(f"*{suffix}") if p.stem.isdigit())

    def generate(self) -> int | None:
        """Create the first key; None (changing nothing) if a key already exists."""
        return None if self._ids(".pub") else self._add(1)

    def rotate(self) -> int:
        """Sign new forms with a new key; destroy the older private keys, keep every public."""
        published = self._ids(".pub")
        kid = (published[-1] + 1) if published else 1
        if kid > MAX_KEY_ID:
            raise MissingKey(
                "form_keys.exhausted",
                "key ids are exhausted ({max_id}); start a new key directory",
                max_id=MAX_KEY_ID,
            )
        self._add(kid)
        for old in self._ids(".key"):
            if old != kid:
                (self.directory / f"{old:03d}.key").unlink()
        return kid

    def _add(self, kid: int) -> int:
        private = Ed25519PrivateKey.generate()
        public_pem = private.public_key().public_bytes(
            Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
        )
        # The public half first: a crash in between must not leave a key that signs forms
        # nobody can verify.
        self.directory.mkdir(parents=True, exist_ok=True)
        with (self.directory / f"{kid:03d}.pub").open("xb") as handle:
            handle.write(self._mark + public_pem)
        private_pem = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        write_secret_file(self.directory / f"{kid:03d}.key", self._mark + private_pem)
        return kid

    def signing_key(self) -> tuple[int, Ed25519PrivateKey]:
        usable = set(self._ids(".key")) & set(self._ids(".pub"))
        if not usable:
            raise MissingKey(
                "form_keys.missing",
                "no form signing key in {directory}: run `casework forms keys generate`",
                directory=self.directory,
            )
        kid = max(usable)
        key = load_pem_private_key(self._pem(kid, ".key"), None)
        assert isinstance(key, Ed25519PrivateKey)
        return kid, key

    def public_keys(self) -> KeySet:
        keys = {}
        for kid in self._ids(".pub"):
            key = load_pem_public_key(self._pem(kid, ".pub"))
            assert isinstance(key, Ed25519PublicKey)
            keys[kid] = key
        active = max(set(self._ids(".key")) & set(keys), default=None)
        return KeySet(keys, active)
