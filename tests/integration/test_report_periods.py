"""Reports of a quarter, a year and since founding: each counts what happened in its days in
the region's time zone, since founding starts at the first memorandum, a period of mostly
small counts points to the longer one, and each period is stored once (since founding is
brought up to date)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from casework.errors import InvalidInput
from casework.governance.memoranda.model import Memorandum
from casework.governance.reports.commands import request_report
from casework.governance.reports.figures import report_figures
from casework.governance.reports.model import NetworkReport
from casework.governance.reports.periods import parse_period
from casework.governance.reports.queries import list_reports
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from tests.support.governance import COORDINATOR
from tests.support.network import demo
from tests.support.reports import busy_february, stored_report


def issue(uow, clock, d, at: datetime, count: int = 1) -> None:
    for _ in range(count):
        clock.current = at
        opened = d.open_case(uow, (ServiceCode.HIV_TESTING,))
        referrals.request_referral(
            uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
        )


def figures(uow, clock, d, key: str):
    clock.current = datetime(2027, 2, 2, 9, tzinfo=UTC)
    return report_figures(uow, actor=COORDINATOR, network_id=d.network, period=parse_period(key))


def test_the_last_evening_of_a_quarter_in_dushanbe_counts_in_that_quarter(uow, clock):
    d = demo(uow)
    issue(uow, clock, d, datetime(2026, 3, 31, 18, 30, tzinfo=UTC), 12)  # 23:30 in Dushanbe
    issue(uow, clock, d, datetime(2026, 3, 31, 19, 30, tzinfo=UTC), 11)  # 00:30, 1 April
    first, second = figures(uow, clock, d, "2026-Q1"), figures(uow, clock, d, "2026-Q2")
    assert first.headline["issued"] == "12" and second.headline["issued"] == "11"
    assert (first.starts_on, first.as_of) == ("2026-01-01", "2026-03-31")
    assert [(p.period, p.issued) for p in first.trend] == [
        ("2026-01", "0"),
        ("2026-02", "0"),
        ("2026-03", "12"),
    ]
    year = figures(uow, clock, d, "2026")
    assert year.headline["issued"] == "23" and year.period_kind == "year"
    assert [p.period for p in year.trend] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert figures(uow, clock, d, "2026-03").headline["issued"] == "12"


def test_since_founding_starts_at_the_first_memorandum_and_ends_with_the_last_month(uow, clock):
    d = demo(uow)
    issue(uow, clock, d, datetime(2026, 3, 31, 18, 30, tzinfo=UTC), 12)
    with uow:
        founded = uow.session.scalar(
            select(func.min(Memorandum.valid_from)).where(Memorandum.network_id == d.network)
        )
    everything = figures(uow, clock, d, "all")
    assert everything.starts_on == founded.isoformat() and everything.as_of == "2027-01-31"
    assert everything.headline["issued"] == "12" and everything.sparse_hint is None
    assert [p.period for p in everything.trend] == [str(y) for y in range(founded.year, 2028)]


def test_a_period_of_mostly_small_counts_points_to_the_longer_one(uow, clock):
    d = demo(uow)
    assert figures(uow, clock, d, "2026-03").sparse_hint is None  # nothing at all: not sparse
    issue(uow, clock, d, datetime(2026, 3, 10, 9, tzinfo=UTC), 4)
    assert figures(uow, clock, d, "2026-03").sparse_hint == "2026-Q1"
    assert figures(uow, clock, d, "2026-Q1").sparse_hint == "2026"
    assert figures(uow, clock, d, "2026").sparse_hint == "all"
    issue(uow, clock, d, datetime(2026, 3, 11, 9, tzinfo=UTC), 26)  # two clinics share them
    assert figures(uow, clock, d, "2026-03").sparse_hint is None


def test_a_busy_month_of_small_cells_is_sparse(uow, clock):
    d = demo(uow)
    busy_february(uow, clock, d, hiv=4)
    assert figures(uow, clock, d, "2026-02").sparse_hint == "2026-Q1"


def test_each_period_is_stored_once_and_since_founding_is_brought_up_to_date(uow, clock):
    d = demo(uow)
    clock.current = datetime(2026, 4, 2, 9, tzinfo=UTC)
    month = stored_report(uow, d.network, parse_period("2026-03"))
    quarter = stored_report(uow, d.network, parse_period("2026-Q1"))
    assert stored_report(uow, d.network, parse_period("2026-Q1")) == quarter
    everything = stored_report(uow, d.network, parse_period("all"))
    clock.current = datetime(2026, 5, 2, 9, tzinfo=UTC)
    assert stored_report(uow, d.network, parse_period("all")) == everything
    with uow:
        report = uow.session.get_one(NetworkReport, everything)
        assert report.figures["as_of"] == "2026-04-30" and len(report.renditions) == 3
    listed = [(r.id, r.period, r.kind) for r in list_reports(uow, actor=COORDINATOR)]
    assert listed == [
        (everything, "all", "all"),
        (quarter, "2026-Q1", "quarter"),
        (month, "2026-03", "month"),
    ]


def test_a_period_not_over_or_not_a_period_is_refused_naming_the_period(uow, clock):
    d = demo(uow)
    clock.current = datetime(2026, 3, 31, 18, 30, tzinfo=UTC)  # 23:30 on 31 March in Dushanbe
    for key in ("2026-Q1", "2026", "2026-03"):
        with pytest.raises(InvalidInput) as refused:
            request_report(uow, actor=COORDINATOR, network_id=d.network, period=parse_period(key))
        assert refused.value.field == "period"
    clock.current = datetime(2026, 3, 31, 19, 30, tzinfo=UTC)  # 00:30 on 1 April
    assert (
        request_report(uow, actor=COORDINATOR, network_id=d.network, period=parse_period("2026-Q1"))
        == "2026-Q1"
    )
