"""Field types shared by the governance resources (memoranda, meetings, decisions, reports)."""

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, Field, StrictInt, StringConstraints


def _storable(value: str) -> str:
    # PostgreSQL stores no NUL character; refuse it here rather than fail in the database.
    if "\x00" in value:
        raise ValueError("text must not contain the NUL character")
    return value


def _words(max_length: int, *, min_length: int = 0) -> Any:
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_storable),
    ]


PostTitle = _words(200)  # the post of who signs or attends ("Director"), never a name
Title = _words(300, min_length=1)
Reason = _words(500)
Changes = _words(2000)
DecisionText = _words(1000, min_length=1)
Minutes = _words(20_000)
InstrumentNumber = _words(60, min_length=1)
MemberName = _words(200, min_length=1)

_MEMBER, _NETWORK = "a member organisation's id", "the network's id"
# In JSON bodies an id is a JSON number: "3" or true is refused, not read as 3 or 1.
MemberRef = Annotated[StrictInt, Field(ge=1, le=2**31 - 1, description=_MEMBER)]
NetworkRef = Annotated[StrictInt, Field(ge=1, le=2**31 - 1, description=_NETWORK)]
# In the pages' forms and query strings every value is text: the same ids, read from digits.
MemberParam = Annotated[int, Field(ge=1, le=2**31 - 1, description=_MEMBER)]
NetworkParam = Annotated[int, Field(ge=1, le=2**31 - 1, description=_NETWORK)]
# Year 1000 onwards: Python's dates start at year 1, and "0000-01" must be a 422, not a 500.
MonthKey = Annotated[str, Field(pattern=r"^[1-9]\d{3}-(0[1-9]|1[0-2])$", examples=["2026-02"])]
# A report's period: a month, a quarter, a year or "all" (casework.governance.reports.periods).
PeriodKey = Annotated[
    str,
    Field(
        pattern=r"^(all|[1-9]\d{3}(-(0[1-9]|1[0-2]|Q[1-4]))?)$",
        examples=["2026-02", "2026-Q1", "2026", "all"],
    ),
]
# Ids in paths: beyond a 32-bit key no row exists, and the database must not be asked.
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
NetworkQuery = Annotated[
    int | None, Query(ge=1, le=2**31 - 1, description="default: the actor's own network")
]
