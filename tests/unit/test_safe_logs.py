"""Log lines are JSON with ids; an exception is logged by type and stack, never with a
library's message, which may quote the values it was handed."""

import io
import json
import logging

import pytest

from casework.errors import NotFound, describe
from casework.privacy.safe_logs import configure_logging

SECRET = "Малика Раҳимова +992931234567"


def log_lines(emit) -> list[dict]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    stream = io.StringIO()
    configure_logging("INFO", stream)
    try:
        emit(logging.getLogger("casework.test"))
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_line_is_json_with_the_message_and_the_ids_given():
    (line,) = log_lines(lambda log: log.info("referral %s routed", "r-1", extra={"case_id": "c-9"}))
    assert line["message"] == "referral r-1 routed"
    assert (line["level"], line["logger"], line["case_id"]) == ("INFO", "casework.test", "c-9")


def test_an_exception_is_logged_by_type_and_stack_without_its_message():
    def emit(log):
        try:
            raise ValueError(f"invalid literal: {SECRET!r}")
        except ValueError:
            log.exception("intake failed")

    (line,) = log_lines(emit)
    assert line["error"] == "ValueError"
    assert any("test_safe_logs.py" in frame for frame in line["stack"])
    assert SECRET not in json.dumps(line, ensure_ascii=False)


def test_a_domain_error_keeps_its_message_which_is_written_without_personal_data():
    assert (
        describe(NotFound("case.not_found", "case {case_id} not found", case_id=42))
        == "NotFound: case 42 not found"
    )
    assert describe(KeyError(SECRET)) == "KeyError"


@pytest.mark.parametrize(
    ("library", "chatter", "trouble"),
    [  # the Prefect client's calls to its API; every step of rendering a form or report
        ("httpx", 'HTTP Request: POST http://127.0.0.1:4200/api/flow_runs/ "HTTP/1.1 201"',
         "retrying after a dropped connection"),
        ("weasyprint.progress", "Step 5 - Creating layout - Page 1", "a font could not be loaded"),
    ],
)  # fmt: skip
def test_chatty_libraries_say_only_what_goes_wrong(library, chatter, trouble):
    def emit(_log):
        logging.getLogger(library).info(chatter)
        logging.getLogger(library).warning(trouble)

    assert [line["message"] for line in log_lines(emit)] == [trouble]
