"""The governance commands of the operators' command line, on a fresh demo install."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from casework.bootstrap import unit_of_work
from casework.network.model import Network
from casework.settings import get_settings
from tests.e2e.test_cli import fresh_install, run  # noqa: F401 - fresh_install: a fixture
from tests.support.flows import flows_using

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture
def demo_install(request):
    request.getfixturevalue("fresh_install")
    # The network without its demo year: the operator's flows run on a quiet month.
    for command in (["keys", "init"], ["db", "upgrade"], ["demo", "seed", "--no-year"]):
        run(*command)
    # An app started by an earlier test leaves the flows pointed at its database; the
    # operator's commands use the configured one.
    with flows_using(unit_of_work):
        yield


@pytest.mark.slow
def test_an_operator_runs_each_governance_flow_once(demo_install, monkeypatch):
    assert "scheduled [1]" in run("governance", "meetings", "--day", "2026-03-02")
    assert "scheduled []" in run("governance", "meetings", "--day", "2026-03-03")
    assert "reports [1], members notified 23" in run("governance", "report", "--period", "2026-02")
    assert "members notified 0" in run("governance", "report", "--month", "2026-02")  # its old name
    assert "reports [2], members notified 23" in run("governance", "report", "--period", "2025-Q4")
    assert "--period" in run("governance", "report", "--period", "2026-Q9", exit_code=2)
    # Far enough ahead that the latest version the seed published lapses within 30 days; a
    # flow acts as of today at the latest, so the operator's clock is moved there first.
    assert "after today" in run("governance", "renew", "--day", "2100-01-01", exit_code=2)
    far_ahead = datetime(2100, 1, 1, 12, tzinfo=UTC) - datetime.now(UTC)
    monkeypatch.setenv("CASEWORK_CLOCK_OFFSET_SECONDS", str(far_ahead.total_seconds()))
    get_settings.cache_clear()
    assert "drafts [1]" in run("governance", "renew", "--day", "2100-01-01")


@pytest.mark.slow
def test_a_specimen_report_for_review(tmp_path):
    target = tmp_path / "specimen.pdf"
    assert "wrote" in run("governance", "specimen", "-o", str(target), "--lang", "en")
    assert target.read_bytes().startswith(b"%PDF")
    quarter = tmp_path / "q1-ru.pdf"
    assert "wrote" in run(
        "governance", "specimen", "--period", "2026-Q1", "--lang", "ru", "-o", str(quarter)
    )
    assert quarter.read_bytes().startswith(b"%PDF")
    assert "--period" in run("governance", "specimen", "--period", "Q1", "-o", "x.pdf", exit_code=2)


@pytest.mark.slow
def test_an_operator_sets_the_threshold_of_commitments_kept(demo_install):
    assert "commitment threshold 75%" in run(
        "governance", "commitment-threshold", "--percent", "75"
    )
    refused = run("governance", "commitment-threshold", "--percent", "0", exit_code=2)
    assert "--percent" in refused
    with (uow := unit_of_work()):
        [threshold] = uow.session.scalars(select(Network.commitment_threshold_percent)).all()
    assert threshold == 75
