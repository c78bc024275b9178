"""Models of logging in and of the current user."""

from pydantic import BaseModel, Field

from casework.accounts.views import UserView
from service.schemas import Request, read_model
from service.schemas.users import Username


class TokenCreate(Request):
    username: Username
    password: str = Field(min_length=1, max_length=200)


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"


UserRead = read_model("UserRead", UserView)
