"""Models of the memorandum: versions and their history, today's standing, drafts and answers,
members joining and leaving."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from casework.calendar import DeadlineUnit
from casework.governance.memoranda.model import Answer
from casework.governance.memoranda.views import (
    DraftAnswerView,
    DraftView,
    MemberStanding,
    Signatory,
    Standing,
    VersionView,
)
from casework.network.model import GovernmentSubtype, MemberKind
from casework.network.services import ServiceCategory, ServiceCode
from service.schemas import IsoDate, Request, read_model
from service.schemas.governance import (
    Changes,
    MemberName,
    MemberRef,
    NetworkRef,
    PostTitle,
    Reason,
)


class Commitment(Request):
    """What members promise for one service category."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")

    category: ServiceCategory
    response_deadline: StrictInt = Field(ge=1, le=1000)
    completion_deadline: StrictInt = Field(ge=1, le=10_000)
    deadline_unit: DeadlineUnit
    free: StrictBool = True
    anonymous: StrictBool = True
    voluntary: StrictBool = True


SignatoryRead = read_model("SignatoryRead", Signatory)
VersionRead = read_model(
    "VersionRead",
    VersionView,
    signatories=list[SignatoryRead],
    joined=Annotated[
        list[int], Field(description="signatories that did not sign the version before")
    ],
    left=Annotated[
        list[int], Field(description="signatories of the version before that did not sign")
    ],
)
DraftAnswerRead = read_model(
    "DraftAnswerRead",
    DraftAnswerView,
    answer=Annotated[Answer | None, Field(description="None: not answered yet")],
)
DraftRead = read_model(
    "DraftRead", DraftView, commitments=list[Commitment], answers=list[DraftAnswerRead]
)
MemberStandingRead = read_model("MemberStandingRead", MemberStanding)
StandingRead = read_model(
    "StandingRead",
    Standing,
    members=list[MemberStandingRead],
    without_referrals=Annotated[
        list[MemberStandingRead],
        Field(description="members today that receive no referrals: they have not signed"),
    ],
    draft=DraftRead | None,
)


class DraftCreate(Request):
    network_id: NetworkRef | None = None


class DraftAmend(Request):
    commitments: list[Commitment] = Field(min_length=1, max_length=len(ServiceCategory))
    changes: Changes = ""


class AnswerCreate(Request):
    answer: Answer
    member_id: MemberRef | None = Field(
        default=None, description="only the coordinator names it; a member answers for itself"
    )
    signatory_title: PostTitle = ""
    reason: Reason = ""


class SignatureCreate(Request):
    member_id: MemberRef | None = None
    signatory_title: PostTitle = ""


class Published(BaseModel):
    memorandum_id: int


class MemberCreate(Request):
    network_id: NetworkRef | None = None
    name: MemberName
    kind: MemberKind
    joined_on: IsoDate
    subtype: GovernmentSubtype | None = None
    sub_network_id: StrictInt | None = Field(default=None, ge=1, le=2**31 - 1)
    services: list[ServiceCode] = Field(default_factory=list, max_length=len(ServiceCode))
    focal_point_title: PostTitle | None = None
    outside_referrer: StrictBool = Field(
        default=False,
        description="Register an NGO that refers beneficiaries without being a member: no "
        "governance rights, no services, receives no referrals (kind ngo only, else 422).",
    )


class MemberCreated(BaseModel):
    id: int


class LeavingCreate(Request):
    effective_on: IsoDate
