"""Models of the monthly network reports."""

from typing import Annotated, Any

from pydantic import BaseModel, Field

from casework.governance.reports.views import ReportDetail, ReportSummary
from service.schemas import Request, read_model
from service.schemas.governance import MonthKey, NetworkRef

ReportSummaryRead = read_model("ReportSummaryRead", ReportSummary)
ReportRead = read_model(
    "ReportRead",
    ReportDetail,
    figures=Annotated[
        dict[str, Any],
        Field(description="the month's figures as published: counts of 1 to 9 read '<10'"),
    ],
)


class ReportRequest(Request):
    network_id: NetworkRef | None = None
    month: MonthKey


class ReportRequested(BaseModel):
    month: str
    status: str = "queued"
