"""Display codes that are free: what staff and forms call a beneficiary instead of a name."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.beneficiaries.model import Beneficiary
from casework.privacy.display_codes import new_display_code


def unused_display_code(session: Session) -> str:
    while True:
        code = new_display_code()
        taken = session.scalar(select(Beneficiary.id).where(Beneficiary.display_code == code))
        if taken is None:
            return code
