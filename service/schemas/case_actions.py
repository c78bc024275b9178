"""Models of what a caseworker does to the case itself: its needs, closing it, who works it."""

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from casework.cases.reasons import CloseReason
from casework.cases.states import NeedStatus
from casework.network.services import ServiceCode
from service.schemas import Request, Text


class NeedCreate(Request):
    service: ServiceCode


class NeedStatusRead(BaseModel):
    id: int
    service: ServiceCode | None = None
    status: NeedStatus


class CaseClosing(Request):
    status: Literal["withdrawn", "closed-unresolved"] = Field(
        description="`withdrawn`: the beneficiary stepped back; `closed-unresolved`: it cannot "
        "go on. A case resolved with an outcome is closed by `POST .../outcome` instead."
    )
    reason: CloseReason = Field(description="A code of the published list; no free text.")


class CaseAssignment(Request):
    caseworker: Annotated[Text, Field(min_length=1, max_length=60)] = Field(
        description="The username of an active caseworker or supervisor of the case's NGO."
    )


class CaseAssignmentRead(BaseModel):
    id: uuid.UUID
    caseworker: str
