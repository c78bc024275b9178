"""The Task feed's search parameters as FHIR writes them, read into the casework filter: a
status list, `_lastUpdated` with its prefixes and precision, `_count`, and the opaque cursor
the `next` link carries. A value that cannot be read names its parameter (BadSearch)."""

import base64
import binascii
import operator
import re
import uuid
from datetime import UTC, date, datetime, timedelta

from casework.referrals.queries.task_feed import Comparison, TaskFilter
from casework.referrals.states import ReferralStatus

DEFAULT_COUNT = 50
MAX_COUNT = 200
CURSOR = "_cursor"  # the `next` link's parameter: where the previous page ended

_PREFIXED = re.compile(r"(eq|gt|ge|lt|le)?(.+)")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class BadSearch(Exception):
    """A search parameter's value that cannot be read: HTTP 400, naming the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


def task_filter(status: str | None, last_updated: list[str]) -> TaskFilter:
    return TaskFilter(
        statuses=_statuses(status),
        updated=tuple(bound for value in last_updated for bound in _bounds(value)),
    )


def count(value: str | None) -> int:
    if value is None:
        return DEFAULT_COUNT
    if not value.isdigit() or not 1 <= int(value) <= MAX_COUNT:
        raise BadSearch("_count", f"a whole number from 1 to {MAX_COUNT}")
    return int(value)


def _statuses(value: str | None) -> frozenset[ReferralStatus]:
    if value is None:
        return frozenset()
    codes = value.split(",")
    if any(code not in ReferralStatus._value2member_map_ for code in codes):
        known = ", ".join(ReferralStatus)
        raise BadSearch("status", f"Task statuses, comma-separated, of: {known}")
    return frozenset(ReferralStatus(code) for code in codes)


def _bounds(value: str) -> list[tuple[Comparison, datetime]]:
    """A date of any FHIR precision covers a span [start, end); a moment with its time zone
    is a point. Without a prefix a value means `eq`: within the span, or at the point."""
    matched = _PREFIXED.fullmatch(value)
    assert matched is not None  # `.+` matches any value that is not empty
    prefix, text = matched.group(1) or "eq", matched.group(2)
    start, end = _span(text)
    if end is None:  # a point
        if prefix == "eq":
            return [(operator.ge, start), (operator.le, start)]
        compare = {"gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le}
        return [(compare[prefix], start)]
    return {
        "eq": [(operator.ge, start), (operator.lt, end)],
        "gt": [(operator.ge, end)],
        "ge": [(operator.ge, start)],
        "lt": [(operator.lt, start)],
        "le": [(operator.lt, end)],
    }[prefix]


def _span(text: str) -> tuple[datetime, datetime | None]:
    partial = _PARTIAL_DATE.fullmatch(text)
    try:
        if partial is not None:
            year, month, day = (int(part) if part else None for part in partial.groups())
            start = date(year, month or 1, day or 1)  # type: ignore[arg-type]
            if day is not None:
                end = start + timedelta(days=1)
            elif month is not None:
                end = date(year + (month == 12), month % 12 + 1, 1)  # type: ignore[operator]
            else:
                end = date(year + 1, 1, 1)  # type: ignore[operator]
            return _utc_midnight(start), _utc_midnight(end)
        moment = datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in text:
        raise BadSearch(
            "_lastUpdated",
            "a prefix (eq, gt, ge, lt, le) and a date (YYYY, YYYY-MM, YYYY-MM-DD) or a moment "
            "with its time zone (YYYY-MM-DDThh:mm:ssZ)",
        )
    return moment.astimezone(UTC), None


def _utc_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def cursor_after(updated_at: datetime, referral_id: uuid.UUID) -> str:
    """Where a page ended, for the next one to start after: opaque to the client."""
    text = f"{updated_at.astimezone(UTC).isoformat()}|{referral_id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def read_cursor(value: str | None) -> tuple[datetime, uuid.UUID] | None:
    if value is None:
        return None
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        moment, referral_id = text.split("|")
        at = datetime.fromisoformat(moment)
        if at.tzinfo is None:
            raise ValueError("no time zone")
        return at, uuid.UUID(referral_id)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise BadSearch(CURSOR, "not a cursor this server gave") from None
