"""Tables of the Memorandum of Cooperation: its published yearly versions with their signatories
and per-category commitments, and the draft of the next version with each member's answer."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.calendar import DeadlineUnit
from casework.network.services import ServiceCategory
from casework.orm import Base, UtcDateTime, enum_column
from casework.states import StateMachine


class DraftStatus(StrEnum):
    OPEN = "open"  # collecting sign-offs and withdrawals
    PUBLISHED = "published"  # became a memorandum version


DRAFT_MACHINE = StateMachine(
    "memorandum draft",
    {DraftStatus.OPEN: frozenset({DraftStatus.PUBLISHED}), DraftStatus.PUBLISHED: frozenset()},
)


class Answer(StrEnum):
    SIGNED = "signed"
    WITHDRAWN = "withdrawn"  # the member will not sign: it leaves when the current version lapses


class MemorandumDraft(Base):
    """The next version of a network's memorandum while members sign it off. Drafts live apart
    from published versions, so routing can never take a draft for a valid memorandum."""

    __tablename__ = "memorandum_drafts"
    __table_args__ = (UniqueConstraint("network_id", "valid_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("memoranda.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)  # inclusive
    # CommitmentTerms as dicts: carried over from the previous version, amendable until the
    # first member signs.
    commitments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    changes: Mapped[str] = mapped_column(String(2000), default="")  # what differs, in words
    status: Mapped[DraftStatus] = mapped_column(enum_column(DraftStatus))
    drafted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    memorandum_id: Mapped[int | None] = mapped_column(ForeignKey("memoranda.id"), unique=True)

    answers: Mapped[list["DraftAnswer"]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", order_by="DraftAnswer.member_id"
    )

    def move_to(self, target: DraftStatus, *, now: datetime) -> None:
        DRAFT_MACHINE.check(self.status, target)
        self.status = target
        if target is DraftStatus.PUBLISHED:
            self.published_at = now

    def answer_of(self, member_id: int) -> "DraftAnswer | None":
        return next((a for a in self.answers if a.member_id == member_id), None)


class DraftAnswer(Base):
    """A member's sign-off of, or withdrawal from, a draft; it may change while it is open."""

    __tablename__ = "memorandum_draft_answers"
    __table_args__ = (UniqueConstraint("draft_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("memorandum_drafts.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    answer: Mapped[Answer] = mapped_column(enum_column(Answer))
    signatory_title: Mapped[str] = mapped_column(String(200), default="")  # a post, not a name
    reason: Mapped[str] = mapped_column(String(500), default="")
    answered_on: Mapped[date] = mapped_column(Date)

    draft: Mapped[MemorandumDraft] = relationship(back_populates="answers")


class Memorandum(Base):
    """One yearly version of the Memorandum of Cooperation."""

    __tablename__ = "memoranda"
    __table_args__ = (UniqueConstraint("network_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    signed_on: Mapped[date] = mapped_column(Date)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)  # inclusive

    signatures: Mapped[list["MemorandumSignature"]] = relationship(
        back_populates="memorandum", cascade="all, delete-orphan"
    )
    commitments: Mapped[list["Commitment"]] = relationship(
        back_populates="memorandum", cascade="all, delete-orphan"
    )

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def commitment_for(self, category: ServiceCategory) -> "Commitment | None":
        return next((c for c in self.commitments if c.category == category), None)


class MemorandumSignature(Base):
    __tablename__ = "memorandum_signatures"
    __table_args__ = (UniqueConstraint("memorandum_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    memorandum_id: Mapped[int] = mapped_column(ForeignKey("memoranda.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    signed_on: Mapped[date] = mapped_column(Date)
    signatory_title: Mapped[str] = mapped_column(String(200))  # e.g. "Director"; demo: invented

    memorandum: Mapped[Memorandum] = relationship(back_populates="signatures")


class Commitment(Base):
    """What members promise for one service category under one memorandum version."""

    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("memorandum_id", "category"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    memorandum_id: Mapped[int] = mapped_column(ForeignKey("memoranda.id"))
    category: Mapped[ServiceCategory] = mapped_column(enum_column(ServiceCategory))
    free: Mapped[bool] = mapped_column(Boolean)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    voluntary: Mapped[bool] = mapped_column(Boolean)
    response_deadline: Mapped[int] = mapped_column(Integer)  # to accept or reject
    completion_deadline: Mapped[int] = mapped_column(Integer)  # to serve, counted from request
    deadline_unit: Mapped[DeadlineUnit] = mapped_column(enum_column(DeadlineUnit))

    memorandum: Mapped[Memorandum] = relationship(back_populates="commitments")
