"""Read models of notifications."""

from dataclasses import dataclass
from datetime import datetime

from casework.notifications.model import Channel, DeliveryStatus


@dataclass(frozen=True)
class ContactView:
    id: int
    member_id: int | None
    role: str
    channel: Channel
    address: str


@dataclass(frozen=True)
class NoticeView:
    id: int
    kind: str
    level: int
    message: str
    created_at: datetime
    read_at: datetime | None


@dataclass(frozen=True)
class DeliveryProblem:
    """A delivery that failed for good, or is failing and being retried."""

    id: int
    notification_id: int
    kind: str
    channel: Channel
    address: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
