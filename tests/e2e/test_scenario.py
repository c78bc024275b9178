"""38 beneficiaries, the number the real network reported in its first years, from intake
through referrals for medical care, housing, employment, documents and legal aid to
resolution, through the Prefect flows.

It runs on PostgreSQL, the production database: some 250 flow runs take minutes, and the
same flows on SQLite are exercised by test_flows, test_crash_recovery and the canary run
(the first eight scenario cases, tests/e2e/test_no_leaks.py)."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from casework.audit import AuditEntry
from casework.beneficiaries.model import MatchProposal
from casework.cases.model import Case
from casework.demo.scenario import run_scenario
from casework.governance.breaches.model import MemorandumBreach
from casework.network.services import ServiceCode
from casework.outbox import OutboxMessage
from casework.referrals.model import Referral
from casework.referrals.states import ReferralStatus
from flows.dispatch import Dispatcher
from tests.support.flows import flows_using

pytestmark = [
    pytest.mark.usefixtures("prefect_harness"),
    pytest.mark.slow,
    pytest.mark.timeout(900),
]

BENEFICIARIES = 38
EXPECTED_AUDIT_TRAIL = {
    ReferralStatus.COMPLETED: ("referral.requested", "referral.accepted", "referral.completed"),
    ReferralStatus.REJECTED: ("referral.requested", "referral.rejected"),
    ReferralStatus.CANCELLED: ("referral.requested", "referral.cancelled"),
}


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_38_beneficiaries_reach_resolution_through_the_flows(uow, new_uow, settings, clock):
    with flows_using(new_uow):
        dispatcher = Dispatcher(settings)
        dispatcher.start()
        try:
            report = run_scenario(uow, count=BENEFICIARIES, after_case=dispatcher.drain)
            dispatcher.drain()
        finally:
            dispatcher.stop()

    with uow:
        session = uow.session
        cases = {c.id: c for c in session.scalars(select(Case))}
        referrals = {r.id: r for r in session.scalars(select(Referral))}
        trails: dict[str, list[str]] = {}
        for object_id, action in session.execute(
            select(AuditEntry.object_id, AuditEntry.action).order_by(AuditEntry.id)
        ):
            trails.setdefault(object_id, []).append(action)
        breaches = session.scalar(select(func.count()).select_from(MemorandumBreach))
        proposals = session.scalar(select(func.count()).select_from(MatchProposal))
        # Only retries of e-mail deliveries may wait (no SMTP server here), and not yet due.
        waiting = session.execute(
            select(
                OutboxMessage.flow,
                OutboxMessage.available_at,
                OutboxMessage.claimed_until,
                OutboxMessage.last_error,
            ).where(OutboxMessage.dispatched_at.is_(None))
        ).all()

    assert len(report.cases) == len(cases) == BENEFICIARIES
    assert {r.service.category.value for r in referrals.values()} >= {
        "medical", "housing", "employment", "documents", "legal_aid",
    }  # fmt: skip
    for scripted in report.cases:
        case = cases[scripted.case_id]
        assert case.status is scripted.expected_status
        case_trail = trails[str(case.id)]
        assert case_trail[0] == "case.opened" and "case.outcome_recorded" in case_trail
        assert "case.providers_proposed" in case_trail  # the intake flow ran
        for referral_id, expected in scripted.expected_referrals.items():
            referral = referrals[referral_id]
            assert referral.status is expected
            steps = [a for a in trails[str(referral_id)] if a != "referral.in-progress"]
            assert tuple(steps) == EXPECTED_AUDIT_TRAIL[expected]
    assert len(referrals) == sum(len(s.expected_referrals) for s in report.cases)
    expected_statuses = Counter(s.expected_status.value for s in report.cases)
    assert expected_statuses == {"resolved": 37, "closed-unresolved": 1}
    assert Counter(c.status.value for c in cases.values()) == expected_statuses
    assert breaches == report.expected_breaches == 1
    assert proposals == report.expected_match_proposals == 2
    assert {row.flow for row in waiting} <= {"deliver-notifications"}, waiting
    assert all(row.available_at > clock.now() for row in waiting), (clock.now(), waiting)
    assert ServiceCode.LEGAL_AID_DETENTION in {r.service for r in referrals.values()}
