"""What the domain says to people (a refusal, a notice), in the reader's language: its message
key's translation (the catalogue files each domain message under its key as the context),
filled in with its values, a code among them shown as its word (a service's name, a status),
never as the code. A notice is kept as its key and values, and worded like this each time it
is shown or sent, for whoever reads it."""

from dataclasses import replace
from enum import Enum
from functools import lru_cache
from typing import Any

from babel.messages.pofile import read_po

from casework.languages import Language
from casework.messages import Message
from casework.notifications.views import NoticeView
from texts.catalogue import DOMAIN, LOCALE_DIR, TRANSLATED, translations
from texts.keys import KEY
from texts.labels import LABELS, word

CODES: dict[str, type[Enum]] = {enum.__name__: enum for enum in LABELS}


def say(message: Message, language: Language) -> str:
    """A message the domain has just said (a refusal) in the reader's language."""
    return _fill(message.key, message.text, message.params, language)


def say_stored(key: str | None, params: dict[str, Any] | None, english: str, lang: Language) -> str:
    """A message kept as its key and values (a notice), in the reader's language. One
    without a key (written before notices had keys), or whose key this version no longer
    knows, is shown as the English it was kept with."""
    text = source_text(key) if key else None
    if text is None:
        return english
    return _fill(key, text, params or {}, lang)


def notice_in(notice: NoticeView, language: Language) -> NoticeView:
    """A notice of the bell as its reader reads it."""
    worded = say_stored(notice.message_key, notice.message_params, notice.message, language)
    return replace(notice, message=worded)


@lru_cache
def _source_texts() -> dict[str, str]:
    """Each message key's English text, as the catalogue holds it (every translated
    language's catalogue has every key: tests/unit/test_message_keys.py)."""
    path = LOCALE_DIR / TRANSLATED[0].value / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        return {m.context: m.id for m in read_po(handle) if m.context and KEY.fullmatch(m.context)}


def source_text(key: str) -> str | None:
    return _source_texts().get(key)


def _fill(key: str, text: str, params: dict[str, Any], language: Language) -> str:
    translated = translations(language).pgettext(key, text)
    values = {name: _value(value, language) for name, value in params.items()}
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that breaks its placeholders
        return text.format(**values)


def _value(value: Any, language: Language) -> object:
    """A value as the reader reads it: a code as its word, a message in their language."""
    if isinstance(value, Message):
        return say(value, language)
    if isinstance(value, Enum):
        return word(value, language) if type(value) in LABELS else value.value
    if isinstance(value, dict) and "code" in value:  # a stored code (casework.messages)
        enum = CODES.get(value["code"])
        code = value["value"]
        return word(enum(code), language) if enum and code in enum._value2member_map_ else code
    if isinstance(value, dict) and "key" in value:  # a stored message within a message
        return say_stored(value["key"], value.get("params"), value["key"], language)
    return value
