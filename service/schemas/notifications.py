"""Models of the bell (a member of staff's notices) and of failed deliveries."""

from pydantic import BaseModel

from casework.notifications.views import DeliveryProblem, NoticeView
from service.schemas import read_model

NotificationRead = read_model("NotificationRead", NoticeView)


class NotificationList(BaseModel):
    unread: int  # the number on the bell
    items: list[NotificationRead]


DeliveryProblemRead = read_model("DeliveryProblemRead", DeliveryProblem)
