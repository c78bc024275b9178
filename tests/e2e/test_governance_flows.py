"""The governance flows under Prefect: the memorandum renewal, the monthly meeting and the
network reports each do their work once, however often they run, with dates for parameters."""

import asyncio
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowFilter, FlowFilterName
from sqlalchemy import func, select

from casework.governance.meetings.model import Meeting
from casework.governance.meetings.queries import get_meeting
from casework.governance.meetings.states import AgendaItemKind
from casework.governance.memoranda.commands.drafts import DRAFT_OPENED, answer_draft
from casework.governance.memoranda.model import Answer
from casework.governance.memoranda.queries import memorandum_valid_on
from casework.governance.reports.commands import PUBLISHED
from casework.governance.reports.model import NetworkReport, ReportRendition
from casework.languages import Language
from flows.memorandum_renewal import memorandum_renewal
from flows.monthly_meeting import monthly_meeting
from flows.network_report import network_report, previous_month
from service.app import create_app
from tests.e2e.test_escalation_schedule import wait_for
from tests.e2e.test_flows import count
from tests.support.flows import flows_using
from tests.support.governance import (
    CURRENT_VALID_UNTIL,
    NEXT_VALID_FROM,
    escalate_to_meeting,
    notices,
    on,
    representative,
)
from tests.support.network import demo
from tests.support.reports import busy_february

pytestmark = pytest.mark.usefixtures("prefect_harness")


async def _parameters(flow_name: str) -> list[dict]:
    async with get_client() as client:
        runs = await client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=[flow_name])), limit=50
        )
    return [r.parameters for r in runs]


def test_the_renewal_flow_drafts_then_publishes_once(uow, new_uow, clock):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    with flows_using(new_uow):
        first = asyncio.run(memorandum_renewal())
        assert asyncio.run(memorandum_renewal()) == {**first, "published": []}
        [draft_id] = first["drafts"]
        answer_draft(uow, actor=representative(uow, d.ngo), draft_id=draft_id, answer=Answer.SIGNED)
        on(clock, NEXT_VALID_FROM)
        published = asyncio.run(memorandum_renewal(day=NEXT_VALID_FROM.isoformat()))
        assert len(published["published"]) == 1
        assert asyncio.run(memorandum_renewal())["published"] == []
    assert len(notices(uow, DRAFT_OPENED)) == 23
    with uow:
        valid = memorandum_valid_on(uow.session, d.network, NEXT_VALID_FROM)
        assert [s.member_id for s in valid.signatures] == [d.ngo]
    for parameters in asyncio.run(_parameters("memorandum-renewal")):
        assert set(parameters) <= {"day"}


def test_the_meeting_flow_schedules_the_month_and_builds_its_agenda(uow, new_uow, clock):
    d = demo(uow)
    institution = escalate_to_meeting(uow, d)
    with flows_using(new_uow):
        first = asyncio.run(monthly_meeting())
        [meeting_id] = first["scheduled"]
        assert first["agendas"][str(meeting_id)]["escalations"] == 1
        again = asyncio.run(monthly_meeting())
        assert again["scheduled"] == [] and again["agendas"][str(meeting_id)]["escalations"] == 0
    [item] = get_meeting(uow, actor=representative(uow, d.ngo), meeting_id=meeting_id).agenda
    assert (item.kind, item.subject_member_id) == (AgendaItemKind.ESCALATIONS, institution)


@pytest.mark.slow
def test_the_report_flow_stores_three_languages_and_tells_every_member_once(uow, new_uow, clock):
    d = demo(uow)
    busy_february(uow, clock, d, hiv=3)
    on(clock, clock.now().date().replace(month=3, day=1))
    assert previous_month(clock.now().date()) == "2026-02"
    with flows_using(new_uow):
        first = asyncio.run(network_report())
        second = asyncio.run(network_report(period="2026-02"))
        # as an outbox row queued before periods asks for it
        assert asyncio.run(network_report(month="2026-02")) == {**first, "notices": 0}
    assert first["notices"] == 23 and second == {**first, "notices": 0}
    with uow:
        renditions = uow.session.scalars(select(ReportRendition)).all()
        assert sorted(r.language for r in renditions) == sorted(Language)
        assert all(r.pdf.startswith(b"%PDF") for r in renditions)
        tajik = next(r for r in renditions if r.language == "tg")
        assert "Ҳисоботи ҳармоҳаи шабака" in tajik.html and "Феврал 2026" in tajik.html
        assert uow.session.scalar(select(func.count(ReportRendition.id))) == 3
    assert notices(uow, PUBLISHED)[d.ngo] == "supervisor"
    for parameters in asyncio.run(_parameters("network-report")):
        assert set(parameters) <= {"period", "month"}


@pytest.mark.slow
def test_on_the_first_of_april_the_flow_reports_march_and_the_first_quarter_once(
    uow, new_uow, clock
):
    d = demo(uow)
    busy_february(uow, clock, d, hiv=3)
    on(clock, clock.now().date().replace(month=4, day=1))
    with flows_using(new_uow):
        first = asyncio.run(network_report())
        second = asyncio.run(network_report())
    assert first["notices"] == 2 * 23 and second == {**first, "notices": 0}
    with uow:
        stored = dict(
            uow.session.execute(select(NetworkReport.period, NetworkReport.figures)).tuples().all()
        )
        assert sorted(stored) == ["2026-03", "2026-Q1"]
        quarter = stored["2026-Q1"]
        assert quarter["period_kind"] == "quarter" and quarter["as_of"] == "2026-03-31"
        assert [p["period"] for p in quarter["trend"]] == ["2026-01", "2026-02", "2026-03"]
        assert quarter["headline"]["issued"] != "0"  # February's referrals count in it
        assert uow.session.scalar(select(func.count(ReportRendition.id))) == 6
        tajik = uow.session.scalars(
            select(ReportRendition.html)
            .join(NetworkReport)
            .where(NetworkReport.period == "2026-Q1", ReportRendition.language == "tg")
        ).one()
        assert "Ҳисоботи семоҳаи шабака" in tajik


@pytest.mark.slow
def test_the_app_runs_the_governance_flows_on_its_own_timer(uow, new_uow, clock, settings):
    embedded = settings.model_copy(
        update={
            "dispatcher_enabled": True,
            "dispatcher_poll_seconds": 0.1,
            "sweep_interval_minutes": 0,
            "governance_interval_minutes": 60,
        }
    )
    meetings_before = len(asyncio.run(_parameters("monthly-meeting")))
    with TestClient(create_app(embedded, uow_factory=new_uow)):
        # At start: this month's meeting is scheduled and last month's report is out.
        wait_for(lambda: count(uow, NetworkReport) == 1 and count(uow, Meeting) == 1)
        clock.advance(timedelta(minutes=30))
        time.sleep(0.5)
        assert len(asyncio.run(_parameters("monthly-meeting"))) == meetings_before + 1
    with uow:
        assert uow.session.scalar(select(NetworkReport.period)) == "2026-02"
