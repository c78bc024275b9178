"""Server mode, really run: the API hands work to Prefect with run_deployment, a process
worker runs the flows, the sweep is scheduled on the server, an overdue referral is
escalated on the worker, whose clock the test has moved on, and a run the server's scheduler
created fires at its time and completes on the worker. Prefect's API refuses a caller
without its login; a supervisor sees their NGO's runs on the engine's page; and no canary
typed into the API reaches Prefect's database."""

import asyncio
import time
from datetime import timedelta

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.client.schemas.schedules import IntervalSchedule
from prefect.deployments import run_deployment
from prefect.settings import temporary_settings
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import ProgrammingError

from casework.clock import SystemClock
from casework.db import create_db_engine
from casework.escalation.model import Escalation
from casework.network.services import ServiceCode
from casework.notifications.model import Notification
from casework.referrals import commands as referrals
from tests.support import canaries
from tests.support.api import issue_bearer
from tests.support.databases import make_uow, settings_for
from tests.support.flows import flow_runs_named
from tests.support.network import demo
from tests.support.pages import sign_in
from tests.support.server_stack import ServerStack, server_stack

pytestmark = [pytest.mark.server_mode, pytest.mark.slow, pytest.mark.postgres]
# Far enough for a routine referral to be past its accept deadline (2 working days, at most
# a week with the region's longest holidays) but not past its validity (10 working days).
WORKER_CLOCK_OFFSET = timedelta(days=9)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("server-mode")
    with server_stack(workdir, worker_clock_offset=WORKER_CLOCK_OFFSET.total_seconds()) as running:
        yield running


def wait_for(condition, timeout: float, what: str, stack: ServerStack):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen; worker log:\n{stack.log('worker')}")
        time.sleep(0.5)
    return result


def request_referral(stack: ServerStack, uow) -> str:
    """The caseworker requests a referral; the API process's dispatcher hands the referral
    flow to the worker with run_deployment. Once the cases API is on main this step becomes
    POST /api/v1/cases and POST /api/v1/cases/{id}/referrals with the demo caseworker's
    token (httpx against stack.app_url), which wakes the same dispatcher."""
    d = demo(uow)
    opened = d.open_case(uow)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    return str(issued.referral_id)


async def auto_scheduled_runs(deployment: str, state: StateType) -> list[FlowRun]:
    """The runs of `deployment` in `state` that the server's scheduler created."""
    async with get_client() as client:
        found = await client.read_deployment_by_name(deployment)
        runs = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[found.id])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[state]))
            ),
        )
    return [run for run in runs if run.auto_scheduled]


def scheduled_sweeps() -> list[FlowRun]:
    return asyncio.run(auto_scheduled_runs("escalation-sweep/server", StateType.SCHEDULED))


def test_an_overdue_referral_is_escalated_on_the_worker(stack):
    assert httpx.get(f"{stack.app_url}/healthz").json()["status"] == "ok"
    engine = create_db_engine(stack.casework_url)
    uow = make_uow(engine, SystemClock(), settings_for(stack.casework_url, stack.workdir))
    referral_id = request_referral(stack, uow)

    def notified():  # the referral flow ran on the worker
        with uow:
            return uow.session.scalar(
                select(Notification.id).where(Notification.referral_id == referral_id)
            )

    wait_for(notified, 90, "the referral flow on the worker", stack)

    with temporary_settings(updates=stack.prefect_settings()):
        # The server itself schedules the sweep (every 15 minutes) from the deployment.
        assert wait_for(scheduled_sweeps, 30, "a scheduled sweep", stack)
        # Run the sweep now rather than at the quarter hour; the worker's clock is
        # WORKER_CLOCK_OFFSET ahead, so the referral is overdue there.
        run = run_deployment("escalation-sweep/server", timeout=120)
    assert run.state is not None and run.state.is_completed(), stack.log("worker")

    with uow:
        steps = uow.session.execute(
            select(Escalation.level, Escalation.reason).where(Escalation.referral_id == referral_id)
        ).all()
    assert steps == [(1, "accept_overdue")]
    # The API and the worker did all this as a role that may append to the audit trail only.
    with pytest.raises(ProgrammingError, match="permission denied"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET action = 'nothing.happened'"))
    engine.dispose()


async def add_interval_schedule(deployment: str, interval: timedelta) -> None:
    async with get_client() as client:
        found = await client.read_deployment_by_name(deployment)
        await client.create_deployment_schedules(
            found.id, [(IntervalSchedule(interval=interval), True)]
        )


def test_a_run_the_scheduler_created_fires_and_completes_on_the_worker(stack):
    """The guard that a Prefect or SQLAlchemy upgrade needs: a broken scheduler creates no
    run and says nothing, while runs started by hand still complete (docs/operations.md).
    The delivery flow is given the short schedule because running it again and again
    changes nothing here; the sweep's own schedule is the quarter hour, too long to wait."""
    deployment = "deliver-notifications/server"
    with temporary_settings(updates=stack.prefect_settings()):
        asyncio.run(add_interval_schedule(deployment, timedelta(seconds=5)))
        stack.mark(f"{deployment}: scheduled every 5 s")

        def completed() -> list[FlowRun]:
            return asyncio.run(auto_scheduled_runs(deployment, StateType.COMPLETED))

        runs = wait_for(completed, 90, "a scheduled run of the delivery flow", stack)
        scheduled = asyncio.run(auto_scheduled_runs(deployment, StateType.SCHEDULED))
    fired = runs[0]
    assert fired.expected_start_time is not None and fired.start_time is not None
    late = fired.start_time - fired.expected_start_time
    stack.mark(
        f"{deployment}: {len(runs)} completed, {len(scheduled)} more scheduled; "
        f"the first started {late.total_seconds():.1f} s after its time"
    )
    # It started at its time (the worker polls every second, a flow process takes seconds).
    assert late < timedelta(seconds=60)


def test_the_prefect_api_refuses_a_caller_without_its_login(stack):
    """Anyone who reaches the API could otherwise start any flow on any case; its health
    check stays open (for probes), and its UI is served to operators, who log in there."""
    runs = f"{stack.prefect_api}/flow_runs/filter"
    user, password = stack.prefect_auth.split(":", 1)
    assert httpx.post(runs, json={}).status_code == 401
    assert httpx.post(runs, json={}, auth=(user, "guessed")).status_code == 401
    assert httpx.post(runs, json={}, auth=(user, password)).status_code == 200
    assert httpx.get(f"{stack.prefect_api}/health").status_code == 200
    assert httpx.get(stack.prefect_api.removesuffix("/api")).status_code == 200


def prefect_database_text(url: str) -> str:
    """Every row of every table of Prefect's database, as JSON text: flow run parameters,
    names and tags, states and their messages, task runs, logs, events."""
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = connection.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).all()
        rows = [
            f"{table}: {row}"
            for table in tables
            for row in connection.scalars(text(f'SELECT row_to_json(t)::text FROM "{table}" t'))
        ]
    engine.dispose()
    return "\n".join(rows)


def test_canaries_typed_into_the_api_reach_no_prefect_table_and_the_page_shows_the_runs(stack):
    engine = create_db_engine(stack.casework_url)
    uow = make_uow(engine, SystemClock(), settings_for(stack.casework_url, stack.workdir))
    uic = {"sex": "F", "birth_year": 1977, "mother_letters": "Зу", "father_letters": "Ка"}
    identity = {"name": canaries.NAME, "phone": canaries.PHONE, "notes": canaries.NOTE}
    new_case = {"uic": uic, "needs": ["hiv_testing"], "consent": {"referral": True}}
    headers = issue_bearer(uow, "demo-caseworker")
    engine.dispose()
    with httpx.Client(base_url=stack.app_url, headers=headers, timeout=30) as api:
        opened = api.post("/api/v1/cases", json=new_case | {"identity": identity})
        assert opened.status_code == 201, opened.text
        case_id = opened.json()["id"]
        issued = api.post(f"/api/v1/cases/{case_id}/referrals", json={"service": "hiv_testing"})
        assert issued.status_code == 201, issued.text
        refused = api.post("/api/v1/cases", json=new_case | {"identity": {"phone": canaries.NAME}})
        assert refused.status_code == 422
    names = [f"intake-{case_id}", f"referral-{issued.json()['id']}"]

    def completed() -> bool:
        runs = flow_runs_named(*names)
        return len(runs) == 2 and all(r.state and r.state.is_completed() for r in runs)

    with temporary_settings(updates=stack.prefect_settings()):
        wait_for(completed, 90, "the intake and referral flows on the worker", stack)

    with httpx.Client(base_url=stack.app_url, timeout=30, follow_redirects=True) as browser:
        sign_in(browser, "demo-supervisor")
        page = browser.get("/dashboard/flow-runs", params={"lang": "en"}).text
    assert f'href="/cases/{case_id}"' in page and ">referral notice<" in page, page[-2000:]

    dump = prefect_database_text(stack.prefect_database_url)
    assert all(name in dump for name in names)  # the search sees the runs it looks into
    found = canaries.find(dump)
    assert found == [], found[:3]
