"""Tables of notices to staff (about a referral, or about a governance object: a memorandum
draft, a meeting, a decision, a monthly report), the contacts they go to, and their delivery
per channel."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.audit import AutoId
from casework.languages import Language
from casework.orm import Base, UtcDateTime, enum_column, language_column
from casework.states import StateMachine


class Notification(Base):
    """A notice to a role at a member organisation (or, with no member, at the network: the
    coordinator). It is what the in-app bell shows; its deliveries carry it further."""

    __tablename__ = "notifications"
    # One notice per event and recipient: a flow that runs twice does not notify twice.
    __table_args__ = (
        UniqueConstraint("kind", "referral_id", "recipient_member_id", "level"),
        UniqueConstraint("kind", "subject_id", "recipient_member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    recipient_role: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))  # e.g. "referral.requested"
    referral_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("referrals.id"))
    # A governance notice's subject, as "<kind>:<id>" (e.g. "network-report:3"); opaque ids only.
    subject_id: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer, default=0)
    # Serial, service, institution, lateness and level only: never anything about the person.
    message: Mapped[str] = mapped_column(String(400), default="")
    # The same message as its key and values (casework.messages), to show it in the reader's
    # language; none for a notice that says nothing, or one written before messages had keys.
    message_key: Mapped[str | None] = mapped_column(String(60))
    message_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Channel(StrEnum):
    EMAIL = "email"  # SMTP
    WEBHOOK = "webhook"  # a signed POST to an SMS or messenger gateway


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the last attempt; the coordinator sees it
    SKIPPED = "skipped"  # not sent: the referral moved on, or the channel is not configured


_ = DeliveryStatus
# A retry keeps a delivery pending; each other outcome is final.
DELIVERY_MACHINE = StateMachine(
    "delivery",
    {
        _.PENDING: frozenset({_.DELIVERED, _.FAILED, _.SKIPPED}),
        _.DELIVERED: frozenset(),
        _.FAILED: frozenset(),
        _.SKIPPED: frozenset(),
    },
)


class Contact(Base):
    """Where a role at a member (or at the network, with no member) receives notices outside
    the app: a role mailbox or a gateway address, not a beneficiary's."""

    __tablename__ = "notification_contacts"
    __table_args__ = (UniqueConstraint("network_id", "member_id", "role", "channel", "address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    address: Mapped[str] = mapped_column(String(200))
    language: Mapped[Language] = language_column()  # what its notices are worded in


class Delivery(Base):
    """One notification on one channel to one address, retried with backoff until it goes."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (Index("ix_notification_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), index=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    address: Mapped[str] = mapped_column(String(200))
    # The contact's language when the delivery was queued: the notice is worded in it when sent.
    language: Mapped[Language] = language_column()
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    def move_to(self, target: DeliveryStatus, *, now: datetime) -> None:
        DELIVERY_MACHINE.check(self.status, target)
        self.status = target
        if target is DeliveryStatus.DELIVERED:
            self.delivered_at = now
