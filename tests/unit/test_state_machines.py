"""The case and referral state machines, exactly as docs/design.md draws them."""

from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.cases.states import CASE_MACHINE, CaseStatus
from casework.errors import IllegalTransition
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


@given(st.lists(st.sampled_from(list(R)), max_size=30))
def test_no_sequence_of_requests_leaves_the_machine_or_reopens_a_closed_referral(targets):
    status = R.DRAFT
    for target in targets:
        was_closed = REFERRAL_MACHINE.is_terminal(status)
        try:
            REFERRAL_MACHINE.check(status, target)
        except IllegalTransition:
            continue
        assert not was_closed
        status = target
    assert status in set(R)
