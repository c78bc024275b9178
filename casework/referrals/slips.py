"""Return-slip codes: an institution that will not log in confirms a visit by typing the form's
serial and the short code printed on it. Threat model and limits: docs/forms.md."""

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, Uuid, func, select
from sqlalchemy.orm import Mapped, mapped_column

from casework.actors import Actor, Role
from casework.audit import AutoId
from casework.errors import Conflict, InvalidInput, TooManyAttempts
from casework.orm import Base, UtcDateTime
from casework.privacy.display_codes import ALPHABET
from casework.referrals.commands import Attestations, record_completion
from casework.referrals.model import Referral
from casework.referrals.serials import format_serial, parse_serial
from casework.referrals.states import ReferralStatus
from casework.uow import UnitOfWork

CODE_LENGTH = 8  # 8 characters of a 32-letter alphabet: 40 bits
MAX_FAILURES = 5  # wrong codes per referral and window; then the slip waits
FAILURE_WINDOW = timedelta(hours=1)
SLIP_ACTOR_ID = "system:slip-code"
_TYPED_ALIKE = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


class SlipCodeFailure(Base):
    """A wrong code typed for a referral: counted to stop guessing, kept as evidence."""

    __tablename__ = "slip_code_failures"
    __table_args__ = (Index("ix_slip_code_failures_referral_at", "referral_id", "at"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referrals.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class SlipCodeRejected(InvalidInput):
    """Unknown serial or wrong code: the same answer for both, so neither is revealed."""

    def __init__(self) -> None:
        super().__init__("the serial number and the code do not match", field="code")


@dataclass(frozen=True)
class SlipConfirmed:
    serial: str
    status: ReferralStatus


def slip_code(key: bytes, serial: str) -> str:
    """The code printed on the form: 40 bits of an HMAC of the serial, as XXXX-XXXX. Derived,
    not stored, so a copy of the database yields no code."""
    value = int.from_bytes(hmac.new(key, serial.encode(), hashlib.sha256).digest()[:5])
    chars = "".join(ALPHABET[(value >> shift) & 31] for shift in range(35, -1, -5))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_code(typed: str) -> str:
    """Accept what people type: any case, spaces, hyphens, O for 0, I or L for 1."""
    code = typed.strip().upper().translate(_TYPED_ALIKE)
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        raise InvalidInput(
            f"the code has {CODE_LENGTH} letters and digits, as printed on the form", field="code"
        )
    return f"{code[:4]}-{code[4:]}"


def confirm_visit_with_slip_code(
    uow: UnitOfWork, *, serial: str, code: str, attestations: Attestations
) -> SlipConfirmed:
    """Complete a referral for an institution that does not log in. A malformed serial or code
    is refused without counting; a wrong code counts against the referral and is audited."""
    parts = parse_serial(serial)
    if parts is None:
        raise InvalidInput("this is not a form serial number: check every digit", field="serial")
    typed = normalise_code(code)
    key = uow.keys.slip_code_key
    with uow:
        session = uow.session
        referral = session.scalar(
            select(Referral).where(Referral.serial == format_serial(*parts)).with_for_update()
        )
        if referral is None:
            raise SlipCodeRejected()
        actor = Actor(SLIP_ACTOR_ID, Role.SYSTEM, organisation_id=referral.institution_id)
        now = uow.now()
        failures = session.scalar(
            select(func.count(SlipCodeFailure.id)).where(
                SlipCodeFailure.referral_id == referral.id,
                SlipCodeFailure.at > now - FAILURE_WINDOW,
            )
        )
        if failures >= MAX_FAILURES:
            raise TooManyAttempts(
                "too many wrong codes for this form; try again in an hour",
                retry_after=FAILURE_WINDOW,
            )
        if not hmac.compare_digest(slip_code(key, referral.serial), typed):
            session.add(SlipCodeFailure(referral_id=referral.id, at=now))
            uow.audit(actor, "referral.slip-code-rejected", referral)
            uow.commit()
            raise SlipCodeRejected()
        if referral.status is ReferralStatus.REQUESTED:  # the institution never logged in
            referral.move_to(ReferralStatus.ACCEPTED, now=now)
            uow.audit(actor, "referral.accepted", referral)
        if referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS):
            raise Conflict(f"this referral is {referral.status.value}", field="serial")
        referral.move_to(ReferralStatus.COMPLETED, now=now)
        uow.audit(actor, "referral.completed", referral)
        record_completion(uow, referral, attestations)
        uow.commit()
        return SlipConfirmed(referral.serial, referral.status)
