"""A corpus of malformed requests made from one valid request body: what a buggy or hostile
client sends. The fault battery (tests/faults/test_bad_input.py) sends it to every write route
of the API."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

JSON = "application/json"
_MISSING = object()


@dataclass(frozen=True)
class Bad:
    """One malformed request body: what it is, its bytes and its declared type."""

    label: str
    content: bytes | None
    content_type: str | None = JSON


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()  # escapes a lone surrogate as \ud800, as a client would


# Whole bodies that are not what any route reads.
WHOLE: list[Bad] = [
    Bad("empty with a JSON type", b""),
    Bad("invalid JSON", b'{"reason": '),
    Bad("invalid UTF-8", b'{"reason": "\xff\xfe\xfd"}'),
    Bad("UTF-16 JSON", '{"reason": "x"}'.encode("utf-16")),
    Bad("JSON null", b"null"),
    Bad("JSON array", b"[1, 2]"),
    Bad("JSON string", b'"text"'),
    Bad("JSON number", b"1e999"),
    Bad("nested 10,000 deep", b"[" * 10_000 + b"]" * 10_000),
    Bad("over the size limit", _json({"reason": "x" * 70_000})),
]

# Values put in place of each field: wrong types, bounds, text no database stores, letters
# that only look like letters, nested junk.
VALUES: dict[str, Any] = {
    "null": None,
    "the text yes": "yes",
    "true": True,
    "negative": -1,
    "beyond 64 bits": 2**64,
    "a fraction": 1.5,
    "empty text": "",
    "5,000 characters": "x" * 5000,
    "a list": ["a", 1, None],
    "nested junk": {"a": [[{"b": {"c": []}}]]},
    "circled letters": "ⓐⓑ",
    "fullwidth letters": "ＡＢ",
    "NUL": "a\x00b",
    "a lone surrogate": "\ud800",
    "an unknown id": 2**31 - 1,
}


def field_paths(body: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """The path of every field of a body: keys of objects, and the first item of lists."""
    if isinstance(body, dict):
        for key, value in body.items():
            yield (*prefix, key)
            yield from field_paths(value, (*prefix, key))
    elif isinstance(body, list) and body and isinstance(body[0], dict | list):
        yield from field_paths(body[0], (*prefix, 0))


def replaced(body: Any, path: tuple, value: Any) -> Any:
    """A deep copy of `body` with the field at `path` set to `value` (or left out)."""
    copy = json.loads(json.dumps(body))
    *parents, last = path
    holder = copy
    for step in parents:
        holder = holder[step]
    if value is _MISSING:
        del holder[last]
    else:
        holder[last] = value
    return copy


def unknown_object(valid: dict | None) -> Bad:
    """The valid body, for a request that names an object that does not exist."""
    if valid is None:
        return Bad("an unknown object", None, None)
    return Bad("an unknown object", _json(valid))


def corpus(valid: dict | None) -> list[Bad]:
    """Malformed variants of the valid body (None: the route reads no body)."""
    sample = valid if valid is not None else {"unexpected": 1}
    bads = [
        *WHOLE,
        Bad("valid JSON as text/plain", _json(sample), "text/plain"),
        Bad("valid JSON without a type", _json(sample), None),
        Bad("a form", b"reason=x&member_id=1", "application/x-www-form-urlencoded"),
        Bad("multipart", b"--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--b--\r\n",
            "multipart/form-data; boundary=b"),
    ]  # fmt: skip
    if valid is None:
        return bads
    bads.append(Bad("an unknown field", _json(valid | {"unexpected": "x"})))
    for path in field_paths(valid):
        name = ".".join(map(str, path))
        bads.append(Bad(f"{name} left out", _json(replaced(valid, path, _MISSING))))
        bads.extend(
            Bad(f"{name} as {label}", _json(replaced(valid, path, value)))
            for label, value in VALUES.items()
        )
    return bads
