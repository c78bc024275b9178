"""Models of the memorandum: versions and their history, today's standing, drafts and answers,
members joining and leaving."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from casework.calendar import DeadlineUnit
from casework.governance.memoranda.model import Answer, DraftStatus
from casework.network.model import GovernmentSubtype, MemberKind
from casework.network.services import ServiceCategory, ServiceCode
from service.schemas import Request
from service.schemas.governance import (
    Changes,
    MemberName,
    MemberRef,
    NetworkRef,
    PostTitle,
    Reason,
)


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Commitment(Request):
    """What members promise for one service category."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")

    category: ServiceCategory
    response_deadline: int = Field(ge=1, le=1000)
    completion_deadline: int = Field(ge=1, le=10_000)
    deadline_unit: DeadlineUnit
    free: bool = True
    anonymous: bool = True
    voluntary: bool = True


class SignatoryRead(BaseModel):
    member_id: int
    name: str


class VersionRead(BaseModel):
    id: int
    version: int
    signed_on: date
    valid_from: date
    valid_until: date
    signatories: list[SignatoryRead]
    joined: list[int] = Field(description="signatories that did not sign the version before")
    left: list[int] = Field(description="signatories of the version before that did not sign")
    commitment_changes: list[str]
    changes: str


class DraftAnswerRead(Read):
    member_id: int
    member_name: str
    answer: Answer | None = Field(description="None: not answered yet")
    signatory_title: str
    reason: str
    answered_on: date | None


class DraftRead(Read):
    id: int
    network_id: int
    status: DraftStatus
    valid_from: date
    valid_until: date
    commitments: list[Commitment]
    changes: str
    memorandum_id: int | None
    answers: list[DraftAnswerRead]


class MemberStandingRead(Read):
    member_id: int
    name: str
    kind: MemberKind
    joined_on: date
    left_on: date | None
    signed_valid_version: bool
    receives_referrals: bool


class StandingRead(Read):
    network_id: int
    today: date
    version: int | None
    valid_from: date | None
    valid_until: date | None
    days_left: int | None
    members: list[MemberStandingRead]
    without_referrals: list[MemberStandingRead] = Field(
        description="members today that receive no referrals: they have not signed"
    )
    draft: DraftRead | None


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
    joined_on: date
    subtype: GovernmentSubtype | None = None
    sub_network_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    services: list[ServiceCode] = Field(default_factory=list, max_length=len(ServiceCode))
    focal_point_title: PostTitle | None = None


class MemberCreated(BaseModel):
    id: int


class LeavingCreate(Request):
    effective_on: date
