"""Finding a case: by its display code or any of its referrals' serials as someone types them,
never by anything that names the person; narrowed by status, service, the local days it was
opened on and "my cases". The inbox narrows by service and days of issue in the same way."""

from datetime import UTC, date, datetime, timedelta

import pytest

from casework.cases import commands as cases
from casework.cases.queries import list_cases
from casework.cases.reasons import CloseReason
from casework.cases.search import CaseSearch
from casework.cases.states import CaseStatus
from casework.errors import InvalidInput
from casework.network.services import ServiceCode
from casework.privacy.uic import Sex, UicParts
from casework.referrals import commands as referrals
from casework.referrals.queries.institution import InboxFilter, institution_inbox
from tests.support.network import account, demo


def found(uow, actor, **search) -> list:
    return [c.id for c in list_cases(uow, actor=actor, search=CaseSearch(**search))]


def typed_carelessly(code: str) -> str:
    """As someone copies a code off paper: lower case, spaces instead of hyphens."""
    return " ".join(code.lower().split("-"))


def test_a_case_is_found_by_its_code_or_any_referral_serial_typed_carelessly(uow):
    d = demo(uow)
    wanted = d.open_case(uow, (ServiceCode.HIV_TESTING, ServiceCode.HARM_REDUCTION))
    other = d.open_case(uow)
    first = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=wanted.case_id, service=ServiceCode.HIV_TESTING
    )
    second = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=wanted.case_id, service=ServiceCode.HARM_REDUCTION
    )
    me = d.caseworker()
    assert found(uow, me, q=typed_carelessly(wanted.display_code)) == [wanted.case_id]
    assert found(uow, me, q=wanted.display_code.replace("-", "").lower()) == [wanted.case_id]
    for serial in (first.serial, second.serial):
        assert found(uow, me, q=typed_carelessly(serial)) == [wanted.case_id]
        assert found(uow, me, q=f"  {serial.replace('-', '')}  ") == [wanted.case_id]
    assert found(uow, me, q=other.display_code) == [other.case_id]
    # Another NGO's staff find nothing by the same code.
    assert found(uow, d.caseworker(d.other_ngo), q=wanted.display_code) == []


@pytest.mark.parametrize("typed", ["ҶӮ", "F1984ҶӮҲА", "Gulnora", "KHT-2026", "1984"])
def test_nothing_that_names_the_person_finds_a_case(uow, typed):
    d = demo(uow)
    d.open_case(uow)
    assert found(uow, d.caseworker(), q=typed) == []


def test_cases_narrow_by_status_service_opening_days_and_caseworker(uow, clock):
    d = demo(uow)
    me, supervisor = account(uow, "demo-caseworker"), account(uow, "demo-supervisor")
    monday = d.open_case(uow, (ServiceCode.HIV_TESTING,), actor=me)  # 2 March, 14:00 Dushanbe
    clock.advance(timedelta(days=1))
    tuesday = d.open_case(uow, (ServiceCode.HOUSING,), actor=me)
    cases.close_case(
        uow,
        actor=me,
        case_id=tuesday.case_id,
        status=CaseStatus.WITHDRAWN,
        reason=CloseReason.CLIENT_REQUEST,
    )
    # 3 March 20:00 UTC is already Wednesday 4 March in Dushanbe (UTC+5).
    clock.current = datetime(2026, 3, 3, 20, 0, tzinfo=UTC)
    uic = UicParts(sex=Sex.MALE, birth_year=1990, mother_letters="МА", father_letters="ДА")
    by_supervisor = cases.open_case(
        uow,
        actor=supervisor,
        uic=uic,
        needs=[ServiceCode.HOUSING],
        consent_to_referral=True,
    ).case_id
    assert found(uow, me, status=CaseStatus.WITHDRAWN) == [tuesday.case_id]
    assert found(uow, me, service=ServiceCode.HOUSING) == [by_supervisor, tuesday.case_id]
    assert found(uow, me, opened_from=date(2026, 3, 3)) == [by_supervisor, tuesday.case_id]
    assert found(uow, me, opened_to=date(2026, 3, 3)) == [tuesday.case_id, monday.case_id]
    one_day = date(2026, 3, 4)
    assert found(uow, me, opened_from=one_day, opened_to=one_day) == [by_supervisor]
    assert found(uow, me, mine=True) == [tuesday.case_id, monday.case_id]
    assert found(uow, supervisor, mine=True) == [by_supervisor]
    assert found(uow, d.caseworker(), mine=True) == []  # an actor of no account works none
    assert found(uow, me, mine=True, service=ServiceCode.HOUSING, q=tuesday.display_code) == [
        tuesday.case_id
    ]


def test_a_date_span_that_ends_before_it_starts_is_refused_naming_its_end(uow):
    d = demo(uow)
    with pytest.raises(InvalidInput) as refused:
        found(uow, d.caseworker(), opened_from=date(2026, 3, 5), opened_to=date(2026, 3, 4))
    assert refused.value.field == "opened_to"
    with pytest.raises(InvalidInput) as refused:
        institution_inbox(
            uow,
            actor=d.focal(),
            narrow=InboxFilter(issued_from=date(2026, 3, 5), issued_to=date(2026, 3, 4)),
        )
    assert refused.value.field == "issued_to"


def test_the_inbox_narrows_by_service_and_local_days_of_issue(uow, clock):
    d = demo(uow)
    opened = d.open_case(uow, (ServiceCode.HIV_TESTING, ServiceCode.HEPATITIS_TESTING))
    testing = referrals.request_referral(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        service=ServiceCode.HIV_TESTING,
        institution_id=d.aids_centre,
    )
    clock.current = datetime(2026, 3, 3, 20, 0, tzinfo=UTC)  # Wednesday 4 March in Dushanbe
    hepatitis = referrals.request_referral(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        service=ServiceCode.HEPATITIS_TESTING,
        institution_id=d.aids_centre,
    )

    def inbox(**narrow) -> list:
        views = institution_inbox(uow, actor=d.focal(), narrow=InboxFilter(**narrow))
        return [v.referral_id for v in views]

    assert inbox() == [hepatitis.referral_id, testing.referral_id]
    assert inbox(service=ServiceCode.HIV_TESTING) == [testing.referral_id]
    assert inbox(issued_from=date(2026, 3, 4)) == [hepatitis.referral_id]
    assert inbox(issued_to=date(2026, 3, 3)) == [testing.referral_id]
    assert inbox(issued_from=date(2026, 3, 5)) == []
