"""Read models of notifications."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casework.languages import Language
from casework.notifications.model import Channel, DeliveryStatus


@dataclass(frozen=True)
class ContactView:
    id: int
    member_id: int | None
    role: str
    channel: Channel
    address: str
    language: Language


@dataclass(frozen=True)
class NoticeView:
    """A notice on the bell; `message` is the English it was kept with, until it is worded
    in the reader's language from its key and values (texts.said.notice_in)."""

    id: int
    kind: str
    level: int
    message: str
    created_at: datetime
    read_at: datetime | None
    message_key: str | None
    message_params: dict[str, Any] | None


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
