"""Each institution knows a beneficiary by a code of its own: two institutions comparing
records cannot link one person's services, and no stored column links the codes."""

import pytest
from sqlalchemy import select

from casework.beneficiaries.commands.erasure import erase_beneficiary
from casework.errors import PermissionDenied
from casework.network.services import ServiceCode
from casework.orm import Base
from casework.referrals import commands as referrals
from casework.referrals.queries.form import referral_form
from casework.referrals.queries.institution import institution_inbox, institution_referral
from tests.support.network import demo

NEEDS = (ServiceCode.HIV_TESTING, ServiceCode.HARM_REDUCTION)


def _referred_to_two_institutions(uow):
    """One beneficiary referred to the AIDS centre and to the narcology centre."""
    d = demo(uow)
    opened = d.open_case(uow, needs=NEEDS)
    issued = {
        service: referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=service
        )
        for service in NEEDS
    }
    assert [i.institution_id for i in issued.values()] == [d.aids_centre, d.narcology_centre]
    return d, opened, issued


def _code(uow, d, issued) -> str:
    focal = d.focal(issued.institution_id)
    return institution_referral(uow, actor=focal, referral_id=issued.referral_id).display_code


def test_one_beneficiary_has_a_different_stable_code_at_each_institution(uow):
    d, opened, issued = _referred_to_two_institutions(uow)
    aids, narcology = issued[ServiceCode.HIV_TESTING], issued[ServiceCode.HARM_REDUCTION]

    codes = {_code(uow, d, aids), _code(uow, d, narcology)}
    assert len(codes) == 2 and opened.display_code not in codes
    # Stable: a second referral to the same institution shows the same code.
    again = referrals.request_referral(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        service=ServiceCode.STI_CARE,
        institution_id=d.aids_centre,
    )
    assert _code(uow, d, again) == _code(uow, d, aids)
    # The form and its slip, printed by the NGO, carry the addressee's code.
    for one in (aids, narcology):
        form = referral_form(uow, actor=d.caseworker(), referral_id=one.referral_id)
        assert form.institution_code == _code(uow, d, one)


def test_an_institution_code_appears_nowhere_for_the_other_institution(uow):
    d, _, issued = _referred_to_two_institutions(uow)
    aids, narcology = issued[ServiceCode.HIV_TESTING], issued[ServiceCode.HARM_REDUCTION]
    aids_code = _code(uow, d, aids)

    seen_by_narcology = repr(institution_inbox(uow, actor=d.focal(d.narcology_centre)))
    seen_by_narcology += repr(
        referral_form(uow, actor=d.caseworker(), referral_id=narcology.referral_id)
    )
    assert narcology.serial in seen_by_narcology
    assert aids_code not in seen_by_narcology


def test_no_stored_column_holds_an_institution_code(uow):
    d, opened, issued = _referred_to_two_institutions(uow)
    codes = {_code(uow, d, one) for one in issued.values()}
    codes |= {code.replace("-", "") for code in codes}
    with uow:
        stored = [
            repr(row)
            for table in Base.metadata.sorted_tables
            for row in uow.session.execute(select(table))
        ]
    assert any(opened.display_code in row for row in stored)  # the NGO's own code is stored
    assert [row for row in stored if any(code in row for code in codes)] == []


def test_erasure_keeps_the_code_an_institution_knows(uow):
    d, opened, issued = _referred_to_two_institutions(uow)
    aids = issued[ServiceCode.HIV_TESTING]
    before = _code(uow, d, aids)
    erase_beneficiary(uow, actor=d.supervisor(), beneficiary_id=opened.beneficiary_id)
    assert _code(uow, d, aids) == before


def test_only_a_supervisor_erases(uow):
    d = demo(uow)
    opened = d.open_case(uow)
    with pytest.raises(PermissionDenied) as refused:
        erase_beneficiary(uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id)
    assert refused.value.key == "erasure.supervisor_only"
    erased = erase_beneficiary(uow, actor=d.supervisor(), beneficiary_id=opened.beneficiary_id)
    assert erased.cases_withdrawn == 1
