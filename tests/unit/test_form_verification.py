"""The verdict a reader gets: offline from signature and dates, online also from the status."""

import dataclasses
from datetime import date

import pytest

from casework.network.services import ServiceCode
from casework.referrals.states import ReferralStatus
from casework.referrals.views import PublicReferralStatus
from referral_forms.payload import FormClaims
from referral_forms.verification import Verdict, Verification, check_online

CLAIMS = FormClaims(
    "KHT-2026-000123-8", 7, 1, ServiceCode.HIV_TESTING, date(2026, 3, 2), date(2026, 3, 16)
)
GENUINE = Verification(Verdict.VALID, CLAIMS, key_id=1)
TODAY = date(2026, 3, 5)


def status(value: ReferralStatus, **changes) -> PublicReferralStatus:
    recorded = PublicReferralStatus(
        serial=CLAIMS.serial,
        status=value,
        service=CLAIMS.service,
        ngo_id=CLAIMS.issuer_id,
        institution_id=CLAIMS.institution_id,
        institution_name="Regional AIDS Centre (demo)",
        issued_on=CLAIMS.issued_on,
        valid_until=CLAIMS.valid_until,
    )
    return dataclasses.replace(recorded, **changes)


@pytest.mark.parametrize(
    ("recorded", "verdict"),
    [
        (ReferralStatus.REQUESTED, Verdict.VALID),
        (ReferralStatus.ACCEPTED, Verdict.VALID),
        (ReferralStatus.IN_PROGRESS, Verdict.VALID),
        (ReferralStatus.COMPLETED, Verdict.USED),
        (ReferralStatus.CANCELLED, Verdict.CANCELLED),
        (ReferralStatus.REJECTED, Verdict.REJECTED),
        (ReferralStatus.ON_HOLD, Verdict.ON_HOLD),
        (ReferralStatus.FAILED, Verdict.CLOSED),
    ],
)
def test_the_status_decides_once_the_signature_holds(recorded, verdict):
    result = check_online(GENUINE, status(recorded), today=TODAY)
    assert result.verdict is verdict
    assert result.institution_name == "Regional AIDS Centre (demo)"


def test_a_referral_failed_after_its_validity_is_expired():
    later = date(2026, 3, 20)
    expired = dataclasses.replace(GENUINE, verdict=Verdict.EXPIRED)
    assert (
        check_online(expired, status(ReferralStatus.FAILED), today=later).verdict is Verdict.EXPIRED
    )
    assert (
        check_online(expired, status(ReferralStatus.REQUESTED), today=later).verdict
        is Verdict.EXPIRED
    )


def test_signed_fields_that_disagree_with_the_database_are_invalid():
    result = check_online(GENUINE, status(ReferralStatus.REQUESTED, institution_id=2), today=TODAY)
    assert result == Verification(Verdict.INVALID)


def test_a_genuine_form_unknown_to_this_server_says_so():
    assert check_online(GENUINE, None, today=TODAY).verdict is Verdict.UNKNOWN
    assert check_online(Verification(Verdict.INVALID), None, today=TODAY).verdict is Verdict.INVALID
