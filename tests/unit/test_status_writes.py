"""Every status the engine writes goes through a transition table: needs, agenda items,
memorandum drafts, notification deliveries and match proposals refuse an illegal move as the
case and referral do (IllegalTransition, HTTP 409), and no code sets a status by hand."""

import ast
from datetime import UTC, datetime
from itertools import product
from pathlib import Path

import pytest

from casework.beneficiaries.model import MATCH_MACHINE, MatchDecision, MatchProposal
from casework.cases.model import Need
from casework.cases.states import NEED_MACHINE, NeedStatus
from casework.errors import IllegalTransition
from casework.governance.meetings.model import AgendaItem
from casework.governance.meetings.states import AGENDA_ITEM_MACHINE, AgendaItemStatus
from casework.governance.memoranda.model import DRAFT_MACHINE, DraftStatus, MemorandumDraft
from casework.notifications.model import DELIVERY_MACHINE, Delivery, DeliveryStatus

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
N, A, D, S, M = NeedStatus, AgendaItemStatus, DraftStatus, DeliveryStatus, MatchDecision

LEGAL = [
    (NEED_MACHINE, {(N.OPEN, N.MET), (N.OPEN, N.CLOSED), (N.OPEN, N.WITHDRAWN)}),
    (AGENDA_ITEM_MACHINE, {
        (A.PENDING, A.DISCUSSED), (A.PENDING, A.DEFERRED),
        (A.DISCUSSED, A.DISCUSSED), (A.DISCUSSED, A.DEFERRED), (A.DEFERRED, A.DEFERRED),
    }),
    (DRAFT_MACHINE, {(D.OPEN, D.PUBLISHED)}),
    (DELIVERY_MACHINE, {(S.PENDING, S.DELIVERED), (S.PENDING, S.FAILED), (S.PENDING, S.SKIPPED)}),
    (MATCH_MACHINE, {(M.PROPOSED, M.CONFIRMED), (M.PROPOSED, M.REJECTED)}),
]  # fmt: skip


@pytest.mark.parametrize(("machine", "legal"), LEGAL, ids=[m.kind for m, _ in LEGAL])
def test_every_move_is_legal_exactly_when_the_table_says(machine, legal):
    statuses = type(next(iter(legal))[0])
    assert set(machine.transitions) == set(statuses)
    for current, target in product(statuses, repeat=2):
        assert machine.can(current, target) is ((current, target) in legal), (current, target)
        if (current, target) not in legal:
            with pytest.raises(IllegalTransition):
                machine.check(current, target)


def test_a_need_met_or_closed_stays_so():
    need = Need(status=N.MET)
    with pytest.raises(IllegalTransition, match="a need cannot go from 'met' to 'closed'"):
        need.move_to(N.CLOSED)
    assert need.status is N.MET


def test_a_deferred_agenda_item_cannot_be_discussed():
    item = AgendaItem(status=A.DEFERRED)
    with pytest.raises(IllegalTransition):
        item.move_to(A.DISCUSSED)
    assert item.status is A.DEFERRED


def test_a_published_draft_cannot_be_published_again():
    draft = MemorandumDraft(status=D.OPEN)
    draft.move_to(D.PUBLISHED, now=NOW)
    assert draft.published_at == NOW
    with pytest.raises(IllegalTransition):
        draft.move_to(D.PUBLISHED, now=NOW)


def test_a_delivered_notice_cannot_fail_afterwards():
    delivery = Delivery(status=S.PENDING)
    delivery.move_to(S.DELIVERED, now=NOW)
    assert delivery.delivered_at == NOW
    with pytest.raises(IllegalTransition):
        delivery.move_to(S.FAILED, now=NOW)
    assert delivery.status is S.DELIVERED


def test_a_decided_match_cannot_be_decided_again():
    proposal = MatchProposal(decision=M.PROPOSED)
    proposal.move_to(M.REJECTED, now=NOW)
    with pytest.raises(IllegalTransition):
        proposal.move_to(M.CONFIRMED, now=NOW)
    assert (proposal.decision, proposal.decided_at) == (M.REJECTED, NOW)


def _hand_written_status_writes(path: Path) -> list[str]:
    """Assignments to `.status` or `.decision` outside a model's `move_to`."""
    found = []
    for function in ast.walk(ast.parse(path.read_text())):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if function.name == "move_to":
            continue
        for node in ast.walk(function):
            targets = node.targets if isinstance(node, ast.Assign) else []
            targets = [t for target in targets for t in getattr(target, "elts", [target])]
            found += [
                f"{path}:{node.lineno}"
                for t in targets
                if isinstance(t, ast.Attribute) and t.attr in {"status", "decision"}
            ]
    return found


def test_no_command_sets_a_status_without_its_state_machine():
    casework = Path(__file__).parents[2] / "casework"
    writes = [
        w for path in sorted(casework.rglob("*.py")) for w in _hand_written_status_writes(path)
    ]
    assert writes == []
