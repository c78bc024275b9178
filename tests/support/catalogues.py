"""Checking that a package's Babel catalogues translate every text it marks, and nothing else."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po


def catalogue_gaps(locale_dir: Path, domain: str, languages=("tg", "ru")) -> dict[str, tuple]:
    """Per language: (messages not translated, entries no longer used); both empty when done.
    Also returns how many messages the package marks, under the key "marked"."""
    method_map = [("**.py", "python"), ("templates/**.j2", "jinja2")]
    options = {"templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    wanted = {
        message
        for _, _, message, *_ in extract_from_dir(
            Path(locale_dir).parent,
            method_map,
            options,
            keywords={"_": None, "gettext": None, "N_": None},
        )
    }
    gaps: dict[str, tuple] = {"marked": (len(wanted),)}
    for language in languages:
        translated = set(translations(locale_dir, domain, language))
        gaps[language] = (wanted - translated, translated - wanted)
    return gaps


def translations(locale_dir: Path, domain: str, language: str) -> dict:
    """The catalogue's translated entries (fuzzy ones are not), each text to its translation."""
    with (Path(locale_dir) / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}
