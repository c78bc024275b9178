"""Tables of pseudonymous beneficiaries: no name, no UIC in clear, only a keyed hash."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.orm import Base, UtcDateTime, enum_column, new_id
from casework.states import StateMachine


class Beneficiary(Base):
    __tablename__ = "beneficiaries"
    __table_args__ = (Index("ix_beneficiaries_ngo_uic", "ngo_id", "uic_hmac"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    ngo_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    uic_hmac: Mapped[str | None] = mapped_column(String(64))  # None once erased
    # The UIC under the network's counting key (casework.privacy.uic.counting_hash): counts
    # unique people across the network's NGOs, and is used for nothing else: never matched on,
    # shown, exported or logged. None once erased, and for pseudonyms made before it existed.
    counting_hash: Mapped[str | None] = mapped_column(String(64))
    display_code: Mapped[str] = mapped_column(String(9), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class ConsentPurpose(StrEnum):
    REFERRAL = "referral"  # to be referred to member institutions for services
    SHARE_WITH_MEMBER = "share_with_member"  # to share case details with one named member


class Consent(Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(enum_column(ConsentPurpose))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))


class MatchDecision(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


_ = MatchDecision
MATCH_MACHINE = StateMachine(
    "match proposal",
    {
        _.PROPOSED: frozenset({_.CONFIRMED, _.REJECTED}),
        _.CONFIRMED: frozenset(),
        _.REJECTED: frozenset(),
    },
)


class MatchProposal(Base):
    """Two pseudonyms of one NGO with the same UIC hash may be one person: a caseworker decides."""

    __tablename__ = "match_proposals"
    __table_args__ = (UniqueConstraint("beneficiary_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("beneficiaries.id"))
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("beneficiaries.id"))
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decision: Mapped[MatchDecision] = mapped_column(
        enum_column(MatchDecision), default=MatchDecision.PROPOSED
    )
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    def move_to(self, target: MatchDecision, *, now: datetime) -> None:
        MATCH_MACHINE.check(self.decision, target)
        self.decision, self.decided_at = target, now
