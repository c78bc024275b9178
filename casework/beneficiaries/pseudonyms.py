"""What staff and forms call a beneficiary instead of a name. The NGO's own case code is random
and stored; each institution's code is derived, never stored, so that no two institutions
share a code for one person and no row links the codes together."""

import uuid

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from casework.beneficiaries.model import Beneficiary
from casework.privacy.display_codes import keyed_code, new_display_code
from casework.privacy.keys import KeyRing

INSTITUTION_CODE_PURPOSE = "institution-code"


_TAKEN = select(Beneficiary.id).where(Beneficiary.display_code == bindparam("code"))


def unused_display_code(session: Session) -> str:
    """A fresh code no beneficiary has. Every intake asks: the statement is built once and
    runs on the connection (a code is taken by committed rows, not by pending objects)."""
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
