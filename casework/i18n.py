"""Languages of the network (Tajik, Russian, English), Babel catalogues for any text domain,
and the Jinja2 environment every package that renders text builds on them.

Catalogues are kept as .po files only (no compiled .mo in the repository): they are compiled
in memory on first use and cached."""

from enum import StrEnum
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import Environment, PackageLoader, StrictUndefined


class Language(StrEnum):
    TAJIK = "tg"
    RUSSIAN = "ru"
    ENGLISH = "en"


DEFAULT_LANGUAGE = Language.TAJIK


def negotiate(*candidates: str | None) -> Language:
    """The first candidate that names a supported language ("ru-RU" counts as "ru")."""
    for candidate in candidates:
        for part in (candidate or "").replace(";", ",").split(","):
            code = part.strip().split("-")[0].split("_")[0].lower()
            if code in Language._value2member_map_:
                return Language(code)
    return DEFAULT_LANGUAGE


@lru_cache
def translations(locale_dir: Path, domain: str, language: Language) -> NullTranslations:
    """gettext translations from `<locale_dir>/<language>/LC_MESSAGES/<domain>.po`.
    English is the source language: without a catalogue, the msgids are the text."""
    po_path = locale_dir / language.value / "LC_MESSAGES" / f"{domain}.po"
    if not po_path.is_file():
        return NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language.value, domain=domain)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=domain)


def template_environment(
    package: str, locale_dir: Path, domain: str, language: Language
) -> Environment:
    """Templates of `package` in one language: autoescaped, strict about missing values,
    with the package's catalogue installed for `{% trans %}` and `_()`."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations(locale_dir, domain, language), newstyle=True
    )
    env.globals["language"] = language.value
    return env
