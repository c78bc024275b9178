"""Checking that the one catalogue translates every text a package marks, and nothing else."""

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from texts.catalogue import DOMAIN, LOCALE_DIR, TRANSLATED
from texts.keys import KEY

ROOT = LOCALE_DIR.parent.parent
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "NC_": ((1, "c"), 2)}  # as `make messages`


def marked() -> dict[str, set[tuple[str | None, str]]]:
    """(context, message) of every marked text, per file, read through the same map as
    `make messages` (texts/babel.cfg)."""
    with (LOCALE_DIR.parent / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, set[tuple[str | None, str]]] = {}
    for path, _, message, _, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        found.setdefault(path, set()).add((context, message))
    return found


def catalogue_gaps(package: str) -> dict[str, tuple]:
    """Per translated language: (messages the package, e.g. "service/pages", shows that the
    catalogue does not translate, catalogue entries nothing marks any more); both empty when
    done. A package shows what it marks and the words for codes it shares (marked in texts/
    and casework/); the domain's refusals and notices, under their message keys, are checked
    by tests/unit/test_message_keys.py. Also returns how many messages the
    package shows, under the key "marked"."""
    everywhere = marked()
    every_text = set().union(*everywhere.values())
    wanted = {
        (context, message)
        for path, found in everywhere.items()
        if path.startswith((package, "texts/", "casework/"))
        for context, message in found
        if not (context and KEY.fullmatch(context))
    }
    gaps: dict[str, tuple] = {"marked": (len(wanted),)}
    for language in TRANSLATED:
        done = set(translated(language))
        gaps[language] = (wanted - done, done - every_text)
    return gaps


def translated(language: str) -> dict[tuple[str | None, str], str]:
    """The catalogue's translated entries (fuzzy ones are not): (context, text) to translation."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        catalogue = read_po(handle)
    return {(m.context, m.id): m.string for m in catalogue if m.id and m.string and not m.fuzzy}


def translations(language: str) -> dict[str, str]:
    """Each text to its translation, but for texts with a context (each one place's word)."""
    return {text: t for (context, text), t in translated(language).items() if context is None}
