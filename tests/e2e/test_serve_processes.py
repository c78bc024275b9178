"""`casework serve` in embedded mode runs its flows on one known Prefect server, never on a
temporary one Prefect starts by itself, and leaves no process behind when it is stopped."""

import os
import signal

import httpx
import pytest

from tests.support.databases import TEST_PEPPER, migrate, settings_for
from tests.support.processes import (
    casework_process,
    group_members,
    wait_answering,
    wait_until_gone,
)
from tests.support.receivers import free_port

START_TIMEOUT = 180  # a Prefect server on a fresh SQLite file: 12 s here, 40 s under load


@pytest.fixture
def install(tmp_path) -> dict[str, str]:
    """What `make demo` prepares, on free ports: a migrated database, the keys, and the
    environment of the shell it runs in (no PREFECT_API_URL)."""
    url = f"sqlite:///{tmp_path / 'casework.db'}"
    migrate(url)
    settings_for(url, tmp_path)  # its keys, as `casework keys init` makes them
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREFECT_", "CASEWORK_"))
    }
    return env | {
        "CASEWORK_ENVIRONMENT": "test",
        "CASEWORK_DATA_DIR": str(tmp_path),
        "CASEWORK_UIC_PEPPER": TEST_PEPPER,
        "CASEWORK_PREFECT_UI_URL": f"http://127.0.0.1:{free_port()}",
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }


def test_the_app_factory_refuses_to_run_flows_without_a_known_prefect_server(settings, new_uow):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.prefect_api import NoPrefectServer
    from service.app import create_app

    embedded = settings.model_copy(update={"dispatcher_enabled": True})
    with temporary_settings(restore_defaults={PREFECT_API_URL}):  # whatever a harness set
        with pytest.raises(NoPrefectServer) as refused:
            create_app(embedded, uow_factory=new_uow)
        create_app(settings, uow_factory=new_uow)  # without a dispatcher it needs none
    assert "--with-prefect-server" in refused.value.code
    assert "PREFECT_API_URL" in refused.value.code


@pytest.mark.slow
def test_serving_without_a_known_prefect_server_refuses_with_the_option_to_use(install, tmp_path):
    log = tmp_path / "serve.log"
    with casework_process(["serve", "--port", str(free_port())], install, log) as serve:
        try:
            status = serve.wait(timeout=START_TIMEOUT)
        except Exception:
            pytest.fail("`casework serve` started without a Prefect server to run flows on")
        assert status == 1
        assert "--with-prefect-server" in log.read_text()
        assert "PREFECT_API_URL" in log.read_text()
        assert group_members(serve.pid) == []


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_stopping_the_app_stops_the_prefect_server_it_started(install, tmp_path, stop):
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
