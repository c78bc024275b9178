"""Return-slip codes: an institution that will not log in confirms a visit by typing the form's
serial and the short code printed on it. Threat model and limits: docs/forms.md."""

import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, TooManyAttempts
from casework.referrals.commands.steps import Attestations, record_completion
from casework.referrals.model import Referral, SlipCodeFailure
from casework.referrals.serials import format_serial, parse_serial
from casework.referrals.slip_codes import SlipCodeRejected, normalise_code, slip_code
from casework.referrals.states import REFERRAL_MACHINE, ReferralStatus
from casework.uow import UnitOfWork

MAX_FAILURES = 5  # wrong codes per referral and window; then the slip waits
FAILURE_WINDOW = timedelta(hours=1)
SLIP_ACTOR_ID = "system:slip-code"


@dataclass(frozen=True)
class SlipConfirmed:
    serial: str
    status: ReferralStatus


def confirm_visit_with_slip_code(
    uow: UnitOfWork, *, serial: str, code: str, attestations: Attestations
) -> SlipConfirmed:
    """Complete a referral for an institution that does not log in. A malformed serial or code
    is refused without counting; a wrong code counts against the referral and is audited."""
    parts = parse_serial(serial)
    if parts is None:
        raise InvalidInput(
            "slip.serial_malformed",
            "this is not a form serial number: check every digit",
            field="serial",
        )
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
                "slip.too_many_attempts",
                "too many wrong codes for this form; try again in an hour",
                retry_after=FAILURE_WINDOW,
            )
        if not hmac.compare_digest(slip_code(key, referral.serial), typed):
            session.add(SlipCodeFailure(referral_id=referral.id, at=now))
            uow.audit(actor, AuditAction.REFERRAL_SLIP_CODE_REJECTED, referral)
            uow.commit()
            raise SlipCodeRejected()
        if referral.status is ReferralStatus.REQUESTED:  # the institution never logged in
            referral.move_to(ReferralStatus.ACCEPTED, now=now)
            uow.audit(actor, AuditAction.REFERRAL_ACCEPTED, referral)
        if not REFERRAL_MACHINE.can(referral.status, ReferralStatus.COMPLETED):
            raise Conflict(
                "slip.referral_not_open",
                "this referral is {status}",
                field="serial",
                status=referral.status,
            )
        referral.move_to(ReferralStatus.COMPLETED, now=now)
        uow.audit(actor, AuditAction.REFERRAL_COMPLETED, referral)
        record_completion(uow, referral, attestations)
        uow.commit()
        return SlipConfirmed(referral.serial, referral.status)
