"""Tables of memorandum renewal: the draft of the next version and each member's answer to it.
Published versions, their signatories and commitments are the network registry's tables."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.network.model import enum_column
from casework.orm import Base, UtcDateTime


class DraftStatus(StrEnum):
    OPEN = "open"  # collecting sign-offs and withdrawals
    PUBLISHED = "published"  # became a memorandum version


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
