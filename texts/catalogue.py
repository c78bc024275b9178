"""The one catalogue of every text the forms, the report and the pages show: English is the
source, and each other language has a .po file in texts/locale (no compiled .mo in the
repository: compiled in memory on first use and cached)."""

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from casework.languages import Language
from casework.messages import N_ as N_  # texts mark their words as the domain does
from casework.messages import NC_ as NC_

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = Language.ENGLISH
TRANSLATED = tuple(language for language in Language if language is not SOURCE_LANGUAGE)


@lru_cache
def translations(
    language: Language, locale_dir: Path = LOCALE_DIR, domain: str = DOMAIN
) -> NullTranslations:
    """gettext translations from `<locale_dir>/<language>/LC_MESSAGES/<domain>.po`. Without
    a catalogue (English, the source language) the msgids are the text."""
    po_path = locale_dir / language.value / "LC_MESSAGES" / f"{domain}.po"
    if not po_path.is_file():
        return NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language.value, domain=domain)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=domain)
