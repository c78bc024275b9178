"""A sentence the domain says to people (a refusal, a notice): a stable key, its English text
with {named} placeholders, and the values that fill them, so that it can also be shown in the
reader's language. Values are ids, dates, codes and organisations' names, never anything about
a person; they are kept as text or whole numbers, as a Message (for a part that varies), or as
a code (a member of one of the domain's enums, such as a service or a status), which is shown
as its word in the reader's language: pass the enum member, never its `.value`."""

from dataclasses import dataclass
from enum import Enum
from typing import Any


def N_(message: str) -> str:
    """Mark an English text for the catalogue (`make messages`); it is translated where it is
    shown."""
    return message


class Contextual(str):
    """An English word marked with the context it is translated in (`NC_`)."""

    context: str


def NC_(context: str, message: str) -> str:
    """Mark an English word to be translated in a context: a status's name, which in Russian
    agrees with what it is the status of (направление отклонено, потребность закрыта)."""
    marked = Contextual(message)
    marked.context = context
    return marked


@dataclass(frozen=True, init=False)
class Message:
    key: str
    text: str
    params: dict[str, "int | str | Message"]

    def __init__(self, key: str, text: str, /, **params: object) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "text", text)
        kept = {n: v if isinstance(v, int | str | Message) else str(v) for n, v in params.items()}
        object.__setattr__(self, "params", kept)

    def __str__(self) -> str:
        """The English text, filled in."""
        return self.text.format(**self.params)

    def stored(self) -> dict[str, Any]:
        """The key and the values as JSON, for a row that keeps the message."""
        return {
            "key": self.key,
            "params": {name: stored_value(value) for name, value in self.params.items()},
        }


def stored_value(value: "int | str | Message") -> Any:
    """A value as JSON: a code keeps the name of its enum, to be worded when shown."""
    if isinstance(value, Message):
        return value.stored()
    if isinstance(value, Enum):
        return {"code": type(value).__name__, "value": value.value}
    return value
