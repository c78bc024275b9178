"""The pages' Jinja2 environment per language and time zone, with filters for the service and
urgency names the forms translate."""

from functools import lru_cache

from jinja2 import Environment

from casework.languages import Language
from referral_forms.labels import SERVICE_LABELS, URGENCY_LABELS
from texts import templating
from texts.catalogue import translations


@lru_cache
def environment(language: Language, zone: str) -> Environment:
    env = templating.environment("service.pages", language, zone)
    words = translations(language)
    env.filters["service"] = lambda code: words.gettext(SERVICE_LABELS[code])
    env.filters["urgency"] = lambda code: words.gettext(URGENCY_LABELS[code])
    return env


def render(template: str, language: Language, zone: str, **context: object) -> str:
    return environment(language, zone).get_template(template).render(**context)
