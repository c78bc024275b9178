"""Structured logs that carry ids only: one JSON object per line. An exception is written as
its type and stack (file, line, function), never with a library's message, which may quote
the values it was given; a domain error's message, written without personal data, is kept."""

import io
import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from typing import TextIO

from casework.errors import describe

# Attributes every LogRecord has; anything else was passed as `extra=` by our code.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            entry["error"] = describe(error)
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} {frame.name}"
                for frame in traceback.extract_tb(error.__traceback__)
            ]
        return json.dumps(entry, ensure_ascii=False, default=str)


class _JsonLinesHandler(logging.StreamHandler):
    """The handler this module installs (configuring twice replaces it). Without a stream of
    its own it writes to whatever sys.stderr is at the time, as print() would."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__(stream)
        self._follows_stderr = stream is None

    def emit(self, record: logging.LogRecord) -> None:
        if self._follows_stderr:
            self.stream = sys.stderr
        super().emit(record)


def _prints_its_own_way(handler: logging.Handler) -> bool:
    """A handler that writes records to the console in its own format, as Prefect puts on the
    root logger and uvicorn on its own; not a file's, nor an in-memory buffer the process
    reads itself (a test's capture)."""
    return (
        isinstance(handler, logging.StreamHandler)
        and not isinstance(handler, _JsonLinesHandler | logging.FileHandler)
        and not isinstance(handler.stream, io.StringIO)
    )


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send every log record of this process through the JSON-lines formatter and no other
    console handler: those that libraries installed before are removed, and their loggers pass
    records up to the root instead. Every entrypoint calls this at start: the CLI, the app
    factory, a flow's process on a worker (flows.runtime); configuring twice changes nothing."""
    root = logging.getLogger()
    named = list(root.manager.loggerDict.values())  # a copy: other threads may add loggers
    for logger in [root, *(each for each in named if isinstance(each, logging.Logger))]:
        displaced = [h for h in logger.handlers if _prints_its_own_way(h)]
        for handler in displaced:
            logger.removeHandler(handler)
        if displaced:
            logger.propagate = True
    for handler in [h for h in root.handlers if isinstance(h, _JsonLinesHandler)]:
        root.removeHandler(handler)
    handler = _JsonLinesHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    root.addHandler(handler)
    root.setLevel(level)
    # Chatty at INFO, their warnings still show: httpx writes a line per request (the Prefect
    # client's calls buried the demo's console, and a request line carries its URL), WeasyPrint
    # a line per rendering step of every form and report, Alembic a line per plugin whenever
    # it is imported (the app asks it for the newest migration at every start).
    for chatty in ("httpx", "weasyprint.progress", "alembic.runtime.plugins"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
