"""Models of cases: intake, the owning NGO's views, and the outcome."""

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StrictBool, StrictInt

from casework.cases.profile import AgeBand, Profile
from casework.cases.profile import Sex as ProfileSex
from casework.cases.states import CaseStatus
from casework.cases.views import CaseDetail, CaseSummary, NeedView
from casework.network.districts import District
from casework.network.services import ServiceCode
from casework.privacy.uic import Sex
from service.schemas import Page, PageQuery, Request, Text, read_model
from service.schemas.referrals import ReferralRead

TwoLetters = Annotated[Text, Field(min_length=2, max_length=2)]


class UicCreate(Request):
    """The parts of the unique identifier code; only its keyed hash is stored."""

    sex: Sex
    birth_year: StrictInt = Field(ge=1900, le=2100)
    mother_letters: TwoLetters = Field(description="First two letters of the mother's first name")
    father_letters: TwoLetters = Field(description="First two letters of the father's first name")


class ConsentCreate(Request):
    referral: StrictBool = Field(description="The beneficiary agrees to be referred to members.")


class IdentityWrite(Request):
    """What the NGO chooses to keep of who the beneficiary is: encrypted in the vault, readable
    only by the NGO's own caseworkers and supervisors, never shown to institutions."""

    name: Annotated[Text, Field(max_length=200)] | None = None
    phone: Annotated[Text, Field(max_length=40)] | None = None
    notes: Annotated[Text, Field(max_length=4000)] | None = None


GroupCode = Annotated[Text, Field(max_length=40)]


class ProfileWrite(Request):
    """Who was helped, coarse enough to identify no one; every part may be left out. The codes
    are those of `GET /api/v1/profile-codes`."""

    groups: list[GroupCode] = Field(
        default_factory=list, max_length=20, description="population group codes of the network"
    )
    sex: ProfileSex | None = None
    age_band: AgeBand | None = None
    district: District | None = Field(
        None, description="where the beneficiary lives (coarse); routing prefers a member there"
    )

    def profile(self) -> Profile:
        return Profile(tuple(self.groups), self.sex, self.age_band, self.district)


class CaseCreate(Request):
    uic: UicCreate
    needs: list[ServiceCode] = Field(min_length=1, max_length=len(ServiceCode))
    consent: ConsentCreate
    identity: IdentityWrite | None = None
    profile: ProfileWrite | None = None
    district: District | None = Field(
        None, description="as `profile.district`, which is canonical; kept for older clients"
    )


class CaseCreated(BaseModel):
    id: uuid.UUID
    display_code: str
    status: CaseStatus


CaseSummaryRead = read_model("CaseSummaryRead", CaseSummary)


class CaseList(Page):
    items: list[CaseSummaryRead]


class CaseListQuery(PageQuery):
    """The case list's page and what it is narrowed to (casework.cases.search.CaseSearch),
    read from the query string as one model: FastAPI checks a model in one pass, and eight
    parameters of their own took it a third of the list's dependency solving."""

    q: str = Field(
        "",
        max_length=40,
        description="A case's display code or any of its referrals' serials; case, spaces and "
        "hyphens do not matter. Never a name or a UIC.",
    )
    status: CaseStatus | None = None
    service: ServiceCode | None = Field(None, description="Cases with this need")
    opened_from: date | None = Field(None, description="First local day of opening, included")
    opened_to: date | None = Field(None, description="Last local day of opening, included")
    mine: bool = Field(False, description="Only cases the caller is the caseworker of")


NeedRead = read_model("NeedRead", NeedView)
ProfileRead = read_model("ProfileRead", Profile)
CaseRead = read_model(
    "CaseRead",
    CaseDetail,
    needs=list[NeedRead],
    referrals=list[ReferralRead],
    profile=ProfileRead,
)


class OutcomeCreate(Request):
    resolved: StrictBool
    note: Annotated[Text, Field(max_length=2000)] = ""


class CaseStatusRead(BaseModel):
    id: uuid.UUID
    status: CaseStatus
