"""A stored report's figures as one cell per line, for a spreadsheet (docs/interop.md, "CSV").

The figures were stored already suppressed (model.py), and the cells are read from them
and nowhere else: every value is a string the report shows, so that the spreadsheet can never
tell more than the PDF. Acceptance times are days, not counts: written with one decimal
("2.0") so that no one reads them as a count, and empty where the report shows none (too few
acceptances for a median)."""

from dataclasses import fields
from typing import Any

from casework.governance.reports.figures import ReportFigures
from casework.governance.reports.views import ReportCell
from casework.privacy.figures import ShownTable

TOTAL = "total"
# The report's tables, in its order; each stored as a ShownTable's fields.
TABLES = [f.name for f in fields(ReportFigures) if f.type is ShownTable]


def _table(name: str, table: dict[str, Any]) -> list[ReportCell]:
    cells = [
        ReportCell(name, row, column, value)
        for row, values in zip(table["rows"], table["cells"], strict=True)
        for column, value in zip(table["columns"], values, strict=True)
    ]
    cells += [
        ReportCell(name, row, TOTAL, value)
        for row, value in zip(table["rows"], table["row_totals"], strict=True)
    ]
    cells += [
        ReportCell(name, TOTAL, column, value)
        for column, value in zip(table["columns"], table["column_totals"], strict=True)
    ]
    return [*cells, ReportCell(name, TOTAL, TOTAL, table["total"])]


def report_cells(figures: dict[str, Any]) -> list[ReportCell]:
    """Every figure the stored report shows: each table's cells and totals, then the tiles,
    the closings by outcome code and the trend of referrals issued, which quote them, and the
    days to acceptance by category."""
    cells = [cell for name in TABLES for cell in _table(name, figures[name])]
    cells += [ReportCell("headline", "", tile, v) for tile, v in figures["headline"].items()]
    cells += [ReportCell("outcome_codes", "", c, v) for c, v in figures["outcome_codes"].items()]
    # Reports stored before periods named a trend point's period `month`.
    cells += [
        ReportCell("trend", p.get("period", p.get("month")), "issued", p["issued"])
        for p in figures["trend"]
    ]
    cells += [
        ReportCell("acceptance_times", time["category"], statistic, _days(time[statistic]))
        for time in figures["acceptance_times"]
        for statistic in ("median_days", "p90_days")
    ]
    return cells


def _days(days: float | None) -> str:
    return "" if days is None else f"{days:.1f}"
