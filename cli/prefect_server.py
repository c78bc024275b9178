"""A local Prefect server for embedded mode: its UI is the supervisors' flow dashboard."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

from casework.settings import Settings

PRIVATE_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def ensure_prefect_environment(settings: Settings) -> None:
    """Keep Prefect's state in our data folder and its telemetry off, before it is imported."""
    for key, value in PRIVATE_PREFECT.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_HOME", str((settings.data_dir / "prefect").resolve()))


class PrefectServer:
    """`prefect server start` as a child process (so that it stops when we do)."""

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
