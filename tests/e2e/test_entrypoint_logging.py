"""The ids-only log format holds in every process that serves: the app's, however it is
started (uvicorn runs the factory, not our CLI), and a worker's flow run, where Prefect set
up its own console first."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prefect.logging.configuration import setup_logging

from tests.support.databases import installed

SECRET = "Малика Раҳимова +992931234567"
PROJECT = Path(__file__).resolve().parents[2]
WRITTEN = {"casework.test", "uvicorn.error"}  # the loggers these tests write to


def json_lines(output: str) -> list[dict]:
    """Every line written, parsed: a line that is not JSON fails the test."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def log_a_library_error() -> None:
    try:
        raise ValueError(f"invalid literal: {SECRET!r}")
    except ValueError:
        logging.getLogger("casework.test").exception("intake failed")


@pytest.fixture
def logging_restored():
    """Put back what this process had, for the tests that follow."""
    loggers = [logging.getLogger(), *logging.root.manager.loggerDict.values()]
    saved = [
        (each, list(each.handlers), each.propagate, each.level)
        for each in loggers
        if isinstance(each, logging.Logger)
    ]
    yield
    for each, handlers, propagate, level in saved:
        each.handlers[:] = handlers
        each.propagate, each.level = propagate, level


def test_creating_the_app_sends_every_record_through_the_ids_only_format(
    tmp_path, capfd, logging_restored
):
    from service.app import create_app

    setup_logging(incremental=False)  # Prefect's console, as importing it leaves a process
    # No dispatcher (settings_for): an app that runs flows needs a Prefect server
    # (test_serve_processes.py).
    create_app(installed(tmp_path))
    capfd.readouterr()
    log_a_library_error()
    logging.getLogger("uvicorn.error").warning("Shutting down")  # Prefect gave it a console
    captured = capfd.readouterr()
    assert SECRET not in captured.out + captured.err
    lines = json_lines(captured.err)  # every line, a background client's requests too
    ours = [(line["logger"], line.get("error")) for line in lines if line["logger"] in WRITTEN]
    assert ours == [("casework.test", "ValueError"), ("uvicorn.error", None)]


def test_a_flow_run_on_a_worker_logs_in_the_ids_only_format(tmp_path):
    """What a worker's flow-run process does: Prefect sets up its logging, then loads the
    flow from its deployment's entrypoint; whatever is logged afterwards is ids only."""
    script = (
        "from prefect.logging.configuration import setup_logging\n"
        "from prefect.flows import load_flow_from_entrypoint\n"
        "from tests.e2e.test_entrypoint_logging import log_a_library_error\n"
        "setup_logging()\n"
        "load_flow_from_entrypoint('flows/resolution.py:resolution_flow')\n"
        "log_a_library_error()\n"
    )
    env = os.environ | {"PREFECT_HOME": str(tmp_path), "CASEWORK_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert SECRET not in done.stdout + done.stderr
    (line,) = [line for line in json_lines(done.stderr) if line["logger"] == "casework.test"]
    assert line["error"] == "ValueError" and line["message"] == "intake failed"
