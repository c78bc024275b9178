"""What the form prints, who may print it, and the audit trail it leaves."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from casework.actors import Actor, Role, system_actor
from casework.audit import AuditEntry
from casework.errors import Conflict, NotFound, PermissionDenied
from casework.languages import Language
from casework.network.commands import set_form_language
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.queries.form import referral_form, referral_forms_issued
from casework.referrals.queries.institution import institution_referral
from casework.referrals.reasons import CancelReason
from casework.referrals.slip_codes import slip_code
from casework.referrals.views import Guarantees
from tests.support.forms import requested_referral
from tests.support.network import UIC


@pytest.fixture
def issued(uow):
    return requested_referral(uow)


def test_the_form_shows_what_the_clinic_needs_and_no_identity(uow, issued):
    d, case, referral = issued
    form = referral_form(uow, actor=d.caseworker(), referral_id=referral.referral_id)
    assert form.serial == referral.serial
    # The institution's own code for the beneficiary, never the NGO's case code.
    as_institution = institution_referral(
        uow, actor=d.focal(d.aids_centre), referral_id=referral.referral_id
    )
    assert form.institution_code == as_institution.display_code != case.display_code
    assert form.slip_code == slip_code(uow.keys.slip_code_key, referral.serial)
    assert (form.ngo_id, form.institution_id) == (d.ngo, d.aids_centre)
    assert form.institution_name == "Regional AIDS Centre (demo)"
    assert form.network_code == "KHT" and "Khatlon" in form.network_name
    assert form.guarantees == Guarantees(anonymous=True, voluntary=True, free=True)
    assert form.memorandum_signed_on == date(2025, 9, 10)  # the version valid on 2 March 2026
    assert form.issued_on == date(2026, 3, 2)
    assert form.valid_until > form.issued_on
    printed = " ".join(str(value) for value in vars(form).values())
    assert UIC.mother_letters not in printed and UIC.father_letters not in printed


def test_reading_the_form_is_audited(uow, issued):
    d, _, referral = issued
    referral_form(uow, actor=d.caseworker(), referral_id=referral.referral_id)
    with uow:
        actions = uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_id == str(referral.referral_id))
        ).all()
    assert "referral.form-read" in actions


def test_only_the_issuing_ngo_prints_the_form(uow, issued):
    d, _, referral = issued
    with pytest.raises(NotFound):
        referral_form(uow, actor=d.caseworker(d.other_ngo), referral_id=referral.referral_id)
    with pytest.raises(NotFound):
        referral_form(uow, actor=d.focal(d.tb_dispensary), referral_id=referral.referral_id)
    # The receiving institution knows the referral exists, so it is told no, not NotFound.
    with pytest.raises(PermissionDenied):
        referral_form(uow, actor=d.focal(), referral_id=referral.referral_id)


def test_a_closed_referral_has_no_printable_form(uow, issued):
    d, _, referral = issued
    referrals.cancel_referral(
        uow,
        actor=d.caseworker(),
        referral_id=referral.referral_id,
        reason_code=CancelReason.ISSUED_IN_ERROR,
    )
    with pytest.raises(Conflict):
        referral_form(uow, actor=d.caseworker(), referral_id=referral.referral_id)


def test_a_batch_holds_the_open_referrals_issued_in_the_range(uow, clock, issued):
    d, _, first = issued
    clock.advance(timedelta(days=1))
    second_case = d.open_case(uow, (ServiceCode.TB_SCREENING,))
    second = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=second_case.case_id, service=ServiceCode.TB_SCREENING
    )
    third_case = d.open_case(uow)
    third = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=third_case.case_id, service=ServiceCode.HIV_TESTING
    )
    referrals.cancel_referral(
        uow,
        actor=d.caseworker(),
        referral_id=third.referral_id,
        reason_code=CancelReason.ISSUED_IN_ERROR,
    )

    def serials(start: date, end: date, actor=d.caseworker()) -> list[str]:
        forms = referral_forms_issued(
            uow, actor=actor, ngo_id=d.ngo, issued_from=start, issued_to=end
        )
        return [f.serial for f in forms]

    assert serials(date(2026, 3, 2), date(2026, 3, 3)) == [first.serial, second.serial]
    assert serials(date(2026, 3, 3), date(2026, 3, 3)) == [second.serial]
    assert serials(date(2026, 3, 4), date(2026, 3, 31)) == []
    with pytest.raises(NotFound):
        serials(date(2026, 3, 1), date(2026, 3, 31), actor=d.caseworker(d.other_ngo))


def test_an_ngo_chooses_the_language_of_its_forms(uow, issued):
    d, _, referral = issued
    supervisor = Actor("test-supervisor", Role.SUPERVISOR, organisation_id=d.ngo)
    set_form_language(uow, actor=supervisor, member_id=d.ngo, language=Language.RUSSIAN)
    form = referral_form(uow, actor=d.caseworker(), referral_id=referral.referral_id)
    assert form.ngo_language == "ru"
    with pytest.raises(PermissionDenied):
        set_form_language(uow, actor=d.caseworker(), member_id=d.ngo, language=Language.ENGLISH)
    with pytest.raises(NotFound):  # only NGOs print forms
        set_form_language(uow, actor=system_actor("test"), member_id=d.aids_centre, language=None)
