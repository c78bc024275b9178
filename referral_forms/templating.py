"""One Jinja2 environment per language: autoescaped, with the forms catalogue installed."""

from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment

from casework.languages import Language
from texts.templating import template_environment

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "forms"


def day(value: date) -> str:
    """Dates as the region's paperwork writes them, in every language: 02.03.2026."""
    return value.strftime("%d.%m.%Y")


@lru_cache
def environment(language: Language) -> Environment:
    env = template_environment("referral_forms", LOCALE_DIR, DOMAIN, language)
    env.filters["day"] = day
    return env


def render(template: str, language: Language, **context: object) -> str:
    return environment(language).get_template(template).render(**context)
