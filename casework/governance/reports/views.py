"""Read models of reports."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple


@dataclass(frozen=True)
class ReportSummary:
    id: int
    network_id: int
    period: str  # "2026-02", "2026-Q1", "2026" or "all"
    kind: str  # month, quarter, year, all
    generated_at: datetime
    languages: list[str]


@dataclass(frozen=True)
class ReportDetail(ReportSummary):
    figures: dict[str, Any]


class ReportCell(NamedTuple):
    """One figure of a stored report as it shows: a count, "<10", "10+" or a range."""

    table: str
    row: str  # a code, a member's name or a month; "total" for a table's totals
    column: str
    value: str


@dataclass(frozen=True)
class ReportCells:
    network_id: int
    period: str
    cells: list[ReportCell]
