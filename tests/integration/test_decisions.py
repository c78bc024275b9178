"""Decisions followed through: each responsible member records how it institutionalised the
decision; decisions past their due date return to the next agenda by themselves."""

from datetime import date

import pytest

from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.governance.meetings.commands.agenda import add_agenda_item, build_agenda
from casework.governance.meetings.commands.decisions import (
    close_meeting,
    record_decision,
    record_institutionalisation,
)
from casework.governance.meetings.commands.meetings import open_meeting, schedule_meeting
from casework.governance.meetings.queries import get_decision, get_meeting, list_decisions
from casework.governance.meetings.states import AgendaItemKind, DecisionStatus, Instrument
from tests.support.governance import (
    COORDINATOR,
    attend,
    audit_actions,
    decided_meeting,
    in_session,
    on,
    representative,
)
from tests.support.network import demo

DUE = date(2026, 4, 10)


def decided(uow, clock, d, responsible) -> int:
    """A March meeting, closed on the 11th with one decision due on 10 April; now the 20th."""
    decision_id = decided_meeting(uow, clock, d, responsible, due_on=DUE)
    on(clock, date(2026, 3, 20))
    return decision_id


def test_a_decision_is_done_when_every_responsible_member_has_institutionalised_it(uow, clock):
    d = demo(uow)
    decision_id = decided(uow, clock, d, [d.aids_centre, d.tb_dispensary])
    assert (
        get_decision(uow, actor=COORDINATOR, decision_id=decision_id).status is DecisionStatus.OPEN
    )

    record_institutionalisation(
        uow,
        actor=representative(uow, d.aids_centre),
        decision_id=decision_id,
        instrument=Instrument.ORDER,
        number="14-p",
        issued_on=date(2026, 3, 12),
    )
    view = get_decision(uow, actor=COORDINATOR, decision_id=decision_id)
    assert view.status is DecisionStatus.OPEN
    done = {
        r.member_id: (r.instrument, r.instrument_number, r.instrument_date)
        for r in view.responsibilities
    }
    assert done[d.aids_centre] == (Instrument.ORDER, "14-p", date(2026, 3, 12))
    assert done[d.tb_dispensary] == (None, None, None)

    # The coordinator records for a member that sent its instruction on paper.
    record_institutionalisation(
        uow,
        actor=COORDINATOR,
        decision_id=decision_id,
        member_id=d.tb_dispensary,
        instrument=Instrument.INSTRUCTION,
        number="7",
        issued_on=date(2026, 3, 13),
    )
    assert (
        get_decision(uow, actor=COORDINATOR, decision_id=decision_id).status
        is DecisionStatus.INSTITUTIONALISED
    )
    on(clock, date(2026, 5, 1))  # a decision carried out is never overdue
    assert list_decisions(uow, actor=COORDINATOR, status=DecisionStatus.OVERDUE) == []
    [responsibility_audit] = {
        tuple(audit_actions(uow, "decision_responsibilities", r)) for r in (1, 2)
    }
    assert responsibility_audit == ("decision.institutionalised",)


def test_only_responsible_members_record_and_only_once(uow, clock):
    d = demo(uow)
    decision_id = decided(uow, clock, d, [d.aids_centre])
    record = dict(
        decision_id=decision_id,
        instrument=Instrument.ORDER,
        number="1",
        issued_on=date(2026, 3, 11),
    )
    with pytest.raises(NotFound):  # not responsible: not its to record
        record_institutionalisation(uow, actor=representative(uow, d.tb_dispensary), **record)
    with pytest.raises(PermissionDenied):  # an NGO caseworker does not speak for the NGO
        record_institutionalisation(uow, actor=d.caseworker(), **record)
    with pytest.raises(InvalidInput):
        record_institutionalisation(
            uow,
            actor=representative(uow, d.aids_centre),
            **{**record, "issued_on": date(2027, 1, 1)},
        )
    record_institutionalisation(uow, actor=representative(uow, d.aids_centre), **record)
    with pytest.raises(Conflict, match="already recorded"):
        record_institutionalisation(uow, actor=representative(uow, d.aids_centre), **record)


def test_an_overdue_decision_returns_to_the_next_agenda_by_itself(uow, clock):
    d = demo(uow)
    decision_id = decided(uow, clock, d, [d.aids_centre, d.tb_dispensary])
    record_institutionalisation(
        uow,
        actor=representative(uow, d.aids_centre),
        decision_id=decision_id,
        instrument=Instrument.ORDER,
        number="14-p",
        issued_on=date(2026, 3, 12),
    )
    april = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=date(2026, 4, 1))
    on(clock, DUE)
    assert (
        build_agenda(uow, actor=COORDINATOR, meeting_id=april).overdue_decisions == 0
    )  # due today
    on(clock, date(2026, 4, 11))
    assert (
        get_decision(uow, actor=COORDINATOR, decision_id=decision_id).status
        is DecisionStatus.OVERDUE
    )
    assert build_agenda(uow, actor=COORDINATOR, meeting_id=april).overdue_decisions == 1
    assert build_agenda(uow, actor=COORDINATOR, meeting_id=april).overdue_decisions == 0
    [item] = get_meeting(uow, actor=COORDINATOR, meeting_id=april).agenda
    assert (item.kind, item.decision_id) == (AgendaItemKind.OVERDUE_DECISION, decision_id)
    overdue = list_decisions(uow, actor=COORDINATOR, status=DecisionStatus.OVERDUE)
    assert [v.id for v in overdue] == [decision_id]
    # Each member sees what it still owes.
    mine = list_decisions(
        uow, actor=representative(uow, d.tb_dispensary), member_id=d.tb_dispensary
    )
    assert [v.id for v in mine] == [decision_id]


def test_a_later_meeting_may_replace_an_overdue_decision(uow, clock):
    d = demo(uow)
    decision_id = decided(uow, clock, d, [d.tb_dispensary])
    april = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=date(2026, 4, 1))
    on(clock, date(2026, 4, 11))
    build_agenda(uow, actor=COORDINATOR, meeting_id=april)
    open_meeting(uow, actor=COORDINATOR, meeting_id=april)
    [item] = get_meeting(uow, actor=COORDINATOR, meeting_id=april).agenda
    replacement = record_decision(
        uow,
        actor=COORDINATOR,
        agenda_item_id=item.id,
        text="The dispensary accepts within two working days; review in June.",
        due_on=date(2026, 6, 10),
        responsible_member_ids=[d.tb_dispensary],
        supersede=True,
    )
    assert (
        get_decision(uow, actor=COORDINATOR, decision_id=decision_id).status
        is DecisionStatus.SUPERSEDED
    )
    assert (
        get_decision(uow, actor=COORDINATOR, decision_id=replacement).supersedes_id == decision_id
    )
    with pytest.raises(Conflict, match="already replaced"):
        record_decision(
            uow,
            actor=COORDINATOR,
            agenda_item_id=item.id,
            text="Again.",
            due_on=date(2026, 6, 10),
            responsible_member_ids=[d.tb_dispensary],
            supersede=True,
        )
    attend(uow, d, april)
    close_meeting(uow, actor=COORDINATOR, meeting_id=april)
    may = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=date(2026, 5, 1))
    on(clock, date(2026, 5, 2))
    assert build_agenda(uow, actor=COORDINATOR, meeting_id=may).overdue_decisions == 0


def test_a_decision_names_current_members_and_a_date_to_come(uow, clock):
    d = demo(uow)
    meeting_id = in_session(uow, clock)
    item = add_agenda_item(uow, actor=COORDINATOR, meeting_id=meeting_id, title="Budget")
    base = dict(
        agenda_item_id=item,
        text="Adopted.",
        due_on=date(2026, 4, 1),
        responsible_member_ids=[d.ngo],
    )
    with pytest.raises(InvalidInput):
        record_decision(uow, actor=COORDINATOR, **{**base, "responsible_member_ids": []})
    with pytest.raises(InvalidInput):
        record_decision(uow, actor=COORDINATOR, **{**base, "responsible_member_ids": [99_999]})
    with pytest.raises(InvalidInput):
        record_decision(uow, actor=COORDINATOR, **{**base, "due_on": date(2026, 1, 1)})
    with pytest.raises(InvalidInput):
        record_decision(uow, actor=COORDINATOR, **{**base, "text": "  "})
    with pytest.raises(PermissionDenied):
        record_decision(uow, actor=representative(uow, d.ngo), **base)
