"""The case and referral state machines, exactly as docs/design.md draws them."""

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from casework.cases.states import CASE_MACHINE, CaseStatus
from casework.errors import IllegalTransition
from casework.referrals.model import Referral
from casework.referrals.states import OPEN_STATUSES, REFERRAL_MACHINE, ReferralStatus

R = ReferralStatus
C = CaseStatus

LEGAL_REFERRAL_MOVES = {
    (R.DRAFT, R.REQUESTED), (R.DRAFT, R.CANCELLED),
    (R.REQUESTED, R.ACCEPTED), (R.REQUESTED, R.REJECTED), (R.REQUESTED, R.CANCELLED),
    (R.REQUESTED, R.FAILED), (R.REQUESTED, R.ON_HOLD),
    (R.ACCEPTED, R.IN_PROGRESS), (R.ACCEPTED, R.COMPLETED), (R.ACCEPTED, R.CANCELLED),
    (R.ACCEPTED, R.FAILED), (R.ACCEPTED, R.ON_HOLD),
    (R.IN_PROGRESS, R.COMPLETED), (R.IN_PROGRESS, R.CANCELLED), (R.IN_PROGRESS, R.FAILED),
    (R.IN_PROGRESS, R.ON_HOLD),
    (R.ON_HOLD, R.REQUESTED), (R.ON_HOLD, R.ACCEPTED), (R.ON_HOLD, R.IN_PROGRESS),
    (R.ON_HOLD, R.CANCELLED), (R.ON_HOLD, R.FAILED),
}  # fmt: skip

LEGAL_CASE_MOVES = {
    (C.OPEN, C.ACTIVE), (C.OPEN, C.CLOSED_UNRESOLVED), (C.OPEN, C.WITHDRAWN),
    (C.ACTIVE, C.RESOLVED), (C.ACTIVE, C.CLOSED_UNRESOLVED), (C.ACTIVE, C.WITHDRAWN),
}  # fmt: skip


def test_referral_statuses_are_the_fhir_task_codes():
    assert {s.value for s in R} == {
        "draft", "requested", "accepted", "in-progress", "completed",
        "rejected", "cancelled", "failed", "on-hold",
    }  # fmt: skip


@pytest.mark.parametrize(("current", "target"), list(product(R, R)))
def test_every_referral_move_is_legal_exactly_when_the_design_says(current, target):
    if (current, target) in LEGAL_REFERRAL_MOVES:
        REFERRAL_MACHINE.check(current, target)
    else:
        with pytest.raises(IllegalTransition):
            REFERRAL_MACHINE.check(current, target)


@pytest.mark.parametrize(("current", "target"), list(product(C, C)))
def test_every_case_move_is_legal_exactly_when_the_design_says(current, target):
    assert CASE_MACHINE.can(current, target) is ((current, target) in LEGAL_CASE_MOVES)


def test_terminal_statuses_are_the_closed_ones():
    assert set(R) - OPEN_STATUSES == {R.COMPLETED, R.REJECTED, R.CANCELLED, R.FAILED}
    assert {s for s in C if CASE_MACHINE.is_terminal(s)} == {
        C.RESOLVED, C.CLOSED_UNRESOLVED, C.WITHDRAWN,
    }  # fmt: skip


def test_an_illegal_move_says_what_and_where():
    with pytest.raises(IllegalTransition) as caught:
        REFERRAL_MACHINE.check(R.COMPLETED, R.ACCEPTED)
    assert caught.value.message == "a referral cannot go from 'completed' to 'accepted'"


class ReferralMoves(RuleBasedStateMachine):
    """A referral asked to move to any status, at any time: each move happens exactly when the
    design allows it (from on hold, only back to where it was, or out to cancelled or failed),
    a refused one changes nothing, and time on hold is added to both deadlines."""

    def __init__(self):
        super().__init__()
        self.now = datetime(2026, 3, 2, 9, tzinfo=UTC)
        self.due = {
            "accept": self.now + timedelta(days=2),
            "complete": self.now + timedelta(days=10),
        }
        self.referral = Referral(
            status=R.DRAFT, accept_due_at=self.due["accept"], complete_due_at=self.due["complete"]
        )
        self.held = None  # (status before the hold, when) while on hold

    def state(self) -> tuple:
        r = self.referral
        return (
            r.status,
            r.status_before_hold,
            r.accept_due_at,
            r.complete_due_at,
            r.closed_at,
            r.updated_at,
        )

    @rule(wanted=st.sampled_from(list(R)), later=st.integers(0, 7 * 24 * 60))
    def ask(self, wanted, later):
        self.now += timedelta(minutes=later)
        current = self.referral.status
        legal = (current, wanted) in LEGAL_REFERRAL_MOVES
        if current is R.ON_HOLD:
            legal = legal and wanted in (self.held[0], R.CANCELLED, R.FAILED)
        if not legal:
            before = self.state()
            with pytest.raises(IllegalTransition):
                self.referral.move_to(wanted, now=self.now)
            assert self.state() == before
            return
        self.referral.move_to(wanted, now=self.now)
        if current is R.ON_HOLD:
            paused = self.now - self.held[1]
            self.due = {name: due + paused for name, due in self.due.items()}
        self.held = (current, self.now) if wanted is R.ON_HOLD else None
        assert self.referral.status is wanted
        assert self.referral.updated_at == self.now  # the Task feed's last change

    @invariant()
    def the_running_deadline_is_the_one_the_status_waits_on(self):
        r = self.referral
        assert (r.accept_due_at, r.complete_due_at) == (self.due["accept"], self.due["complete"])
        waits_on = {R.REQUESTED: "accept", R.ACCEPTED: "complete", R.IN_PROGRESS: "complete"}
        assert r.current_due_at == self.due.get(waits_on.get(r.status))
        assert (r.closed_at is not None) is REFERRAL_MACHINE.is_terminal(r.status)


test_a_referral_moves_exactly_as_the_design_allows = ReferralMoves.TestCase
