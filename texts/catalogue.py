"""Babel catalogues, kept as .po files only (no compiled .mo in the repository): compiled in
memory on first use and cached."""

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from casework.languages import Language


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
