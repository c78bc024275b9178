"""Read models of memoranda: versions, drafts with their answers, and each member's standing."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from casework.governance.memoranda.model import Answer, DraftStatus
from casework.governance.memoranda.terms import CommitmentTerms
from casework.network.model import MemberKind


@dataclass(frozen=True)
class MemberStanding:
    member_id: int
    name: str
    kind: MemberKind
    joined_on: date
    left_on: date | None
    signed_valid_version: bool
    receives_referrals: bool  # a member today that signed the version valid today


@dataclass(frozen=True)
class DraftAnswerView:
    member_id: int
    member_name: str
    answer: Answer | None  # None: not answered yet
    signatory_title: str
    reason: str
    answered_on: date | None


@dataclass(frozen=True)
class DraftView:
    id: int
    network_id: int
    status: DraftStatus
    valid_from: date
    valid_until: date
    commitments: list[CommitmentTerms]
    changes: str
    memorandum_id: int | None
    answers: list[DraftAnswerView]


@dataclass(frozen=True)
class Standing:
    network_id: int
    today: date
    version: int | None
    valid_from: date | None
    valid_until: date | None
    days_left: int | None
    members: list[MemberStanding]  # members today
    draft: DraftView | None  # the open draft of the next version, if any

    @property
    def without_referrals(self) -> list[MemberStanding]:
        """Members today that receive no referrals, because they have not signed."""
        return [m for m in self.members if not m.receives_referrals]


class Signatory(NamedTuple):
    member_id: int
    name: str  # the member's name


@dataclass(frozen=True)
class VersionView:
    id: int
    version: int
    signed_on: date
    valid_from: date
    valid_until: date
    signatories: list[Signatory]
    joined: list[int]  # signatories that did not sign the previous version
    left: list[int]  # signatories of the previous version that did not sign this one
    commitment_changes: list[str]  # "medical.response_deadline: 2 -> 3"
    changes: str  # as the coordinator described them on the draft
