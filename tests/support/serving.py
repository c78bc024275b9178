"""The app under a real uvicorn server on a free port, in a thread: for tests that need a
real socket (chunked bodies, a browser)."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn


@contextmanager
def serving(app) -> Iterator[str]:
    """The app under a real uvicorn server on a free port, in a thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def refused_serve(monkeypatch, **env: str) -> list[str]:
    """`casework serve` run in this process with the CASEWORK_* variables `env`, where starting
    to serve fails the test: its output lines, once it exited with status 1 (a refusal)."""
    from typer.testing import CliRunner

    from casework.settings import get_settings
    from cli.main import app as cli

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("it started serving"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["serve"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    return result.output.strip().splitlines()
