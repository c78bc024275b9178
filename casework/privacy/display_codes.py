"""Random display codes: what staff and forms call a beneficiary instead of a name."""

import secrets

# Crockford's alphabet without I, L, O, U: no letters to confuse with digits, no words.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_display_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"
