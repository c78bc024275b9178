"""A referral's steps take published codes: what each stores, the outcome it closes with, the
note beside it, and the member a declining institution may suggest instead."""

from datetime import UTC, datetime

import pytest

from casework.actors import system_actor
from casework.beneficiaries.commands.consent import revoke_consent
from casework.beneficiaries.model import ConsentPurpose
from casework.cases import commands as cases
from casework.errors import IllegalTransition, InvalidInput
from casework.escalation.commands.sweep import sweep
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from casework.referrals.reasons import CancelReason, ReferralOutcome, RejectReason
from casework.referrals.states import ReferralStatus
from tests.support.network import another_network, demo

ALL_TRUE = referrals.Attestations(anonymous=True, free=True, voluntary=True)


def stored(uow, referral_id) -> tuple:
    with uow:
        r = uow.session.get_one(Referral, referral_id)
        return r.status, r.status_reason, r.status_note, r.outcome, r.suggested_member_id


def issue(uow, d, service=ServiceCode.HIV_TESTING):
    opened = d.open_case(uow, (service,))
    return opened, referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=service
    )


def test_a_decline_keeps_its_code_note_and_suggestion_and_closes_with_the_codes_outcome(uow):
    d = demo(uow)
    hospital = d.members["Regional Clinical Hospital (demo)"]
    _, issued = issue(uow, d)
    status = referrals.reject_referral(
        uow,
        actor=d.focal(issued.institution_id),
        referral_id=issued.referral_id,
        reason_code=RejectReason.NOT_ELIGIBLE,
        note="  Adults only at this site.  ",
        suggested_member_id=hospital,
    )
    assert status is ReferralStatus.REJECTED
    assert stored(uow, issued.referral_id) == (
        ReferralStatus.REJECTED,
        "not_eligible",
        "Adults only at this site.",
        ReferralOutcome.NOT_ELIGIBLE,
        hospital,
    )
    with pytest.raises(IllegalTransition):  # declined once is declined for good
        referrals.reject_referral(
            uow,
            actor=d.focal(issued.institution_id),
            referral_id=issued.referral_id,
            reason_code=RejectReason.OTHER,
        )


def test_a_suggestion_must_be_another_member_offering_the_service(uow):
    d = demo(uow)
    other = another_network(uow)
    _, issued = issue(uow, d)
    focal = d.focal(issued.institution_id)
    for wrong in (d.tb_dispensary, issued.institution_id, other.institution, 999_999):
        with pytest.raises(InvalidInput) as refused:
            referrals.reject_referral(
                uow,
                actor=focal,
                referral_id=issued.referral_id,
                reason_code=RejectReason.REFERRED_ELSEWHERE,
                suggested_member_id=wrong,
            )
        assert refused.value.field == "suggested_member_id"
    with pytest.raises(InvalidInput) as too_long:
        referrals.reject_referral(
            uow,
            actor=focal,
            referral_id=issued.referral_id,
            reason_code=RejectReason.OTHER,
            note="x" * 301,
        )
    assert too_long.value.field == "note"
    assert stored(uow, issued.referral_id) == (ReferralStatus.REQUESTED, None, None, None, None)


def test_every_way_of_closing_records_an_outcome(uow, clock):
    d = demo(uow)
    _, delivered = issue(uow, d)
    referrals.accept_referral(uow, actor=d.focal(), referral_id=delivered.referral_id)
    referrals.complete_referral(
        uow, actor=d.focal(), referral_id=delivered.referral_id, attestations=ALL_TRUE
    )
    _, cancelled = issue(uow, d)
    referrals.cancel_referral(
        uow,
        actor=d.caseworker(),
        referral_id=cancelled.referral_id,
        reason_code=CancelReason.CLIENT_UNREACHABLE,
        note="phone switched off for a week",
    )
    revoked, withdrawn = issue(uow, d)
    revoke_consent(
        uow,
        actor=d.caseworker(),
        beneficiary_id=revoked.beneficiary_id,
        purpose=ConsentPurpose.REFERRAL,
    )
    _, lapsed = issue(uow, d, ServiceCode.TB_SCREENING)
    clock.current = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)  # past every form's validity
    assert sweep(uow, actor=system_actor("test-sweep")).expired == 1

    assert {
        name: stored(uow, issued.referral_id)[1:4]
        for name, issued in {
            "delivered": delivered,
            "cancelled": cancelled,
            "withdrawn": withdrawn,
            "lapsed": lapsed,
        }.items()
    } == {
        "delivered": (None, None, ReferralOutcome.SERVICE_RECEIVED),
        "cancelled": (
            "client_unreachable",
            "phone switched off for a week",
            ReferralOutcome.COULD_NOT_REACH,
        ),
        "withdrawn": ("consent_revoked", None, ReferralOutcome.CLIENT_DECLINED),
        "lapsed": ("expired_unused", None, ReferralOutcome.COULD_NOT_REACH),
    }


def test_a_case_closing_cancels_what_it_left_open_with_the_engines_code(uow):
    d = demo(uow)
    opened, issued = issue(uow, d)
    cases.record_outcome(uow, actor=d.caseworker(), case_id=opened.case_id, resolved=False)
    assert (
        referrals.cancel_open_referrals_of_case(
            uow, actor=system_actor("flow:resolution"), case_id=opened.case_id
        )
        == 1
    )
    assert stored(uow, issued.referral_id)[:4] == (
        ReferralStatus.CANCELLED,
        "case_closed",
        None,
        ReferralOutcome.OTHER,
    )
