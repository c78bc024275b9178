"""Every refusal and notice of the domain has a stable message key: one English text per key,
entered and translated in the catalogue of every translated language, so that it is shown in
the reader's language (texts/said.py)."""

import re

from babel.messages.pofile import read_po

from casework.errors import NotFound
from casework.messages import Message
from service.errors import error_body
from tests.support.catalogues import marked, translated
from texts.catalogue import DOMAIN, LOCALE_DIR, TRANSLATED
from texts.keys import KEY

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def english_by_key() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for pairs in marked().values():
        for context, text in pairs:
            if context and KEY.fullmatch(context):
                found.setdefault(context, set()).add(text)
    return found


def test_each_key_has_one_english_text():
    found = english_by_key()
    assert len(found) > 130
    assert {key: texts for key, texts in found.items() if len(texts) != 1} == {}
    assert all(text.strip() for texts in found.values() for text in texts)


def test_each_key_is_in_the_catalogue_of_every_translated_language():
    wanted = {(key, text) for key, texts in english_by_key().items() for text in texts}
    for language in TRANSLATED:
        with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
            entries = {(m.context, m.id) for m in read_po(handle)}
        assert wanted - entries == set(), language


def test_each_key_is_translated_in_every_translated_language():
    """A refusal a page shows, a notice on the bell or in an SMS: none stays in English."""
    wanted = {(key, text) for key, texts in english_by_key().items() for text in texts}
    for language in TRANSLATED:
        assert wanted - set(translated(language)) == set(), language


def test_each_translation_fills_in_the_values_its_english_has():
    """A translation may leave a value out (a word Russian says otherwise), never name one
    the message does not have: worded, it would fail."""
    for language in TRANSLATED:
        for (key, text), translation in translated(language).items():
            if key and KEY.fullmatch(key):
                assert set(PLACEHOLDER.findall(translation)) <= set(PLACEHOLDER.findall(text)), (
                    language,
                    key,
                )


def test_a_refusal_carries_its_key_and_parameters_beside_its_english_message():
    refusal = NotFound("case.not_found", "case {case_id} not found", field="case_id", case_id=42)
    assert refusal.said == Message("case.not_found", "case {case_id} not found", case_id=42)
    assert (refusal.key, refusal.message) == ("case.not_found", "case 42 not found")
    assert error_body(refusal) == {
        "detail": [
            {
                "msg": "case 42 not found",
                "type": "NotFound",
                "key": "case.not_found",
                "loc": ["body", "case_id"],
            }
        ]
    }
