"""How each language writes dates, times, months and numbers."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

from casework.languages import Language


def day(value: date | None) -> str:
    """Dates as the region's paperwork writes them, in every language: 02.03.2026; nothing
    for no date."""
    return value.strftime("%d.%m.%Y") if isinstance(value, date) else ""


def local_time(value: datetime | None, zone: str) -> str:
    """02.03.2026 14:05 in the region's time zone; nothing for no value."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(zone)).strftime("%d.%m.%Y %H:%M")


def capfirst(text: str) -> str:
    """The first letter as a capital, the rest as it is: a label as a heading."""
    return text[:1].upper() + text[1:]


def month_name(month: date, language: Language) -> str:
    """Month and year as a heading: February 2026, Февраль 2026, Феврал 2026."""
    return capfirst(format_date(month, "LLLL y", locale=language.value))


def short_month(month: date, language: Language) -> str:
    return format_date(month, "LLL", locale=language.value)


def decimal(value: float | None, language: Language) -> str:
    """1.6 as "1.6" or "1,6"; no value as a dash."""
    return "–" if value is None else format_decimal(value, locale=language.value)
