"""A local Prefect server for embedded mode (its UI is the supervisors' flow dashboard), and
the command line's way to run a flow once on the known server."""

import asyncio
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import httpx

from casework.settings import Settings

PRIVATE_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
    # Flows use a known server (flows/prefect_api.py), never a temporary one Prefect starts.
    "PREFECT_SERVER_EPHEMERAL_ENABLED": "false",
}
PR_SET_PDEATHSIG = 1


def ensure_prefect_environment(settings: Settings) -> None:
    """Keep Prefect's state in our data folder and its telemetry off, before it is imported."""
    for key, value in PRIVATE_PREFECT.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_HOME", str((settings.data_dir / "prefect").resolve()))


T = TypeVar("T")


def run_flow(call: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run one flow from the command line, on the known Prefect server or not at all."""
    from flows.prefect_api import require_server

    require_server()
    return asyncio.run(call())


def _stop_with_parent() -> None:
    """In the child, before it runs: Linux sends it SIGTERM when its parent dies, even by
    SIGKILL, which leaves no chance to stop it."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class PrefectServer:
    """`prefect server start` as a child process that stops when we do: `stop()` on the way
    out, and the kernel's parent-death signal when we are killed. A server already answering
    at the URL is used as it is, and left running."""

    def __init__(self, settings: Settings, startup_timeout: float = 90) -> None:
        self.url = settings.prefect_ui_url.rstrip("/")
        parsed = urlparse(self.url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 4200
        self.startup_timeout = startup_timeout
        self.log_path = settings.data_dir / "prefect-server.log"
        self._process: subprocess.Popen | None = None

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def start(self) -> None:
        if not self._healthy():
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            prefect = Path(sys.executable).with_name("prefect")
            self._process = subprocess.Popen(
                [str(prefect), "server", "start", "--host", self.host, "--port", str(self.port)],
                stdout=self.log_path.open("ab"),
                stderr=subprocess.STDOUT,
                env={**os.environ, **PRIVATE_PREFECT},
                preexec_fn=_stop_with_parent,
            )
            deadline = time.monotonic() + self.startup_timeout
            while not self._healthy():
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the Prefect server did not start; see {self.log_path}")
                time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = f"{self.url}/api"

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
