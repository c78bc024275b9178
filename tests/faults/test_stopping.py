"""Stopping `casework serve`, gracefully or not, leaves no process behind: the Prefect server it
started goes with it (SIGTERM: after the flows' last logs reach it; kill -9: by the parent-death
signal). Each case starts a real Prefect server, so it lives in the fault battery."""

import signal

import httpx
import pytest

from tests.support.processes import (
    START_TIMEOUT,
    casework_process,
    demo_install,
    group_members,
    wait_answering,
    wait_until_gone,
)
from tests.support.receivers import free_port


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_stopping_the_app_stops_the_prefect_server_it_started(tmp_path, stop):
    install = demo_install(tmp_path)
    port = free_port()
    args = ["serve", "--port", str(port), "--with-prefect-server"]
    with casework_process(args, install, tmp_path / "serve.log") as serve:
        wait_answering(f"http://127.0.0.1:{port}/healthz", serve, START_TIMEOUT)
        prefect_ui = install["CASEWORK_PREFECT_UI_URL"]
        assert httpx.get(f"{prefect_ui}/api/health", timeout=5).status_code == 200
        assert len(group_members(serve.pid)) == 2  # the app and its Prefect server

        serve.send_signal(stop)
        serve.wait(timeout=60)
        assert wait_until_gone(serve.pid, timeout=30) == []
