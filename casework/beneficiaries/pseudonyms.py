"""What staff and forms call a beneficiary instead of a name. The NGO's own case code is random
and stored; each institution's code is derived, never stored, so that no two institutions
share a code for one person and no row links the codes together."""

import uuid

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from casework.beneficiaries.model import Beneficiary
from casework.orm import insert_unless_taken
from casework.privacy.display_codes import keyed_code, new_display_code
from casework.privacy.keys import KeyRing

INSTITUTION_CODE_PURPOSE = "institution-code"


_TAKEN = select(Beneficiary.id).where(Beneficiary.display_code == bindparam("code"))


def insert_with_unused_code(session: Session, beneficiary: Beneficiary) -> None:
    """Write a new beneficiary with a fresh code no other beneficiary has. The INSERT skips
    a taken code (insert_unless_taken) and another is drawn: at intake, asking first was a
    statement more, for a code taken once in a trillion draws."""
    while True:
        beneficiary.display_code = new_display_code()
        if insert_unless_taken(session.connection(), beneficiary, unique="display_code"):
            return


def unused_display_code(session: Session) -> str:
    """A fresh code no beneficiary has, for one who already has a row (erasure gives a new
    one): asked on the connection, as codes are taken by rows, not by pending objects."""
    while True:
        code = new_display_code()
        if session.connection().execute(_TAKEN, {"code": code}).first() is None:
            return code


def institution_code(keys: KeyRing, *, beneficiary_id: uuid.UUID, institution_id: int) -> str:
    """The code one institution knows a beneficiary by (XXXX-XXXX): an HMAC of the beneficiary
    id and the institution id under a key kept outside the database. Stable for the pair, even
    across erasure (the beneficiary id survives it); another institution's code for the same
    person cannot be told from it without the key."""
    message = f"{beneficiary_id}/{institution_id}".encode()
    return keyed_code(keys.derived_key(INSTITUTION_CODE_PURPOSE), message)
