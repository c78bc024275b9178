"""Models of logging in and of the current user."""

from pydantic import BaseModel, Field

from casework.actors import Role
from service.schemas import Request
from service.schemas.users import Username


class TokenCreate(Request):
    username: Username
    password: str = Field(min_length=1, max_length=200)


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"


class UserRead(BaseModel):
    id: int
    username: str
    role: Role
    organisation_id: int | None
