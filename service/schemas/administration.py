"""Models of what supervisors and the coordinator administer: accounts, an NGO's form
language, notification contacts, escalation thresholds and the register of breaches."""

from typing import Annotated

from pydantic import BaseModel, Field, StrictInt

from casework.accounts.passwords import MIN_LENGTH
from casework.accounts.views import AccountView
from casework.calendar import DeadlineUnit
from casework.escalation.model import LEVELS
from casework.escalation.views import Ladder
from casework.governance.breaches.register import NOTE_LENGTH, BreachView
from casework.languages import DEFAULT_LANGUAGE, Language
from casework.notifications.model import Channel
from casework.notifications.views import ContactView
from service.schemas import Request, Text, read_model
from service.schemas.governance import MemberRef

AccountRead = read_model("AccountRead", AccountView)
ContactRead = read_model("ContactRead", ContactView)
LadderRead = read_model("LadderRead", Ladder)
BreachRead = read_model("BreachRead", BreachView)


class PasswordSet(Request):
    password: Annotated[Text, Field(min_length=MIN_LENGTH, max_length=200)]


class FormLanguageSet(Request):
    language: Language | None  # None: the region's default


class ContactCreate(Request):
    role: Annotated[str, Field(max_length=20)]
    channel: Channel
    address: Annotated[Text, Field(min_length=1, max_length=200)]
    member_id: MemberRef | None = None  # none: the coordinator, at network level
    language: Language = DEFAULT_LANGUAGE  # what its notices are worded in


class ContactCreated(BaseModel):
    id: int


class ThresholdSet(Request):
    unit: DeadlineUnit
    level: Annotated[StrictInt, Field(ge=min(LEVELS), le=max(LEVELS))]
    overdue_by: Annotated[StrictInt, Field(ge=0, le=10_000)]


class BreachResolution(Request):
    note: Annotated[Text, Field(min_length=1, max_length=NOTE_LENGTH)]
