"""The identity vault: a name, phone and notes an NGO chooses to keep, encrypted per beneficiary.

Each record has its own data key (AES-256-GCM, the beneficiary id as associated data, so a
ciphertext moved to another row does not open). The data key is stored wrapped by a
key-encryption key (KEK) that lives outside the database, under a version number: rotation
rewraps data keys without touching the records, and erasure deletes the wrapped data key
(crypto-shredding)."""

import json
import os
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import ForeignKey, Integer, LargeBinary, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.errors import InvalidInput
from casework.orm import Base, UtcDateTime
from casework.privacy.keys import KeyRing, MissingKey

NONCE_BYTES = 12
LIMITS = {"name": 200, "phone": 40, "notes": 4000}
PHONE_CHARACTERS = frozenset("0123456789+-() ")


@dataclass(frozen=True, repr=False)
class Identity:
    """Who the beneficiary is, as far as the NGO chose to write it down. Never logged."""

    name: str | None = None
    phone: str | None = None
    notes: str | None = None

    def __repr__(self) -> str:
        return "Identity(<redacted>)"

    def __post_init__(self) -> None:  # refusals name the field, never its value
        for field, limit in LIMITS.items():
            value = getattr(self, field)
            if value is not None and len(value) > limit:
                raise InvalidInput(
                    "identity.too_long",
                    "{name} is longer than {limit} characters",
                    field=field,
                    name=field,
                    limit=limit,
                )
        if self.phone is not None and not set(self.phone) <= PHONE_CHARACTERS:
            raise InvalidInput(
                "identity.phone_malformed",
                "a phone number has digits, spaces, +, - and ()",
                field="phone",
            )

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.notes)


class VaultEntry(Base):
    __tablename__ = "identity_vault"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("beneficiaries.id"), primary_key=True)
    kek_version: Mapped[int] = mapped_column(Integer, index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)  # nonce + data key under the KEK
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)  # nonce + identity under the data key
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


def _key_aad(beneficiary_id: uuid.UUID, version: int) -> bytes:
    return b"casework-dek:" + beneficiary_id.bytes + version.to_bytes(4, "big")


def _record_aad(beneficiary_id: uuid.UUID) -> bytes:
    return b"casework-identity:" + beneficiary_id.bytes


def _encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _decrypt(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise MissingKey(
            "keys.vault_record_unreadable",
            "a vault record does not open with its key; restore the key files",
        ) from None


def lock_identity(keys: KeyRing, entry: VaultEntry, identity: Identity) -> None:
    """Encrypt `identity` into `entry` (whose id is the beneficiary id) under a fresh data key."""
    data_key = AESGCM.generate_key(bit_length=256)
    plaintext = json.dumps(asdict(identity), ensure_ascii=False).encode()
    entry.ciphertext = _encrypt(data_key, plaintext, _record_aad(entry.id))
    version = keys.current_kek_version
    entry.kek_version = version
    entry.wrapped_key = _encrypt(keys.kek(version), data_key, _key_aad(entry.id, version))


def unlock_identity(keys: KeyRing, entry: VaultEntry) -> Identity:
    data_key = _unwrap(keys, entry)
    return Identity(**json.loads(_decrypt(data_key, entry.ciphertext, _record_aad(entry.id))))


def rewrap(keys: KeyRing, entry: VaultEntry, version: int) -> None:
    """Move the data key under KEK `version`; the record itself is not decrypted."""
    data_key = _unwrap(keys, entry)
    entry.wrapped_key = _encrypt(keys.kek(version), data_key, _key_aad(entry.id, version))
    entry.kek_version = version


def _unwrap(keys: KeyRing, entry: VaultEntry) -> bytes:
    version = entry.kek_version
    return _decrypt(keys.kek(version), entry.wrapped_key, _key_aad(entry.id, version))
