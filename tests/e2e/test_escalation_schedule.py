"""Embedded mode: the app's own process sweeps (and keeps house) on schedule, as Prefect flow
runs, and the escalation's e-mails go out through the delivery flow, with nobody watching."""

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowFilter, FlowFilterName
from sqlalchemy import select

from casework.escalation.model import Escalation
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from service.app import create_app
from tests.support.network import demo
from tests.support.receivers import smtp_server

pytestmark = pytest.mark.slow


def wait_for(condition, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
    return result


async def _runs(flow_name: str) -> list[str]:
    async with get_client() as client:
        runs = await client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=[flow_name]))
        )
    return [run.state.type.value for run in runs if run.state is not None]


def runs_of(flow_name: str) -> list[str]:
    return asyncio.run(_runs(flow_name))


def test_the_app_sweeps_on_schedule_and_emails_go_out(
    prefect_harness, settings, new_uow, uow, clock
):
    with smtp_server() as mailbox:
        embedded = settings.model_copy(
            update={
                "dispatcher_enabled": True,
                "dispatcher_poll_seconds": 0.1,
                "sweep_interval_minutes": 15,
                "smtp_host": "127.0.0.1",
                "smtp_port": mailbox.port,
            }
        )
        sweeps_before = len(runs_of("escalation-sweep"))
        with TestClient(create_app(embedded, uow_factory=new_uow)):
            # The first sweep runs at start; nothing is overdue yet.
            wait_for(lambda: len(runs_of("escalation-sweep")) == sweeps_before + 1)
            d = demo(uow)
            opened = d.open_case(uow)
            issued = referrals.request_referral(
                uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
            )
            # Ten minutes on, the next sweep is not due yet.
            clock.advance(timedelta(minutes=10))
            time.sleep(1)
            assert len(runs_of("escalation-sweep")) == sweeps_before + 1
            # Past the accept deadline and the next slot: the schedule fires by itself.
            clock.current = datetime(2026, 3, 4, 9, 15, tzinfo=UTC)

            def escalated():
                with uow:
                    return uow.session.scalar(
                        select(Escalation.level).where(Escalation.referral_id == issued.referral_id)
                    )

            assert wait_for(escalated) == 1
            # The new referral's notice to the focal point, then the level-1 reminders.
            wait_for(lambda: len(mailbox.messages) == 3)
        sweeps = runs_of("escalation-sweep")
    assert len(sweeps) == sweeps_before + 2 and set(sweeps) == {"COMPLETED"}
    assert "COMPLETED" in runs_of("deliver-notifications")
    assert "COMPLETED" in runs_of("housekeeping")  # expired Idempotency-Keys go by the clock too
    # A member's registered address reads Tajik, the network's default language.
    assert sorted((m["X-Envelope-To"], m["Subject"]) for m in mailbox.messages) == [
        ("casework.07@demo.invalid", f"Роҳхати {issued.serial} (сатҳи эскалатсия 1)"),
        ("focal.01@demo.invalid", f"Роҳхати {issued.serial}"),
        ("focal.01@demo.invalid", f"Роҳхати {issued.serial} (сатҳи эскалатсия 1)"),
    ]
