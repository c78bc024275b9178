"""Opening hours as the directory writes them in English ("Mon–Fri 08:00–17:00, Sat 08:00–12:00"),
read as weekly openings, so that an export can give days and times a machine understands.
Anything else ("24 hours", "Пн–Пт 8:00–17:00", a note after a semicolon) is not guessed at:
the caller keeps the text as it is written."""

import re
from dataclasses import dataclass

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DASH = "[–-]"  # an en dash, as the directory writes ranges, or a hyphen
_DAY = "|".join(DAYS)
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d"
_OPENING = re.compile(
    rf"(?P<first>{_DAY})(?:{_DASH}(?P<last>{_DAY}))? (?P<opens>{_TIME}){_DASH}(?P<closes>{_TIME})"
)


@dataclass(frozen=True)
class WeeklyOpening:
    text: str  # the part of the hours it was read from
    days: tuple[str, ...]  # of DAYS, in order
    opens_at: str  # HH:MM, local time
    closes_at: str


def weekly_openings(hours: str) -> list[WeeklyOpening] | None:
    """The openings `hours` lists, comma-separated; None unless every part is one."""
    openings = []
    for part in hours.split(", "):
        found = _OPENING.fullmatch(part.strip())
        if found is None:
            return None
        first = DAYS.index(found["first"])
        last = DAYS.index(found["last"] or found["first"])
        if last < first:
            return None
        days = DAYS[first : last + 1]
        openings.append(WeeklyOpening(part.strip(), days, found["opens"], found["closes"]))
    return openings
