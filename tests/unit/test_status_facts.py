"""What each referral status means is one table: every status has every fact, and the facts
agree with the state machine and with every reader of them."""

from dataclasses import MISSING, fields
from datetime import UTC, datetime, timedelta

import pytest

from casework.escalation.model import OVERDUE_REASON, Escalation, overdue_reason
from casework.governance.reports.figures import ESCALATION_REASONS, OUTCOMES
from casework.referrals.model import Referral
from casework.referrals.queries.dashboard import OPEN_COLUMNS
from casework.referrals.states import (
    OPEN_STATUSES,
    REFERRAL_MACHINE,
    STATUS_FACTS,
    Deadline,
    ReferralStatus,
    ReportOutcome,
    StatusFacts,
    Verdict,
)

R = ReferralStatus
# FHIR R4 Task.status (http://hl7.org/fhir/R4/valueset-task-status.html).
FHIR_TASK_CODES = {
    "draft", "requested", "received", "accepted", "rejected", "ready", "cancelled",
    "in-progress", "on-hold", "failed", "completed", "entered-in-error",
}  # fmt: skip
# What a form check may say because of a status; the others come from the signature and dates.
STATUS_VERDICTS = {
    Verdict.CANCELLED,
    Verdict.USED,
    Verdict.REJECTED,
    Verdict.ON_HOLD,
    Verdict.CLOSED,
}


def test_every_status_has_every_fact():
    assert set(STATUS_FACTS) == set(R)
    assert all(f.default is MISSING and f.default_factory is MISSING for f in fields(StatusFacts))
    assert all(isinstance(facts, StatusFacts) for facts in STATUS_FACTS.values())
    assert all(status.facts is STATUS_FACTS[status] for status in R)


@pytest.mark.parametrize("status", list(R))
def test_a_status_is_open_exactly_when_the_machine_lets_it_move(status):
    assert status.facts.open is not REFERRAL_MACHINE.is_terminal(status)
    assert (status in OPEN_STATUSES) is status.facts.open


@pytest.mark.parametrize("status", list(R))
def test_a_deadline_runs_only_where_a_legal_move_meets_it(status):
    meets = {Deadline.ACCEPT: R.ACCEPTED, Deadline.COMPLETE: R.COMPLETED}
    running = status.facts.running_deadline
    if running is not None:
        assert status.facts.open
        assert REFERRAL_MACHINE.can(status, meets[running])


@pytest.mark.parametrize(
    ("reason", "statuses"),
    [("accept_overdue", {R.REQUESTED}), ("complete_overdue", {R.ACCEPTED, R.IN_PROGRESS})],
)
def test_an_escalation_step_applies_while_the_deadline_it_was_taken_for_runs(reason, statuses):
    assert {s for s in R if Escalation(reason=reason).still_applies(s)} == statuses
    assert {s for s in R if overdue_reason(s) == reason} == statuses
    assert (
        ESCALATION_REASONS
        == list(OVERDUE_REASON.values())
        == ["accept_overdue", "complete_overdue"]
    )


PATHS = {  # a legal way from draft to each status
    R.DRAFT: [],
    R.REQUESTED: [R.REQUESTED],
    R.ACCEPTED: [R.REQUESTED, R.ACCEPTED],
    R.IN_PROGRESS: [R.REQUESTED, R.ACCEPTED, R.IN_PROGRESS],
    R.ON_HOLD: [R.REQUESTED, R.ACCEPTED, R.ON_HOLD],
    R.COMPLETED: [R.REQUESTED, R.ACCEPTED, R.COMPLETED],
    R.REJECTED: [R.REQUESTED, R.REJECTED],
    R.CANCELLED: [R.CANCELLED],
    R.FAILED: [R.REQUESTED, R.FAILED],
}


@pytest.mark.parametrize("status", list(R))
def test_a_referral_waits_on_the_deadline_its_status_runs(status):
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    due = {Deadline.ACCEPT: now + timedelta(days=1), Deadline.COMPLETE: now + timedelta(days=5)}
    referral = Referral(
        status=R.DRAFT, accept_due_at=due[Deadline.ACCEPT], complete_due_at=due[Deadline.COMPLETE]
    )
    for step in PATHS[status]:
        referral.move_to(step, now=now)
    running = status.facts.running_deadline
    assert referral.status is status
    assert referral.current_due_at == (None if running is None else due[running])


@pytest.mark.parametrize("status", list(R))
def test_a_closed_referral_has_an_outcome_column_and_a_form_that_is_no_longer_usable(status):
    if status.facts.open:
        assert status.facts.report_outcome is None
    else:
        assert status.facts.report_outcome.value in OUTCOMES
        assert status.facts.form_verdict in STATUS_VERDICTS


def test_every_outcome_column_and_every_status_verdict_belongs_to_a_status():
    assert {s.facts.report_outcome for s in R} - {None} == set(ReportOutcome)
    assert OUTCOMES == ["delivered", "declined", "lapsed", "cancelled"]
    assert {s.facts.form_verdict for s in R} - {None} == STATUS_VERDICTS
    assert R.ON_HOLD.facts.form_verdict is Verdict.ON_HOLD


def test_labels_and_fhir_codes_name_each_status_once():
    labels = [s.facts.label for s in R]
    codes = [s.facts.fhir_code for s in R]
    assert all(labels) and len(set(labels)) == len(R)
    assert set(codes) <= FHIR_TASK_CODES and len(set(codes)) == len(R)
    assert all(s.facts.fhir_code == s.value for s in R)  # docs/design.md: export is a mapping


def test_the_dashboard_shows_every_open_status_that_reached_an_institution():
    statuses = [column.status for column in OPEN_COLUMNS if not column.overdue]
    assert statuses == [R.REQUESTED, R.ACCEPTED, R.IN_PROGRESS, R.ON_HOLD]
    overdue = [column.status for column in OPEN_COLUMNS if column.overdue]
    assert overdue == [s for s in statuses if s.facts.running_deadline]
