"""The pages' Jinja2 environment per language: the `pages` catalogue for their own text, the
forms catalogue for the service and urgency names the forms already translate, and dates in
the region's time zone."""

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment

from casework.languages import Language
from referral_forms import templating as forms
from referral_forms.labels import SERVICE_LABELS, URGENCY_LABELS
from texts.catalogue import translations
from texts.templating import template_environment

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "pages"


def local_time(value: datetime | None, zone: str) -> str:
    """02.03.2026 14:05 in the region's time zone; nothing for no value."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(zone)).strftime("%d.%m.%Y %H:%M")


@lru_cache
def environment(language: Language, zone: str) -> Environment:
    env = template_environment("service.pages", LOCALE_DIR, DOMAIN, language)
    form_words = translations(forms.LOCALE_DIR, forms.DOMAIN, language)
    env.filters["service"] = lambda code: form_words.gettext(SERVICE_LABELS[code])
    env.filters["urgency"] = lambda code: form_words.gettext(URGENCY_LABELS[code])
    env.filters["day"] = lambda value: forms.day(value) if isinstance(value, date) else ""
    env.filters["time"] = lambda value: local_time(value, zone)
    return env


def render(template: str, language: Language, zone: str, **context: object) -> str:
    return environment(language, zone).get_template(template).render(**context)
