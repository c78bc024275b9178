"""Monthly meetings: rotation among member offices, the agenda that builds itself, and the
network's rule that a meeting cannot close without a decision for each item it discussed."""

from datetime import date, datetime

import pytest

from casework.errors import Conflict, InvalidInput, PermissionDenied
from casework.governance.meetings.commands.agenda import (
    add_agenda_item,
    build_agenda,
    defer_item,
    record_item_minutes,
)
from casework.governance.meetings.commands.decisions import (
    DECISION_ASSIGNED,
    close_meeting,
    record_decision,
)
from casework.governance.meetings.commands.meetings import (
    SCHEDULED,
    UndecidedAgenda,
    cancel_meeting,
    open_meeting,
    regular_start,
    schedule_due_meetings,
    schedule_meeting,
)
from casework.governance.meetings.queries import get_meeting
from casework.governance.meetings.states import AgendaItemKind, AgendaItemStatus, MeetingStatus
from casework.governance.memoranda.commands.membership import record_member_leaving
from tests.support.governance import (
    COORDINATOR,
    MARCH,
    attend,
    audit_actions,
    breach,
    escalate_to_meeting,
    in_session,
    notices,
    on,
    representative,
)
from tests.support.network import demo


def test_meetings_rotate_among_member_offices_on_the_regular_day(uow, clock):
    d = demo(uow)
    hosts, starts = [], []
    for month in (date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)):
        on(clock, month)
        [meeting_id] = schedule_due_meetings(uow, actor=COORDINATOR, day=month)
        assert schedule_due_meetings(uow, actor=COORDINATOR, day=month) == []  # idempotent
        meeting = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
        hosts.append(meeting.host_member_id)
        starts.append(meeting.starts_at)
    first = min(d.members.values())
    assert hosts == [first, first + 1, first + 2]  # in order of joining
    # The second Wednesday, 10:00 in Dushanbe (05:00 UTC).
    assert [s.isoformat() for s in starts] == [
        "2026-03-11T05:00:00+00:00",
        "2026-04-08T05:00:00+00:00",
        "2026-05-13T05:00:00+00:00",
    ]
    assert len(notices(uow, SCHEDULED)) == 23  # every member is told where and when


def test_the_rotation_skips_a_member_that_has_left(uow, clock):
    d = demo(uow)
    first = min(d.members.values())
    record_member_leaving(
        uow, actor=COORDINATOR, member_id=first + 1, effective_on=date(2026, 3, 20)
    )
    schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=date(2026, 3, 1))
    april = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=date(2026, 4, 1))
    assert get_meeting(uow, actor=COORDINATOR, meeting_id=april).host_member_id == first + 2


def test_the_regular_day_moves_off_a_public_holiday(uow):
    # 9 September is Independence Day in Tajikistan, the second Wednesday of September 2026.
    start = regular_start(uow.calendar, date(2026, 9, 1))
    assert start.date() == date(2026, 9, 10) and start.hour == 10


def test_one_regular_meeting_a_month_and_only_governors_schedule_it(uow):
    d = demo(uow)
    schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    with pytest.raises(Conflict):
        schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    with pytest.raises(PermissionDenied):
        schedule_meeting(
            uow, actor=representative(uow, d.ngo), network_id=d.network, month=date(2026, 4, 1)
        )
    with pytest.raises(InvalidInput):  # the March meeting in April
        schedule_meeting(
            uow,
            actor=COORDINATOR,
            network_id=d.network,
            month=date(2026, 4, 1),
            starts_at=datetime.fromisoformat("2026-05-06T10:00:00+05:00"),
        )


def test_the_agenda_gathers_escalations_breaches_and_members_items(uow, clock):
    d = demo(uow)
    first = escalate_to_meeting(uow, d)
    second = escalate_to_meeting(uow, d)
    third = escalate_to_meeting(uow, d)
    breached = breach(uow, d)
    meeting_id = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    built = build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id)
    assert (built.escalations, built.breaches, built.overdue_decisions) == (3, 1, 0)
    assert build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id).escalations == 0
    add_agenda_item(
        uow, actor=representative(uow, d.ngo), meeting_id=meeting_id, title="Night-time HIV testing"
    )

    agenda = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).agenda
    # One item per institution: the network speaks to the institution, not to each referral.
    escalated = {
        i.subject_member_id: i.escalated_referrals
        for i in agenda
        if i.kind is AgendaItemKind.ESCALATIONS
    }
    expected = {}
    for institution in (first, second, third):
        expected[institution] = expected.get(institution, 0) + 1
    assert escalated == {member: str(n) for member, n in expected.items()}
    [breach_item] = [i for i in agenda if i.kind is AgendaItemKind.BREACHES]
    assert breach_item.subject_member_id == breached and breach_item.breaches == "1"
    proposal = agenda[-1]
    assert (
        proposal.kind is AgendaItemKind.MEMBER_PROPOSAL and proposal.proposed_by_member_id == d.ngo
    )
    assert [i.position for i in agenda] == list(range(1, len(agenda) + 1))
    # Serials are the coordinator's to see; members see how many.
    assert all(i.referral_serials for i in agenda if i.kind is AgendaItemKind.ESCALATIONS)
    seen_by_member = get_meeting(uow, actor=representative(uow, d.ngo), meeting_id=meeting_id)
    assert all(not i.referral_serials for i in seen_by_member.agenda)


def test_a_meeting_cannot_close_without_a_decision_for_each_item_it_discussed(uow, clock):
    d = demo(uow)
    escalate_to_meeting(uow, d)
    meeting_id = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id)
    item = add_agenda_item(uow, actor=COORDINATOR, meeting_id=meeting_id, title="Outreach in Kulob")
    on(clock, date(2026, 3, 11))
    open_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    attend(uow, d, meeting_id)
    [escalation_item, _] = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).agenda

    with pytest.raises(UndecidedAgenda, match="neither discussed nor deferred") as refused:
        close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    assert refused.value.positions == [1, 2]

    record_item_minutes(
        uow, actor=COORDINATOR, agenda_item_id=escalation_item.id, text="Discussed."
    )
    record_item_minutes(uow, actor=COORDINATOR, agenda_item_id=item, text="Discussed too.")
    with pytest.raises(UndecidedAgenda, match="without a recorded decision") as refused:
        close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    assert refused.value.positions == [1, 2]

    record_decision(
        uow,
        actor=COORDINATOR,
        agenda_item_id=escalation_item.id,
        text="The AIDS centre names a deputy focal point.",
        due_on=date(2026, 4, 10),
        responsible_member_ids=[d.aids_centre],
    )
    with pytest.raises(UndecidedAgenda) as refused:
        close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    assert refused.value.positions == [2]
    assert (
        get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).status
        is MeetingStatus.IN_SESSION
    )

    record_decision(
        uow,
        actor=COORDINATOR,
        agenda_item_id=item,
        text="Two NGOs run outreach in Kulob in April.",
        due_on=date(2026, 4, 30),
        responsible_member_ids=[d.ngo, d.other_ngo],
    )
    close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    closed = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    assert closed.status is MeetingStatus.CLOSED
    assert set(notices(uow, DECISION_ASSIGNED)) == {d.aids_centre, d.ngo, d.other_ngo}
    assert audit_actions(uow, "meetings", meeting_id) == [
        "meeting.scheduled",
        "meeting.agenda-built",
        "meeting.opened",
        "meeting.attendance-recorded",
        "meeting.closed",
    ]
    with pytest.raises(Conflict, match="is closed"):
        close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)


def test_a_meeting_that_discussed_nothing_decides_something_or_stays_open(uow, clock):
    d = demo(uow)
    meeting_id = in_session(uow, clock)
    attend(uow, d, meeting_id)
    with pytest.raises(UndecidedAgenda, match="at least one recorded decision"):
        close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    item = add_agenda_item(
        uow, actor=COORDINATOR, meeting_id=meeting_id, title="Any other business"
    )
    defer_item(uow, actor=COORDINATOR, agenda_item_id=item)
    with pytest.raises(UndecidedAgenda, match="at least one recorded decision"):
        close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)


def test_closing_needs_the_attendance(uow, clock):
    d = demo(uow)
    meeting_id = in_session(uow, clock)
    item = add_agenda_item(uow, actor=COORDINATOR, meeting_id=meeting_id, title="Budget")
    record_decision(
        uow,
        actor=COORDINATOR,
        agenda_item_id=item,
        text="Adopted.",
        due_on=date(2026, 3, 31),
        responsible_member_ids=[d.ngo],
    )
    with pytest.raises(Conflict, match="attended"):
        close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)
    attend(uow, d, meeting_id)
    close_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id)


def test_deferred_items_and_cancelled_meetings_carry_their_agenda_forward(uow, clock):
    d = demo(uow)
    institution = escalate_to_meeting(uow, d)
    march = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    build_agenda(uow, actor=COORDINATOR, meeting_id=march)
    cancel_meeting(uow, actor=COORDINATOR, meeting_id=march)

    april = in_session(uow, clock, date(2026, 4, 1))
    assert (
        get_meeting(uow, actor=COORDINATOR, meeting_id=april).agenda == []
    )  # built before opening
    may = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=date(2026, 5, 1))
    with pytest.raises(Conflict):  # the agenda is built while the meeting is scheduled
        build_agenda(uow, actor=COORDINATOR, meeting_id=april)
    assert build_agenda(uow, actor=COORDINATOR, meeting_id=may).carried_over == 1
    [carried] = get_meeting(uow, actor=COORDINATOR, meeting_id=may).agenda
    assert carried.subject_member_id == institution and carried.escalated_referrals == "1"
    assert carried.status is AgendaItemStatus.PENDING and carried.carried_from_id is not None
    assert build_agenda(uow, actor=COORDINATOR, meeting_id=may).carried_over == 0
