"""What an actor may not see does not exist for them: NotFound, never a hint."""

import pytest

from casework.cases import commands as cases
from casework.cases.queries import get_case
from casework.errors import NotFound
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.queries.referrals import get_referral
from casework.referrals.reasons import CancelReason
from tests.support.network import demo


@pytest.fixture
def referral(uow):
    d = demo(uow)
    opened = d.open_case(uow)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    return d, opened.case_id, issued.referral_id


def test_another_ngo_cannot_see_or_touch_the_case(uow, referral):
    d, case_id, referral_id = referral
    stranger = d.caseworker(d.other_ngo)
    for attempt in (
        lambda: get_case(uow, actor=stranger, case_id=case_id),
        lambda: cases.add_need(uow, actor=stranger, case_id=case_id, service=ServiceCode.HOUSING),
        lambda: referrals.request_referral(
            uow, actor=stranger, case_id=case_id, service=ServiceCode.HOUSING
        ),
        lambda: referrals.cancel_referral(
            uow, actor=stranger, referral_id=referral_id, reason_code=CancelReason.OTHER
        ),
        lambda: get_referral(uow, actor=stranger, referral_id=referral_id),
        lambda: cases.record_outcome(uow, actor=stranger, case_id=case_id, resolved=False),
    ):
        with pytest.raises(NotFound):
            attempt()


def test_another_institution_cannot_act_on_the_referral(uow, referral):
    d, _, referral_id = referral
    other_clinic = d.focal(d.tb_dispensary)
    with pytest.raises(NotFound):
        referrals.accept_referral(uow, actor=other_clinic, referral_id=referral_id)
    with pytest.raises(NotFound):
        get_referral(uow, actor=other_clinic, referral_id=referral_id)


def test_the_institution_sees_the_referral_but_not_the_case(uow, referral):
    d, case_id, referral_id = referral
    focal = d.focal()
    assert get_referral(uow, actor=focal, referral_id=referral_id).id == referral_id
    with pytest.raises(NotFound):
        get_case(uow, actor=focal, case_id=case_id)


def test_the_ngo_cannot_accept_its_own_referral(uow, referral):
    d, _, referral_id = referral
    with pytest.raises(NotFound):
        referrals.accept_referral(uow, actor=d.caseworker(), referral_id=referral_id)
