"""A sentence the domain says to people (a refusal, a notice): a stable key, its English text
with {named} placeholders, and the values that fill them, so that it can also be shown in the
reader's language. Values are ids, dates, codes and organisations' names, never anything about
a person; they are kept as text or whole numbers (or as a Message, for a part that varies)."""

from dataclasses import dataclass
from typing import Any


def N_(message: str) -> str:
    """Mark an English text for the catalogue (`make messages`); it is translated where it is
    shown."""
    return message


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
            "params": {
                name: value.stored() if isinstance(value, Message) else value
                for name, value in self.params.items()
            },
        }
