"""The signed payload in a form's QR: a few binary fields and an Ed25519 signature, base64url.
Layout (big-endian), format 1:

    version u8 | key id u8 | len(network code) u8 | network code ASCII | year u16 |
    serial number u32 | issuing NGO id u16 | institution id u16 | service u8 |
    issued on u16 | valid until u16 (days since 2000-01-01) | signature 64 bytes

The check digit of the serial is recomputed, not carried. No field can hold personal data."""

import base64
import binascii
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from casework.network.services import ServiceCode
from casework.referrals.serials import format_serial, parse_serial

FORMAT_VERSION = 1
EPOCH = date(2000, 1, 1)
SIGNATURE_LENGTH = 64
MAX_TEXT_LENGTH = 200  # longer input is refused before any decoding work
_HEADER = struct.Struct(">BBB")
_FIELDS = struct.Struct(">HIHHBHH")
_NETWORK_CODE = re.compile(rb"^[A-Z]{2,8}$")

# Wire codes are fixed forever: a printed form outlives any reordering of the enum.
SERVICE_WIRE_CODES: dict[ServiceCode, int] = {
    ServiceCode.HIV_TESTING: 1,
    ServiceCode.STI_CARE: 2,
    ServiceCode.TB_SCREENING: 3,
    ServiceCode.HEPATITIS_TESTING: 4,
    ServiceCode.HARM_REDUCTION: 5,
    ServiceCode.HOUSING: 6,
    ServiceCode.EMPLOYMENT: 7,
    ServiceCode.IDENTITY_DOCUMENTS: 8,
    ServiceCode.LEGAL_AID_DETENTION: 9,
    ServiceCode.SOCIAL_SUPPORT: 10,
}
_SERVICE_OF_WIRE = {wire: service for service, wire in SERVICE_WIRE_CODES.items()}


class InvalidPayload(ValueError):
    """Not a genuine payload: malformed, unknown key, or a signature that does not match."""


@dataclass(frozen=True)
class FormClaims:
    """What the network vouches for: enough to match the paper, nothing about the person."""

    serial: str
    issuer_id: int
    institution_id: int
    service: ServiceCode
    issued_on: date
    valid_until: date


@dataclass(frozen=True)
class VerifiedPayload:
    key_id: int
    claims: FormClaims


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    """Strict: only the canonical encoding of some bytes is accepted, so that no two texts
    (differing, say, in unused trailing bits) carry the same payload."""
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidPayload("not base64url") from exc
    if b64url(raw) != text:
        raise InvalidPayload("not the canonical base64url of its bytes")
    return raw


def _days(day: date) -> int:
    return (day - EPOCH).days


def encode_claims(claims: FormClaims, key_id: int) -> bytes:
    """The signed message: every byte of the payload but the signature."""
    parts = parse_serial(claims.serial)
    if parts is None:
        raise ValueError(f"not a valid serial: {claims.serial}")
    code = parts.network_code.encode("ascii")
    return (
        _HEADER.pack(FORMAT_VERSION, key_id, len(code))
        + code
        + _FIELDS.pack(
            parts.year,
            parts.number,
            claims.issuer_id,
            claims.institution_id,
            SERVICE_WIRE_CODES[claims.service],
            _days(claims.issued_on),
            _days(claims.valid_until),
        )
    )


def sign_payload(claims: FormClaims, *, key_id: int, key: Ed25519PrivateKey) -> str:
    message = encode_claims(claims, key_id)
    return b64url(message + key.sign(message))


def decode_message(message: bytes) -> tuple[int, FormClaims]:
    """Parse a message (unsigned part) into its key id and claims; refuse anything off-format."""
    if len(message) < _HEADER.size:
        raise InvalidPayload("too short")
    version, key_id, code_length = _HEADER.unpack_from(message)
    code = message[_HEADER.size : _HEADER.size + code_length]
    if version != FORMAT_VERSION or not _NETWORK_CODE.match(code):
        raise InvalidPayload("unknown format")
    if len(message) != _HEADER.size + code_length + _FIELDS.size:
        raise InvalidPayload("wrong length")
    year, number, issuer, institution, wire, issued, until = _FIELDS.unpack_from(
        message, _HEADER.size + code_length
    )
    service = _SERVICE_OF_WIRE.get(wire)
    if service is None or until < issued or not 2000 <= year <= 9999:
        raise InvalidPayload("field out of range")
    claims = FormClaims(
        serial=format_serial(code.decode("ascii"), year, number),
        issuer_id=issuer,
        institution_id=institution,
        service=service,
        issued_on=EPOCH + timedelta(days=issued),
        valid_until=EPOCH + timedelta(days=until),
    )
    return key_id, claims


def verify_payload(text: str, key_for: Callable[[int], Ed25519PublicKey | None]) -> VerifiedPayload:
    """The claims of a genuine payload, checked offline with public keys only."""
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidPayload("too long")
    raw = unb64url(text)
    message, signature = raw[:-SIGNATURE_LENGTH], raw[-SIGNATURE_LENGTH:]
    if len(raw) <= SIGNATURE_LENGTH:
        raise InvalidPayload("too short")
    key_id, claims = decode_message(message)
    public_key = key_for(key_id)
    if public_key is None:
        raise InvalidPayload(f"unknown key {key_id}")
    try:
        public_key.verify(signature, message)
    except InvalidSignature as exc:
        raise InvalidPayload("signature does not match") from exc
    return VerifiedPayload(key_id, claims)
