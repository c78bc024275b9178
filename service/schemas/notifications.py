"""Models of the bell (a member of staff's notices) and of failed deliveries."""

from datetime import datetime

from pydantic import BaseModel

from casework.notifications.model import Channel, DeliveryStatus


class NotificationRead(BaseModel):
    id: int
    kind: str
    level: int
    message: str
    created_at: datetime
    read_at: datetime | None


class NotificationList(BaseModel):
    unread: int  # the number on the bell
    items: list[NotificationRead]


class DeliveryProblemRead(BaseModel):
    id: int
    notification_id: int
    kind: str
    channel: Channel
    address: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
