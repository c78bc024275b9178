"""Display codes: what staff and forms call a beneficiary instead of a name. Random ones for
the NGO's own case code; keyed ones where a code must be derived again rather than stored."""

import hashlib
import hmac
import re
import secrets

# Crockford's alphabet without I, L, O, U: no letters to confuse with digits, no words.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_display_code() -> str:
    return _formatted("".join(secrets.choice(ALPHABET) for _ in range(8)))


def canonical_display_code(typed: str) -> str | None:
    """A display code as someone typed it (any case, spaces or hyphens anywhere, or none) in
    its printed form XXXX-XXXX; None when it cannot be one."""
    compact = re.sub(r"[\s-]+", "", typed).upper()
    if len(compact) != 8 or not set(compact) <= set(ALPHABET):
        return None
    return _formatted(compact)


def keyed_code(key: bytes, message: bytes) -> str:
    """40 bits of an HMAC of `message`, as XXXX-XXXX: the same code for the same message,
    and nothing about the message without the key."""
    value = int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:5])
    return _formatted("".join(ALPHABET[(value >> shift) & 31] for shift in range(35, -1, -5)))


def _formatted(chars: str) -> str:
    return f"{chars[:4]}-{chars[4:]}"
