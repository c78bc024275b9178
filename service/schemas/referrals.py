"""Models of referrals: the issuing NGO's view, the institution's small view, and the steps."""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, Field

from casework.network.services import ServiceCode
from casework.referrals.states import ReferralStatus, Urgency
from service.schemas import MemberId, Page, Request, Text

Reason = Annotated[Text, Field(min_length=1, max_length=300)]


class ReferralCreate(Request):
    service: ServiceCode
    institution_id: MemberId | None = Field(
        default=None, description="Leave out to let routing choose the institution."
    )
    urgency: Urgency = Urgency.ROUTINE


class ReferralCreated(BaseModel):
    id: uuid.UUID
    serial: str
    status: ReferralStatus
    institution_id: int
    form_url: str = Field(description="The referral form as a PDF, to print or send.")


class ReferralRead(BaseModel):
    """The issuing NGO's view."""

    view: Literal["ngo"] = "ngo"
    id: uuid.UUID
    case_id: uuid.UUID
    serial: str | None
    service: ServiceCode
    urgency: Urgency
    status: ReferralStatus
    status_reason: str | None
    ngo_id: int
    institution_id: int
    requested_at: datetime | None
    valid_until: date | None
    accept_due_at: datetime | None
    complete_due_at: datetime | None
    accepted_at: datetime | None
    completed_at: datetime | None
    escalation_level: int


class InstitutionReferralRead(BaseModel):
    """The institution's view: nothing that could hold a name, a UIC, a phone or a note."""

    view: Literal["institution"] = "institution"
    id: uuid.UUID = Field(validation_alias=AliasChoices("id", "referral_id"))
    serial: str | None
    service: ServiceCode
    urgency: Urgency
    valid_until: date | None
    display_code: str
    issuing_ngo_id: int
    status: ReferralStatus


AnyReferralRead = Annotated[ReferralRead | InstitutionReferralRead, Field(discriminator="view")]


class InstitutionReferralList(Page):
    items: list[InstitutionReferralRead]


class ReferralReject(Request):
    reason: Reason


class Attestations(Request):
    anonymous: bool
    free: bool
    voluntary: bool


class ReferralComplete(Request):
    attestations: Attestations


class ReferralCancel(Request):
    reason: Reason | None = None


class ReferralStatusRead(BaseModel):
    id: uuid.UUID
    status: ReferralStatus
