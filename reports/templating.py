"""One Jinja2 environment per language for the report: autoescaped, with the reports
catalogue installed and filters that write dates and months the way each language does."""

from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations
from jinja2 import Environment

from casework.languages import Language
from referral_forms.templating import day
from texts.catalogue import translations
from texts.templating import template_environment

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "reports"


def month_name(month: date, language: Language) -> str:
    """Month and year as a heading: February 2026, Февраль 2026, Феврал 2026."""
    text = format_date(month, "LLLL y", locale=language.value)
    return text[:1].upper() + text[1:]


def catalogue(language: Language) -> NullTranslations:
    return translations(LOCALE_DIR, DOMAIN, language)


def decimal(value: float | None, language: Language) -> str:
    """1.6 as "1.6" or "1,6"; no value as a dash."""
    return "–" if value is None else format_decimal(value, locale=language.value)


def short_month(month: date, language: Language) -> str:
    return format_date(month, "LLL", locale=language.value)


@lru_cache
def environment(language: Language) -> Environment:
    env = template_environment("reports", LOCALE_DIR, DOMAIN, language)
    env.filters["day"] = day
    env.filters["todate"] = date.fromisoformat
    env.filters["month"] = lambda value: month_name(value, language)
    return env


def render(template: str, language: Language, **context: object) -> str:
    return environment(language).get_template(template).render(**context)
