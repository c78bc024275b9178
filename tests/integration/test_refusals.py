"""Bad input gets a clear error and leaves the database exactly as it was."""

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete

from casework.actors import Actor, Role
from casework.cases import commands as cases
from casework.cases.reasons import CloseReason
from casework.cases.states import CaseStatus
from casework.errors import (
    Conflict,
    ConsentRequired,
    IllegalTransition,
    InvalidInput,
    NoProviderAvailable,
    NotFound,
    PermissionDenied,
)
from casework.network.model import MemberService
from casework.network.services import ServiceCode
from casework.privacy.uic import Sex, UicParts
from casework.referrals import commands as referrals
from tests.support.network import demo
from tests.support.rows import row_counts


@pytest.fixture
def case(uow):
    d = demo(uow)
    return d, d.open_case(uow, (ServiceCode.HIV_TESTING,))


def refused(uow, error, call, *, field=None, says=None):
    """Run a command that must fail; check the error and that no row changed."""
    before = row_counts(uow)
    with pytest.raises(error) as caught:
        call()
    assert row_counts(uow) == before
    if field is not None:
        assert caught.value.field == field
    if says is not None:
        assert says in caught.value.message
    return caught.value


def test_an_unknown_institution_is_named_as_the_bad_field(uow, case):
    d, opened = case
    refused(
        uow, InvalidInput,
        lambda: referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING,
            institution_id=9999,
        ),
        field="institution_id", says="9999 is not a member",
    )  # fmt: skip


def test_an_institution_that_does_not_offer_the_service_is_refused(uow, case):
    d, opened = case
    refused(
        uow, Conflict,
        lambda: referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING,
            institution_id=d.passport_office,
        ),
        field="institution_id", says="does not offer 'hiv_testing'",
    )  # fmt: skip


def test_after_the_memorandum_expired_nobody_can_be_referred_to(uow, case, clock):
    d, opened = case
    clock.current = datetime(2026, 9, 12, 9, 0, tzinfo=UTC)  # the 2025 version ended 9 September
    error = refused(
        uow, NoProviderAvailable,
        lambda: referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
        ),
        field="service",
    )  # fmt: skip
    assert "valid on 2026-09-12" in error.message


def test_a_service_nobody_offers_is_a_clear_error(uow, case):
    d, opened = case
    with uow:  # the network stops offering social support altogether
        uow.session.execute(
            delete(MemberService).where(MemberService.service == ServiceCode.SOCIAL_SUPPORT)
        )
        uow.commit()
    refused(
        uow, NoProviderAvailable,
        lambda: referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.SOCIAL_SUPPORT
        ),
        says="no member institution offers 'social_support'",
    )  # fmt: skip


def test_without_consent_no_referral(uow):
    d = demo(uow)
    opened = d.open_case(uow, consent=False)
    refused(
        uow, ConsentRequired,
        lambda: referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
        ),
        field="consent",
    )  # fmt: skip


def test_a_duplicate_confirmation_is_an_illegal_transition(uow, case):
    d, opened = case
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
    refused(
        uow, IllegalTransition,
        lambda: referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id),
        says="from 'accepted' to 'accepted'",
    )  # fmt: skip


def test_an_unknown_case_or_referral_is_not_found(uow):
    d = demo(uow)
    refused(uow, NotFound, lambda: cases.add_need(
        uow, actor=d.caseworker(), case_id=uuid.uuid4(), service=ServiceCode.HOUSING))  # fmt: skip
    refused(uow, NotFound, lambda: referrals.accept_referral(
        uow, actor=d.focal(), referral_id=uuid.uuid4()))  # fmt: skip


def test_uic_letters_must_be_two_letters(uow):
    d = demo(uow)
    bad = UicParts(sex=Sex.MALE, birth_year=1990, mother_letters="Ҷ1", father_letters="АБ")
    refused(uow, InvalidInput, lambda: d.open_case(uow, uic=bad), field="mother_letters")


def test_only_ngo_staff_open_cases(uow):
    d = demo(uow)
    focal = d.focal()
    refused(uow, PermissionDenied, lambda: cases.open_case(
        uow, actor=focal, uic=UicParts(Sex.MALE, 1990, "АБ", "ВГ"),
        needs=[ServiceCode.HOUSING], consent_to_referral=True))  # fmt: skip
    media_staff = Actor(user_id="x", role=Role.CASEWORKER, organisation_id=d.media)
    refused(uow, PermissionDenied, lambda: cases.open_case(
        uow, actor=media_staff, uic=UicParts(Sex.MALE, 1990, "АБ", "ВГ"),
        needs=[ServiceCode.HOUSING], consent_to_referral=True))  # fmt: skip


def test_a_resolved_outcome_needs_a_referral_first(uow, case):
    d, opened = case
    refused(
        uow, IllegalTransition,
        lambda: cases.record_outcome(uow, actor=d.caseworker(), case_id=opened.case_id, resolved=True),
        says="from 'open' to 'resolved'",
    )  # fmt: skip
    assert (
        cases.close_case(
            uow,
            actor=d.caseworker(),
            case_id=opened.case_id,
            status=CaseStatus.WITHDRAWN,
            reason=CloseReason.CLIENT_REQUEST,
        )
        is CaseStatus.WITHDRAWN
    )
