"""Models of staff accounts as administrators manage them."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from casework.accounts.passwords import MIN_LENGTH
from casework.actors import Role
from service.schemas import MemberId, Request, Text

# Usernames appear in URLs and audit rows: plain letters, digits and . _ -
NEW_USERNAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{2,59}$"
Username = Annotated[Text, Field(min_length=1, max_length=60)]

# The roles a person can hold: every Role but the flows' and operators' `system`.
StaffRole = StrEnum("StaffRole", {r.name: r.value for r in Role if r is not Role.SYSTEM})


class UserCreate(Request):
    username: Annotated[str, Field(pattern=NEW_USERNAME)]
    role: StaffRole  # type: ignore[valid-type]
    password: Annotated[Text, Field(min_length=MIN_LENGTH, max_length=200)]
    organisation_id: MemberId | None = None


class TokenIssue(Request):
    label: Annotated[Text, Field(max_length=100)] = ""


class TokensRevoked(BaseModel):
    revoked: int
