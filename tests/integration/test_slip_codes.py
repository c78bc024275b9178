"""An institution that will not log in confirms a visit with the form's serial and slip code;
guessing is bounded per referral, and every attempt leaves a trace."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from casework.audit import trail
from casework.cases.model import Need
from casework.cases.states import NeedStatus
from casework.errors import Conflict, InvalidInput, TooManyAttempts
from casework.network.services import ServiceCode
from casework.outbox import OutboxMessage
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations, confirm_visit_with_slip_code
from casework.referrals.commands.slips import MAX_FAILURES
from casework.referrals.model import Referral, SlipCodeFailure
from casework.referrals.reasons import CancelReason
from casework.referrals.serials import format_serial, parse_serial
from casework.referrals.slip_codes import SlipCodeRejected, slip_code
from casework.referrals.states import ReferralStatus
from tests.support.forms import requested_referral

ALL_TRUE = Attestations(anonymous=True, free=True, voluntary=True)


@pytest.fixture
def issued(uow):
    d, _, referral = requested_referral(uow)
    return d, referral, slip_code(uow.keys.slip_code_key, referral.serial)


def confirm(uow, serial, code, attestations=ALL_TRUE):
    return confirm_visit_with_slip_code(uow, serial=serial, code=code, attestations=attestations)


def load(uow, referral_id) -> Referral:
    with uow:
        return uow.session.get_one(Referral, referral_id)


def test_the_right_code_completes_a_referral_never_accepted_online(uow, issued):
    _, referral, code = issued
    confirmed = confirm(uow, referral.serial, code)
    assert confirmed.status is ReferralStatus.COMPLETED
    stored = load(uow, referral.referral_id)
    assert stored.status is ReferralStatus.COMPLETED
    assert (stored.attested_anonymous, stored.attested_free, stored.attested_voluntary) == (
        True,
        True,
        True,
    )
    with uow:
        assert uow.session.get_one(Need, stored.need_id).status is NeedStatus.MET
        actions = [(e.action, e.actor_id) for e in trail(uow.session, str(referral.referral_id))]
        flows = uow.session.scalars(select(OutboxMessage.flow)).all()
    assert ("referral.accepted", "system:slip-code") in actions
    assert ("referral.completed", "system:slip-code") in actions
    assert "confirmation" in flows  # the flow that checks the attestations


def test_a_failed_attestation_is_recorded_as_given(uow, issued):
    _, referral, code = issued
    confirm(uow, referral.serial, code, Attestations(anonymous=True, free=False, voluntary=True))
    assert load(uow, referral.referral_id).attestation_failed == ["free"]


def test_codes_are_read_the_way_people_type_them(uow, issued):
    _, referral, code = issued
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert confirm(uow, referral.serial.lower(), typed).status is ReferralStatus.COMPLETED


def test_a_wrong_code_is_refused_counted_and_audited(uow, issued):
    _, referral, code = issued
    wrong = "0000-0000" if code != "0000-0000" else "1111-1111"
    with pytest.raises(SlipCodeRejected):
        confirm(uow, referral.serial, wrong)
    assert load(uow, referral.referral_id).status is ReferralStatus.REQUESTED
    with uow:
        failures = uow.session.scalar(select(func.count(SlipCodeFailure.id)))
        actions = [e.action for e in trail(uow.session, str(referral.referral_id))]
    assert failures == 1
    assert "referral.slip-code-rejected" in actions


def test_an_unknown_serial_gets_the_same_answer_as_a_wrong_code(uow, issued):
    _, referral, code = issued
    parts = parse_serial(referral.serial)
    unknown = format_serial(parts.network_code, parts.year, parts.number + 500)
    with pytest.raises(SlipCodeRejected) as unknown_error:
        confirm(uow, unknown, code)
    with pytest.raises(SlipCodeRejected) as wrong_error:
        confirm(uow, referral.serial, "ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ" else "YYYY-YYYY")
    assert unknown_error.value.message == wrong_error.value.message


def test_guessing_is_stopped_per_referral_for_an_hour(uow, clock, issued):
    _, referral, code = issued
    wrong = "0000-0000" if code != "0000-0000" else "1111-1111"
    for _ in range(MAX_FAILURES):
        with pytest.raises(SlipCodeRejected):
            confirm(uow, referral.serial, wrong)
    with pytest.raises(TooManyAttempts):
        confirm(uow, referral.serial, code)  # even the right code waits
    clock.advance(timedelta(hours=1, seconds=1))
    assert confirm(uow, referral.serial, code).status is ReferralStatus.COMPLETED


@pytest.mark.parametrize(
    ("serial_change", "code", "field"),
    [
        ("typo", None, "serial"),  # the check digit catches a mistyped serial
        (None, "ABC", "code"),
        (None, "ABCD-EFGU", "code"),  # U is not in the alphabet
    ],
)
def test_malformed_input_is_refused_without_counting(uow, issued, serial_change, code, field):
    _, referral, right_code = issued
    serial = referral.serial
    if serial_change == "typo":
        digit = serial[-3]
        serial = serial[:-3] + str((int(digit) + 1) % 10) + serial[-2:]
    with pytest.raises(InvalidInput) as error:
        confirm(uow, serial, code or right_code)
    assert error.value.field == field
    assert not isinstance(error.value, SlipCodeRejected)
    with uow:
        assert uow.session.scalar(select(func.count(SlipCodeFailure.id))) == 0


def test_a_cancelled_or_already_confirmed_referral_cannot_be_confirmed(uow, issued):
    d, referral, code = issued
    confirm(uow, referral.serial, code)
    with pytest.raises(Conflict):
        confirm(uow, referral.serial, code)
    case = d.open_case(uow)
    other = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=case.case_id, service=ServiceCode.HIV_TESTING
    )
    referrals.cancel_referral(
        uow,
        actor=d.caseworker(),
        referral_id=other.referral_id,
        reason_code=CancelReason.ISSUED_IN_ERROR,
    )
    with pytest.raises(Conflict):
        confirm(uow, other.serial, slip_code(uow.keys.slip_code_key, other.serial))


def test_codes_differ_between_forms_and_installations(uow, issued):
    _, referral, code = issued
    assert slip_code(uow.keys.slip_code_key, referral.serial) == code
    parts = parse_serial(referral.serial)
    next_serial = format_serial(parts.network_code, parts.year, parts.number + 1)
    assert slip_code(uow.keys.slip_code_key, next_serial) != code
    assert slip_code(b"another installation's key", referral.serial) != code
