"""Request and response models, one module per resource; requests reject unknown fields."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _storable(value: str) -> str:
    """PostgreSQL stores neither the NUL character nor lone surrogates; refuse them here."""
    if "\x00" in value:
        raise ValueError("text must not contain the NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode") from None
    return value


# Free text that every supported database can store.
Text = Annotated[str, AfterValidator(_storable)]

# A member organisation's id: an integer every database's key column can hold.
MemberId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class Page(BaseModel):
    """Where a page of a list starts and how long it is."""

    limit: int
    offset: int
