"""Commitments kept: each referral judged against its own memorandum deadlines, declines by
reason, breaches opened and resolved; shares only from what the suppression shows; a member
below the network's threshold on the next meeting's agenda, once."""

from datetime import UTC, date, datetime, timedelta

import pytest

from casework.errors import InvalidInput, PermissionDenied
from casework.governance.breaches.model import MemorandumBreach
from casework.governance.breaches.register import resolve_breach
from casework.governance.commitment_threshold import set_commitment_threshold
from casework.governance.meetings.commands.agenda import build_agenda
from casework.governance.meetings.commands.meetings import schedule_meeting
from casework.governance.meetings.queries import get_meeting
from casework.governance.meetings.states import AgendaItemKind
from casework.governance.reports.commitment_shares import breach_lines, commitment_shares
from casework.governance.reports.commitments import (
    ACCEPTANCE_TABLE,
    BREACHES_TABLE,
    DECLINES_TABLE,
    SERVICE_TABLE,
    commitment_tables,
    count_commitments,
    row_label,
)
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.privacy.figures import shown_figures
from casework.referrals import commands as referrals
from casework.referrals.reasons import RejectReason
from tests.support.commitments import (
    LATE,
    accept_at,
    complete_at,
    deadlines,
    february_shortfall,
    issue,
    withdraw,
)
from tests.support.governance import COORDINATOR, MARCH, audit_actions, breach, on, representative
from tests.support.network import demo

FEBRUARY = (datetime(2026, 1, 31, 19, tzinfo=UTC), datetime(2026, 2, 28, 19, tzinfo=UTC))
AIDS_MEDICAL = row_label("Regional AIDS Centre (demo)", "medical")


def cells(table, row) -> dict[str, str]:
    return dict(zip(table.columns, table.cells[table.rows.index(row)], strict=True))


def exact(uow, d, bounds=FEBRUARY, now=None):
    with uow:
        tables = commitment_tables(uow.session, d.network, bounds, now=now or uow.now())
    return shown_figures(tables, sees_rows=True).tables


def test_each_referral_is_judged_against_its_own_deadlines(uow, clock):
    d = demo(uow)
    start = datetime(2026, 2, 2, 5, tzinfo=UTC)
    ids = [
        issue(uow, clock, d, ServiceCode.HIV_TESTING, start + timedelta(minutes=n), d.aids_centre)
        for n in range(6)
    ]
    withdraw(uow, d, ids[5])  # before its deadline: neither kept nor missed
    referrals.reject_referral(
        uow, actor=d.focal(), referral_id=ids[4], reason_code=RejectReason.NO_CAPACITY
    )
    due = [deadlines(uow, i) for i in ids]
    accept_at(uow, clock, d, ids[0], due[0][0])  # at the deadline itself: in time
    accept_at(uow, clock, d, ids[1], due[1][0] + LATE)
    accept_at(uow, clock, d, ids[2], due[2][0] + LATE)
    # ids[3] is never answered: it lapses once its deadline passes.
    complete_at(uow, clock, d, ids[0], due[0][1])
    complete_at(uow, clock, d, ids[1], due[1][1] + LATE)
    on(clock, date(2026, 3, 2))

    shown = exact(uow, d)
    assert cells(shown[ACCEPTANCE_TABLE], AIDS_MEDICAL) == {
        "accepted-in-time": "1",
        "accepted-late": "2",
        "declined": "1",
        "lapsed": "1",
        "not-judged": "1",
    }
    # ids[2] was accepted but never served by its completion deadline.
    assert cells(shown[SERVICE_TABLE], AIDS_MEDICAL) == {
        "served-in-time": "1",
        "served-late": "1",
        "not-served": "1",
        "not-judged": "0",
    }
    declines = cells(shown[DECLINES_TABLE], "Regional AIDS Centre (demo)")
    assert declines["no_capacity"] == "1" and declines["other"] == "0"
    # Five judged: fewer than a share is worked out from, even on exact counts.
    [line] = commitment_shares(shown)
    assert line.accepted_in_time is None and line.served_in_time is None


def test_a_deadline_still_ahead_is_not_judged_yet(uow, clock):
    d = demo(uow)
    referral_id = issue(
        uow, clock, d, ServiceCode.HIV_TESTING, datetime(2026, 2, 23, 5, tzinfo=UTC), d.aids_centre
    )
    due, _ = deadlines(uow, referral_id)
    before = exact(uow, d, now=due - LATE)
    after = exact(uow, d, now=due + LATE)
    assert cells(before[ACCEPTANCE_TABLE], AIDS_MEDICAL)["not-judged"] == "1"
    assert cells(after[ACCEPTANCE_TABLE], AIDS_MEDICAL)["lapsed"] == "1"


def test_breaches_opened_and_resolved_in_the_month(uow, clock):
    d = demo(uow)
    on(clock, date(2026, 1, 20))
    earlier = breach(uow, d)
    on(clock, date(2026, 2, 10))
    breach(uow, d)
    breach(uow, d)
    with uow:
        ids = [b.id for b in uow.session.query(MemorandumBreach).order_by(MemorandumBreach.id)]
    on(clock, date(2026, 2, 20))
    resolve_breach(uow, actor=COORDINATOR, breach_id=ids[0], note="A written warning.")
    resolve_breach(uow, actor=COORDINATOR, breach_id=ids[1], note="An order to staff.")
    on(clock, date(2026, 3, 5))
    resolve_breach(uow, actor=COORDINATOR, breach_id=ids[2], note="Resolved in March.")

    shown = exact(uow, d)
    with uow:
        name = uow.session.get_one(Member, earlier).name
    assert cells(shown[BREACHES_TABLE], name) == {
        "opened-still-open": "1",  # opened in February, resolved only in March
        "opened-and-resolved": "1",
        "resolved-opened-earlier": "1",
    }
    [line] = breach_lines(shown)
    assert (line.institution, line.opened, line.resolved) == (name, "2", "2")


def test_what_members_are_shown_passes_the_suppression(uow, clock):
    d = demo(uow)
    february_shortfall(uow, clock, d)
    on(clock, date(2026, 3, 2))
    with uow:
        counts = count_commitments(uow.session, d.network, FEBRUARY, now=uow.now())
    shown = shown_figures(counts.tables, sees_rows=False).tables
    aids = cells(shown[ACCEPTANCE_TABLE], AIDS_MEDICAL)
    assert aids["accepted-in-time"] == "<10" and aids["not-judged"] == "<10"
    passport = cells(
        shown[ACCEPTANCE_TABLE], row_label("Passport and Registration Office (demo)", "documents")
    )
    assert passport["accepted-late"] == "<10"
    lines = {line.row: line for line in commitment_shares(shown, counts)}
    assert lines[AIDS_MEDICAL].accepted_in_time is None  # 6 of 10: the 6 is hidden
    assert lines[AIDS_MEDICAL].median_days_to_accept is None
    # The coordinator, shown the exact counts, sees the share and the median.
    exact_lines = {
        line.row: line
        for line in commitment_shares(shown_figures(counts.tables, sees_rows=True).tables, counts)
    }
    assert str(exact_lines[AIDS_MEDICAL].accepted_in_time) == "60%"
    assert exact_lines[AIDS_MEDICAL].median_days_to_accept is not None


def test_a_share_shows_where_every_count_it_needs_does(uow, clock):
    d = demo(uow)
    start = datetime(2026, 2, 2, 5, tzinfo=UTC)
    ids = [
        issue(uow, clock, d, ServiceCode.HIV_TESTING, start + timedelta(minutes=n), d.aids_centre)
        for n in range(12)
    ]
    for referral_id in ids:
        accept_at(uow, clock, d, referral_id, deadlines(uow, referral_id)[0])
    on(clock, date(2026, 3, 2))
    with uow:
        counts = count_commitments(uow.session, d.network, FEBRUARY, now=uow.now())
    shown = shown_figures(counts.tables, sees_rows=False).tables
    assert cells(shown[ACCEPTANCE_TABLE], AIDS_MEDICAL)["accepted-in-time"] == "12"
    [line] = commitment_shares(shown, counts)
    assert str(line.accepted_in_time) == "100%"
    assert line.median_days_to_accept == 2.0  # two working days, Monday to Wednesday


def _commitment_items(uow, meeting_id):
    agenda = get_meeting(uow, actor=COORDINATOR, meeting_id=meeting_id).agenda
    return [i for i in agenda if i.kind is AgendaItemKind.COMMITMENTS]


def test_a_member_below_the_threshold_gets_one_agenda_item(uow, clock):
    d = demo(uow)
    february_shortfall(uow, clock, d)
    on(clock, date(2026, 3, 2))
    meeting_id = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    built = build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id)
    build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id)  # once per meeting and member

    assert built.commitments == 1
    [item] = _commitment_items(uow, meeting_id)
    # The passport office: 5 referrals, all late, too few to judge.
    assert item.subject_member_id == d.aids_centre
    [shortfall] = item.shortfalls
    assert (shortfall.category, shortfall.accepted_in_time) == ("medical", "60%")
    assert shortfall.served_in_time == "100%"
    # A member's staff see the item, quoting the share as suppressed: not shown.
    member_view = get_meeting(uow, actor=d.caseworker(), meeting_id=meeting_id)
    [seen] = [i for i in member_view.agenda if i.kind is AgendaItemKind.COMMITMENTS]
    assert seen.shortfalls[0].accepted_in_time is None
    assert cells(member_view.commitments.acceptance, AIDS_MEDICAL)["accepted-in-time"] == "<10"
    assert member_view.commitments.month == "2026-02"


def test_the_threshold_is_the_networks_and_only_governors_set_it(uow, clock):
    d = demo(uow)
    february_shortfall(uow, clock, d)
    on(clock, date(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        set_commitment_threshold(
            uow, actor=representative(uow, d.aids_centre), network_id=d.network, percent=50
        )
    with pytest.raises(InvalidInput) as refused:
        set_commitment_threshold(uow, actor=COORDINATOR, network_id=d.network, percent=0)
    assert refused.value.field == "percent"
    set_commitment_threshold(uow, actor=COORDINATOR, network_id=d.network, percent=50)
    assert audit_actions(uow, "networks", d.network)[-1] == "network.commitment-threshold-set"

    meeting_id = schedule_meeting(uow, actor=COORDINATOR, network_id=d.network, month=MARCH)
    built = build_agenda(uow, actor=COORDINATOR, meeting_id=meeting_id)
    # 60 % accepted in time clears 50 %, and all 10 were served in time.
    assert built.commitments == 0 and _commitment_items(uow, meeting_id) == []
