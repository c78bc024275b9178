"""The month's figures: what happened, by service, institution and category, with every count
from 1 to 9 hidden, and nothing in them that could name a beneficiary."""

import json
from dataclasses import asdict
from datetime import date

from casework.governance.reports.figures import report_figures
from casework.governance.reports.periods import month_of
from tests.support.governance import COORDINATOR, audit_actions
from tests.support.network import demo
from tests.support.reports import FEBRUARY, busy_february


def consistent(shown: str, true: int) -> bool:
    """How a published count may stand for the true one, whichever suppression algorithm runs."""
    if 1 <= true <= 9:
        return shown == "<10"
    return shown == str(true) or (shown == "10+" and true >= 10)


def row(table, key) -> dict[str, str]:
    return dict(zip(table.columns, table.cells[table.rows.index(key)], strict=True))


def test_the_figures_of_a_month(uow, clock):
    d = demo(uow)
    month = busy_february(uow, clock, d)
    figures = report_figures(
        uow, actor=COORDINATOR, network_id=d.network, period=month_of(FEBRUARY)
    )

    assert figures.period == "2026-02" and figures.as_of == "2026-02-28"
    issued = figures.issued
    assert consistent(issued.total, 19)
    aids = row(issued, "Regional AIDS Centre (demo)")
    assert consistent(aids["medical"], 13) and aids["housing"] == "0"
    assert row(issued, "Regional Clinical Hospital (demo)")["medical"] == "<10"
    assert consistent(issued.column_totals[issued.columns.index("medical")], 14)
    assert row(issued, "Passport and Registration Office (demo)")["documents"] == "<10"

    accepted = figures.acceptance
    assert consistent(accepted.row_totals[accepted.rows.index("medical")], 14)
    assert consistent(accepted.total, 15)
    medical = next(a for a in figures.acceptance_times if a.category == "medical")
    assert medical.median_days == 1.6 and medical.p90_days > medical.median_days
    housing = next(a for a in figures.acceptance_times if a.category == "housing")
    assert housing.median_days is None  # one acceptance is no statistic

    # The tiles quote the tables: nothing published twice in two different ways.
    assert figures.headline["issued"] == issued.total
    assert figures.headline["accepted"] == accepted.total
    assert figures.headline["escalations"] == figures.escalations.total
    assert figures.headline["breaches"] == figures.breaches.total == "<10"
    assert figures.trend[-1].issued == issued.total
    assert consistent(row(figures.outcomes, "medical")["delivered"], 12)
    assert row(figures.outcomes, "documents")["declined"] == "<10"
    # The same closed referrals by code: the decline's code is its own column, and the
    # outcome columns and codes are sums of the closing columns, never counts of their own.
    assert row(figures.closings, "documents")["declined.no_capacity"] == "<10"
    assert figures.outcomes.column_totals[0] == figures.closings.column_totals[0]
    assert figures.outcome_codes["no_capacity"] == "<10"
    assert row(figures.escalations, "1")["accept_overdue"] == "<10"
    assert row(figures.breaches, figures.breaches.rows[0])["free"] == "<10"
    assert [p.period for p in figures.trend][-2:] == ["2026-01", "2026-02"]
    assert figures.trend[-2].issued == "0"
    assert figures.memorandum.version == 17 and figures.memorandum.without_signature == []
    # Reading case data for a report leaves an audit trail.
    assert audit_actions(uow, "networks", d.network) == [
        "network.registered",
        "network.report-figures-read",
    ]

    published = json.dumps(asdict(figures), ensure_ascii=False)
    assert not any(code in published for code in month.display_codes)


def test_every_small_count_is_hidden(uow, clock):
    d = demo(uow)
    busy_february(uow, clock, d, hiv=4)
    f = report_figures(uow, actor=COORDINATOR, network_id=d.network, period=month_of(FEBRUARY))
    tables = [f.issued, f.acceptance, f.outcomes, f.escalations, f.breaches]
    shown = [c for t in tables for line in t.cells for c in line]
    shown += [total for t in tables for total in [*t.row_totals, *t.column_totals, t.total]]
    shown += list(f.headline.values()) + [p.issued for p in f.trend]
    assert "<10" in shown
    assert all(not value.isdigit() or int(value) == 0 or int(value) >= 10 for value in shown)


def test_a_quiet_month_has_empty_tables_not_errors(uow):
    d = demo(uow)
    figures = report_figures(
        uow, actor=COORDINATOR, network_id=d.network, period=month_of(date(2025, 6, 1))
    )
    assert figures.issued.rows == [] and figures.issued.total == "0"
    assert figures.headline["issued"] == "0" and figures.meetings == [] and figures.decisions == []
