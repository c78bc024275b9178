"""Models of referrals: the issuing NGO's view, the institution's small view, and the steps."""

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import AliasChoices, BaseModel, Field, StrictBool

from casework.network.services import ServiceCode
from casework.referrals.reasons import NOTE_MAX_LENGTH, CancelReason, HoldReason, RejectReason
from casework.referrals.states import ReferralStatus, Urgency
from casework.referrals.views import InstitutionReferralView, ReferralView
from service.schemas import MemberId, Page, Request, Text, read_model

Note = Annotated[
    Text,
    Field(
        max_length=NOTE_MAX_LENGTH,
        description="Optional free text beside the code, read by the issuing NGO and the "
        "institution only: do not name the beneficiary.",
    ),
]

# The local days of issue a list or a download is narrowed to, both included, either open.
IssuedFrom = Annotated[date | None, Query(description="First local day of issue, included")]
IssuedTo = Annotated[date | None, Query(description="Last local day of issue, included")]


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


ReferralRead = read_model(
    "ReferralRead", ReferralView, doc="The issuing NGO's view.", view=(Literal["ngo"], "ngo")
)

# Every field of the view, typed as the API shows it: no field can hold a name, a UIC, a phone
# or a note (tests/unit/test_institution_view.py).
InstitutionReferralRead = read_model(
    "InstitutionReferralRead",
    InstitutionReferralView,
    doc="The institution's view: nothing that could hold a name, a UIC, a phone or a note.",
    view=(Literal["institution"], "institution"),
    id=(uuid.UUID, Field(validation_alias=AliasChoices("id", "referral_id"))),
    referral_id=None,
    serial=str | None,
    display_code=str,
)


AnyReferralRead = Annotated[ReferralRead | InstitutionReferralRead, Field(discriminator="view")]


class InstitutionReferralList(Page):
    items: list[InstitutionReferralRead]


class ReferralReject(Request):
    reason_code: RejectReason
    note: Note = ""
    suggested_member_id: MemberId | None = Field(
        default=None,
        description="Another member of the network offering the same service, to refer to instead.",
    )


class Attestations(Request):
    anonymous: StrictBool
    free: StrictBool
    voluntary: StrictBool


class ReferralComplete(Request):
    attestations: Attestations


class ReferralCancel(Request):
    reason_code: CancelReason
    note: Note = ""


class ReferralStatusRead(BaseModel):
    id: uuid.UUID
    status: ReferralStatus


class ReferralHold(Request):
    reason_code: HoldReason = Field(description="From `GET /api/v1/reason-codes`, list `hold`.")
    note: Annotated[Text, Field(max_length=300)] = ""
