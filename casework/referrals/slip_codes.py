"""The code printed on a form's return slip: derived from the serial under a secret key, typed
back by the institution to confirm a visit."""

from casework.errors import InvalidInput
from casework.privacy.display_codes import ALPHABET, keyed_code

CODE_LENGTH = 8  # 8 characters of a 32-letter alphabet: 40 bits


_TYPED_ALIKE = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def slip_code(key: bytes, serial: str) -> str:
    """The code printed on the form: 40 bits of an HMAC of the serial, as XXXX-XXXX. Derived,
    not stored, so a copy of the database yields no code."""
    return keyed_code(key, serial.encode())


def normalise_code(typed: str) -> str:
    """Accept what people type: any case, spaces, hyphens, O for 0, I or L for 1."""
    code = typed.strip().upper().translate(_TYPED_ALIKE)
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        raise InvalidInput(
            "slip.code_malformed",
            "the code has {length} letters and digits, as printed on the form",
            field="code",
            length=CODE_LENGTH,
        )
    return f"{code[:4]}-{code[4:]}"


class SlipCodeRejected(InvalidInput):
    """Unknown serial or wrong code: the same answer for both, so neither is revealed."""

    def __init__(self) -> None:
        super().__init__(
            "slip.code_rejected", "the serial number and the code do not match", field="code"
        )
