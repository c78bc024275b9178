"""Read models of reports."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ReportSummary:
    id: int
    network_id: int
    month: str
    generated_at: datetime
    languages: list[str]


@dataclass(frozen=True)
class ReportDetail(ReportSummary):
    figures: dict[str, Any]
