"""Models of the bell (a member of staff's notices) and of failed deliveries."""

from pydantic import BaseModel

from casework.notifications.views import DeliveryProblem, NoticeView
from service.schemas import read_model

# `message` in the reader's language (their account's); the values it was made of stay inside.
NotificationRead = read_model("NotificationRead", NoticeView, message_params=None)


class NotificationList(BaseModel):
    unread: int  # the number on the bell
    items: list[NotificationRead]


DeliveryProblemRead = read_model("DeliveryProblemRead", DeliveryProblem)
