"""Table of memorandum breaches; meetings, memorandum renewal and reports have sub-packages."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.orm import Base, UtcDateTime


class MemorandumBreach(Base):
    """An institution did not attest that a service was anonymous, free and voluntary."""

    __tablename__ = "memorandum_breaches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referrals.id"), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    memorandum_id: Mapped[int] = mapped_column(ForeignKey("memoranda.id"))
    guarantees_failed: Mapped[str] = mapped_column(String(40))  # e.g. "anonymous,free"
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The meeting agenda item that took the breach up; None: it waits for the next agenda.
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    # The network's resolution: None while the breach is open.
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(80))  # an actor id, as in the audit
    resolution: Mapped[str | None] = mapped_column(String(1000))
