"""Request and response models, one module per resource; requests reject unknown fields, and
responses are read from the casework views, whose fields they take rather than repeat.

Requests take flags, numbers and dates strictly (StrictBool, StrictInt, IsoDate): FastAPI
validates a JSON body as Python objects, in which pydantic's lax mode reads "yes" as true,
"1990" as 1990, true as 1 and 0 as 1 January 1970. A client that sends those has a bug that
guessing would hide."""

import sys
from dataclasses import is_dataclass
from datetime import date
from typing import Annotated, Any, get_args, get_type_hints

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    create_model,
)


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Read(BaseModel):
    """A response, validated from the attributes of a casework view."""

    model_config = ConfigDict(from_attributes=True)


def _is_view(annotation: Any) -> bool:
    if is_dataclass(annotation) or hasattr(annotation, "_fields"):
        return True
    return any(_is_view(arg) for arg in get_args(annotation))


def read_model(name: str, view: type, /, *, doc: str | None = None, **changes: Any) -> type[Read]:
    """The response model `name`: the fields of `view` (a dataclass or named tuple), in its
    order, read from its attributes. `changes` spell out only what the API shows otherwise:
    a field's API type (a nested response model, an `Annotated` description), a field the view
    lacks (placed after the one named before it in `changes`, or first), or None to leave a
    field out. A field typed by another view must be given its response model."""
    hints = get_type_hints(view)
    order, after = list(hints), None
    for field in changes:
        if field not in hints:
            order.insert(0 if after is None else order.index(after) + 1, field)
        after = field
    fields = {field: changes.get(field, hints.get(field)) for field in order}
    for field, annotation in fields.items():
        if field not in changes and _is_view(annotation):
            raise TypeError(f"{name}.{field}: name the response model of {annotation}")
    return create_model(
        name,
        __base__=Read,
        __doc__=doc,
        __module__=sys._getframe(1).f_globals["__name__"],
        **{field: annotation for field, annotation in fields.items() if annotation is not None},
    )


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


def _not_a_number(value: object) -> object:
    # Lax pydantic reads a number as a Unix time: 0 would be 1 January 1970.
    if isinstance(value, int | float):
        raise ValueError("give dates and times as ISO 8601 text, e.g. 2026-03-01")
    return value


# Dates and times in JSON bodies: ISO 8601 text, never a number.
IsoDate = Annotated[date, BeforeValidator(_not_a_number)]
IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_not_a_number)]

# A member organisation's id: an integer every database's key column can hold.
MemberId = Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]


class Page(BaseModel):
    """Where a page of a list starts and how long it is."""

    limit: int
    offset: int


MAX_PAGE = 100
LIMIT_TEXT, OFFSET_TEXT = "How many items at most", "How many to skip"


class PageQuery(BaseModel):
    """A page's query parameters (service.deps.page) as a model, for a route that reads all of
    its query parameters as one model: FastAPI lists a model's fields as the route's
    parameters only when the model is its only one."""

    limit: int = Field(50, ge=1, le=MAX_PAGE, description=LIMIT_TEXT)
    offset: int = Field(0, ge=0, le=2**31 - 1, description=OFFSET_TEXT)
