"""Models of the monthly network reports."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from service.schemas import Request
from service.schemas.governance import MonthKey, NetworkRef


class ReportSummaryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    network_id: int
    month: str
    generated_at: datetime
    languages: list[str]


class ReportRead(ReportSummaryRead):
    figures: dict[str, Any] = Field(
        description="the month's figures as published: counts of 1 to 9 read '<10'"
    )


class ReportRequest(Request):
    network_id: NetworkRef | None = None
    month: MonthKey


class ReportRequested(BaseModel):
    month: str
    status: str = "queued"
