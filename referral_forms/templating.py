"""One Jinja2 environment per language: autoescaped, with the forms catalogue installed."""

from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from casework.i18n import Language, translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "forms"


def day(value: date) -> str:
    """Dates as the region's paperwork writes them, in every language: 02.03.2026."""
    return value.strftime("%d.%m.%Y")


@lru_cache
def environment(language: Language) -> Environment:
    env = Environment(
        loader=PackageLoader("referral_forms", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations(LOCALE_DIR, DOMAIN, language), newstyle=True
    )
    env.filters["day"] = day
    env.globals["language"] = language.value
    return env


def render(template: str, language: Language, **context: object) -> str:
    return environment(language).get_template(template).render(**context)
