"""`casework serve` in embedded mode runs its flows on one known Prefect server, never on a
temporary one Prefect starts by itself (that it leaves no process behind when stopped or
killed is in tests/faults/test_stopping.py)."""

import pytest

from tests.support.processes import START_TIMEOUT, casework_process, demo_install, group_members
from tests.support.receivers import free_port


@pytest.fixture
def install(tmp_path) -> dict[str, str]:
    return demo_install(tmp_path)


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
