"""Models of the network reports (a month, a quarter, a year or since founding)."""

from typing import Annotated, Any

from pydantic import BaseModel, Field

from casework.governance.reports.views import ReportDetail, ReportSummary
from service.schemas import Request, read_model
from service.schemas.governance import MonthKey, NetworkRef, PeriodKey

ReportSummaryRead = read_model("ReportSummaryRead", ReportSummary)
ReportRead = read_model(
    "ReportRead",
    ReportDetail,
    figures=Annotated[
        dict[str, Any],
        Field(description="the period's figures as published: counts of 1 to 9 read '<10'"),
    ],
)


class ReportRequest(Request):
    network_id: NetworkRef | None = None
    period: PeriodKey | None = None
    month: Annotated[
        MonthKey | None,
        Field(deprecated=True, description="the same as `period` with a month; give one of them"),
    ] = None


class ReportRequested(BaseModel):
    period: str
    status: str = "queued"
