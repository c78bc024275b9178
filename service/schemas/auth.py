"""Models of logging in and of the current user."""

from pydantic import BaseModel, Field

from casework.accounts.commands import IssuedToken
from casework.accounts.views import UserView
from casework.languages import Language
from service.schemas import Request, read_model
from service.schemas.users import Username


class TokenCreate(Request):
    username: Username
    password: str = Field(min_length=1, max_length=200)


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token is refused (RFC 6749, 5.1)")

    @classmethod
    def of(cls, issued: IssuedToken) -> "TokenRead":
        return cls(access_token=issued.token, expires_in=int(issued.lifetime.total_seconds()))


UserRead = read_model("UserRead", UserView)


class MeUpdate(Request):
    language: Language = Field(description="tg, ru or en: one's pages and notices are in it")
