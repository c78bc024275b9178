"""Languages of the network (Tajik, Russian, English) and Babel catalogues for any text domain.

Catalogues are kept as .po files only (no compiled .mo in the repository): they are compiled
in memory on first use and cached."""

from enum import StrEnum
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations


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
