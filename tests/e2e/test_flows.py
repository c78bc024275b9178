"""The flows, started by the dispatcher from outbox rows, do their work exactly once; started
by hand where their preconditions fail, they are refused and change nothing."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from casework.audit import AuditEntry
from casework.beneficiaries.model import MatchProposal
from casework.cases import commands as cases
from casework.cases.queries import get_case
from casework.governance.breaches.model import MemorandumBreach
from casework.governance.reports.model import NetworkReport
from casework.network.services import ServiceCode
from casework.notifications.model import Notification
from casework.outbox import OutboxMessage
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.referrals.queries.referrals import get_referral
from flows.network_report import network_report
from flows.resolution import resolution_flow
from tests.support.flows import dispatch, flow_runs_named, flows_using
from tests.support.network import demo

pytestmark = pytest.mark.usefixtures("prefect_harness")


def count(uow, model, *where) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(model).where(*where))


def test_each_flow_does_its_part_once_and_prefect_sees_only_ids(uow, new_uow, settings):
    d = demo(uow)
    earlier = d.open_case(uow)  # same UIC at the same NGO: intake proposes a match
    opened = d.open_case(uow, (ServiceCode.HIV_TESTING, ServiceCode.HOUSING))
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
    referrals.complete_referral(
        uow, actor=d.focal(), referral_id=issued.referral_id,
        attestations=Attestations(anonymous=True, free=False, voluntary=True),
    )  # fmt: skip
    cases.record_outcome(uow, actor=d.caseworker(), case_id=opened.case_id, resolved=True)

    with flows_using(new_uow):
        # 2 intakes, referral (whose notice queues a delivery run), confirmation, resolution
        assert dispatch(settings) == 6
        assert dispatch(settings) == 0  # nothing is started twice

    assert count(uow, MatchProposal) == 1
    assert count(uow, Notification, Notification.referral_id == issued.referral_id) == 1
    with uow:
        breach = uow.session.scalar(select(MemorandumBreach))
    assert (breach.member_id, breach.guarantees_failed) == (d.aids_centre, "free")
    housing = {
        n.service: n for n in get_case(uow, actor=d.caseworker(), case_id=opened.case_id).needs
    }
    assert housing[ServiceCode.HOUSING].proposed_institution_id is None  # closed before intake ran
    assert count(uow, OutboxMessage, OutboxMessage.dispatched_at.is_(None)) == 0

    runs = flow_runs_named(
        f"intake-{earlier.case_id}", f"intake-{opened.case_id}", f"referral-{issued.referral_id}",
        f"confirmation-{issued.referral_id}", f"resolution-{opened.case_id}",
    )  # fmt: skip
    assert sorted(r.state.type.value for r in runs) == ["COMPLETED"] * 5
    allowed = {str(opened.case_id), str(earlier.case_id), str(issued.referral_id)}
    for run in runs:
        assert set(run.parameters.values()) <= allowed


def test_the_resolution_flow_cancels_what_a_closed_case_left_open(uow, new_uow, settings):
    d = demo(uow)
    opened = d.open_case(uow, (ServiceCode.HIV_TESTING,))
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    cases.record_outcome(uow, actor=d.caseworker(), case_id=opened.case_id, resolved=True)
    with flows_using(new_uow):
        dispatch(settings)
    referral = get_referral(uow, actor=d.caseworker(), referral_id=issued.referral_id)
    assert (referral.status, referral.status_reason) == ("cancelled", "case_closed")


def test_a_failing_flow_is_retried_later_and_nothing_is_lost(uow, new_uow, settings, clock):
    d = demo(uow)
    opened = d.open_case(uow)
    with uow:  # an outbox row whose flow cannot succeed: its case does not exist
        uow.enqueue("intake", case_id="00000000-0000-4000-8000-000000000000")
        uow.commit()
    with flows_using(new_uow):
        assert dispatch(settings) == 2
        with uow:
            failed = uow.session.scalar(
                select(OutboxMessage).where(OutboxMessage.dispatched_at.is_(None))
            )
        assert failed.attempts == 1
        assert "intake flow run ended FAILED" in failed.last_error
        assert failed.available_at > clock.now()  # backed off, not spinning
        assert dispatch(settings) == 0
        clock.advance(timedelta(minutes=1))
        assert dispatch(settings) == 1  # retried
    with uow:
        assert uow.session.get(OutboxMessage, failed.id).attempts == 2
    assert count(uow, AuditEntry, AuditEntry.action == "case.providers_proposed") == 1
    assert opened.case_id


def test_a_resolution_started_by_hand_on_an_open_case_is_refused_and_changes_nothing(uow, new_uow):
    d = demo(uow)
    opened = d.open_case(uow, (ServiceCode.HIV_TESTING,))
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    audit_rows = count(uow, AuditEntry)
    with flows_using(new_uow):
        state = asyncio.run(resolution_flow(str(opened.case_id), return_state=True))
    assert state.is_failed()
    assert "its referrals are wound down only once it is closed" in state.message
    assert count(uow, AuditEntry) == audit_rows
    referral = get_referral(uow, actor=d.caseworker(), referral_id=issued.referral_id)
    assert referral.status == "requested"


@pytest.mark.parametrize("period", ["2026-03", "2026-Q1", "2026"])
def test_a_report_of_the_period_so_far_started_by_hand_is_refused_and_stores_nothing(
    uow, new_uow, clock, period
):
    assert clock.now().strftime("%Y-%m") == "2026-03"  # March 2026, two days in
    audit_rows = count(uow, AuditEntry)
    with flows_using(new_uow):
        state = asyncio.run(network_report(period=period, return_state=True))
    assert state.is_failed()
    assert f"the period {period} is not over yet" in state.message
    assert count(uow, NetworkReport) == 0 and count(uow, Notification) == 0
    assert count(uow, AuditEntry) == audit_rows
