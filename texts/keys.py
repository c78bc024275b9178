"""The domain's message keys, collected for the catalogue: `pybabel extract` reads Python files
through `extract` (see texts/babel.cfg), which finds what Babel's own Python extractor finds
and, besides, every domain message: a call `Name("a.key", "English {text}", ...)` or
`super().__init__("a.key", "English {text}", ...)`, filed under its key as the context."""

import ast
import re
from collections.abc import Iterator
from io import BytesIO
from typing import IO

from babel.messages.extract import extract_python

KEY = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z_]*)+")


def messages(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, key, English text) of each domain message in a module's source."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if not (name[:1].isupper() or name == "__init__"):
            continue
        key, text = node.args[0], node.args[1]
        if (
            isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and KEY.fullmatch(key.value)
            and isinstance(text, ast.Constant)
            and isinstance(text.value, str)
        ):
            yield node.lineno, key.value, text.value


def extract(fileobj: IO[bytes], keywords, comment_tags, options) -> Iterator[tuple]:
    """A Babel extraction method: Python's messages, then the domain's under their keys."""
    source = fileobj.read()
    yield from extract_python(BytesIO(source), keywords, comment_tags, options)
    for lineno, key, text in messages(source.decode(options.get("encoding", "utf-8"))):
        yield lineno, "pgettext", (key, text), []
