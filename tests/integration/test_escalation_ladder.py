"""An overdue referral climbs the ladder one step per sweep, and stops when it moves on."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from casework.actors import system_actor
from casework.calendar import DeadlineUnit
from casework.errors import InvalidInput, PermissionDenied
from casework.escalation.commands.sweep import sweep
from casework.escalation.commands.thresholds import set_threshold
from casework.escalation.model import Escalation
from casework.escalation.queries import agenda_requests, ladders
from casework.network.model import Network
from casework.network.services import ServiceCode
from casework.notifications.model import Delivery, Notification
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from casework.referrals.reasons import CancelReason, HoldReason
from casework.referrals.states import ReferralStatus
from tests.support.network import demo

SWEEPER = system_actor("test-sweep")
COORDINATOR = system_actor("test-coordinator")
# Requested Monday 2 March 2026, 09:00 UTC; medical: accept within 2 working days.
ACCEPT_DUE = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


def request(uow, service=ServiceCode.HIV_TESTING):
    d = demo(uow)
    opened = d.open_case(uow, (service,))
    return referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=service
    )


def levels(uow, referral_id) -> list[int]:
    with uow:
        return list(
            uow.session.scalars(
                select(Escalation.level)
                .where(Escalation.referral_id == referral_id)
                .order_by(Escalation.level)
            )
        )


def sweep_at(uow, clock, moment: datetime):
    clock.current = moment
    return sweep(uow, actor=SWEEPER)


def notices(uow, referral_id, level) -> list[tuple[str, int | None, str]]:
    with uow:
        return [
            (n.recipient_role, n.recipient_member_id, n.message)
            for n in uow.session.scalars(
                select(Notification)
                .where(Notification.referral_id == referral_id, Notification.level == level)
                .order_by(Notification.id)
            )
        ]


def test_deadlines_skip_the_regions_public_holidays(uow, clock):
    clock.current = datetime(2026, 3, 19, 9, 0, tzinfo=UTC)  # Thursday before Eid and Navruz
    issued = request(uow)
    with uow:
        referral = uow.session.get_one(Referral, issued.referral_id)
    # Friday 20 (Eid) and Monday 23 to Tuesday 24 (Navruz) do not count: Wednesday 25 is the
    # first working day, Thursday 26 the second.
    assert referral.accept_due_at == datetime(2026, 3, 26, 9, 0, tzinfo=UTC)
    assert referral.deadline_unit is DeadlineUnit.WORKING_DAYS


def test_an_unaccepted_referral_climbs_one_step_per_sweep_up_to_the_agenda(uow, clock):
    d = demo(uow)
    issued = request(uow)
    assert sweep_at(uow, clock, ACCEPT_DUE - timedelta(minutes=1)).escalated == 0
    assert sweep_at(uow, clock, ACCEPT_DUE + timedelta(minutes=15)).by_level == {1: 1}
    assert levels(uow, issued.referral_id) == [1]
    level_one = notices(uow, issued.referral_id, 1)
    assert [(role, member) for role, member, _ in level_one] == [
        ("caseworker", d.ngo),
        ("focal_point", d.aids_centre),
    ]
    assert level_one[0][2] == (
        f"Referral {issued.serial} (hiv_testing) to Regional AIDS Centre (demo) is less than "
        "one working day late to accept. Escalation level 1."
    )
    # Level 2 waits until the referral is 2 working days late, whatever the number of sweeps.
    assert sweep_at(uow, clock, ACCEPT_DUE + timedelta(minutes=30)).escalated == 0
    assert sweep_at(uow, clock, datetime(2026, 3, 6, 9, 15, tzinfo=UTC)).by_level == {2: 1}
    assert [(r, m) for r, m, _ in notices(uow, issued.referral_id, 2)] == [
        ("supervisor", d.ngo),
        ("head", d.aids_centre),
    ]
    # Long past every threshold (a sweeper that was down for days): still one step a sweep.
    late = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
    assert sweep_at(uow, clock, late).by_level == {3: 1}
    assert sweep_at(uow, clock, late + timedelta(minutes=15)).by_level == {4: 1}
    assert sweep_at(uow, clock, late + timedelta(minutes=30)).escalated == 0
    assert levels(uow, issued.referral_id) == [1, 2, 3, 4]
    assert [r for r, _, _ in notices(uow, issued.referral_id, 3)] == ["coordinator"]
    agenda_note = notices(uow, issued.referral_id, 4)[0][2]
    assert "7 working days late to accept" in agenda_note
    assert agenda_note.endswith("It goes on the agenda of the next network meeting.")
    with uow:
        network_id = uow.session.get_one(Referral, issued.referral_id).network_id
        agenda = agenda_requests(uow.session, network_id=network_id)
    assert [(e.referral_id, e.reason, e.meeting_id) for e in agenda] == [
        (issued.referral_id, "accept_overdue", None)
    ]


def test_legal_aid_on_detention_escalates_in_hours(uow, clock):
    start = clock.now()
    issued = request(uow, ServiceCode.LEGAL_AID_DETENTION)  # accept within 4 hours
    assert sweep_at(uow, clock, start + timedelta(hours=3, minutes=59)).escalated == 0
    assert sweep_at(uow, clock, start + timedelta(hours=4, minutes=1)).by_level == {1: 1}
    assert sweep_at(uow, clock, start + timedelta(hours=7, minutes=59)).escalated == 0
    assert sweep_at(uow, clock, start + timedelta(hours=8, minutes=1)).by_level == {2: 1}
    message = notices(uow, issued.referral_id, 2)[0][2]
    assert "(legal_aid_detention)" in message and "4 hours late to accept" in message


def test_a_notice_keeps_its_message_key_and_values_beside_the_english(uow, clock):
    issued = request(uow)
    sweep_at(uow, clock, ACCEPT_DUE + timedelta(minutes=15))
    with uow:
        notice = uow.session.scalars(
            select(Notification).where(Notification.referral_id == issued.referral_id)
        ).first()
        assert notice is not None
        said = (notice.message_key, notice.message_params)
    assert said == (
        "notice.escalated_to_accept",
        {
            "serial": issued.serial,
            "service": {"code": "ServiceCode", "value": "hiv_testing"},
            "institution": "Regional AIDS Centre (demo)",
            "lateness": {"key": "lateness.under_a_working_day", "params": {}},
            "level": 1,
        },
    )


def test_accepting_stops_the_ladder_until_the_completion_deadline_is_missed(uow, clock):
    d = demo(uow)
    issued = request(uow)
    sweep_at(uow, clock, ACCEPT_DUE + timedelta(minutes=15))
    referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
    # No more accept reminders, however late the acceptance was.
    assert sweep_at(uow, clock, datetime(2026, 3, 13, 9, 0, tzinfo=UTC)).escalated == 0
    # Completion due Monday 16 March (10 working days); a second stall climbs on from level 1.
    assert sweep_at(uow, clock, datetime(2026, 3, 18, 9, 15, tzinfo=UTC)).by_level == {2: 1}
    with uow:
        steps = uow.session.scalars(
            select(Escalation).where(Escalation.referral_id == issued.referral_id)
        ).all()
    assert [(s.level, s.reason) for s in steps] == [
        (1, "accept_overdue"),
        (2, "complete_overdue"),
    ]


@pytest.mark.parametrize("how", ["cancel", "hold", "complete"])
def test_a_referral_that_moves_on_is_never_escalated_again(uow, clock, how):
    d = demo(uow)
    issued = request(uow)
    sweep_at(uow, clock, ACCEPT_DUE + timedelta(minutes=15))
    if how == "cancel":  # also what consent revocation does
        referrals.cancel_referral(
            uow,
            actor=d.caseworker(),
            referral_id=issued.referral_id,
            reason_code=CancelReason.ISSUED_IN_ERROR,
        )
    elif how == "hold":  # accepted late, then held before its completion deadline
        referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
        referrals.hold_referral(
            uow,
            actor=d.focal(),
            referral_id=issued.referral_id,
            reason_code=HoldReason.AWAITING_CLIENT,
        )
    else:
        referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
        referrals.complete_referral(
            uow,
            actor=d.focal(),
            referral_id=issued.referral_id,
            attestations=referrals.Attestations(anonymous=True, free=True, voluntary=True),
        )
    for day in (6, 10, 13, 20, 30):
        sweep_at(uow, clock, datetime(2026, 3, day, 9, 15, tzinfo=UTC))
    assert levels(uow, issued.referral_id) == [1]


def test_a_referral_nobody_accepts_expires_and_leaves_the_ladder(uow, clock):
    issued = request(uow)
    result = sweep_at(uow, clock, datetime(2026, 3, 17, 9, 0, tzinfo=UTC))  # valid until 16th
    assert result.expired == 1 and result.escalated == 0
    with uow:
        assert uow.session.get_one(Referral, issued.referral_id).status is ReferralStatus.FAILED
    assert sweep_at(uow, clock, datetime(2026, 3, 18, 9, 0, tzinfo=UTC)).escalated == 0


def test_thresholds_are_network_policy_that_the_coordinator_edits(uow, clock):
    issued = request(uow)
    with uow:
        network_id = uow.session.get_one(Referral, issued.referral_id).network_id
    set_threshold(
        uow,
        actor=COORDINATOR,
        network_id=network_id,
        unit=DeadlineUnit.WORKING_DAYS,
        level=1,
        overdue_by=1,
    )
    assert sweep_at(uow, clock, ACCEPT_DUE + timedelta(hours=1)).escalated == 0
    assert sweep_at(uow, clock, ACCEPT_DUE + timedelta(days=1, hours=1)).by_level == {1: 1}
    with uow:
        (ladder,) = [
            lad
            for lad in ladders(uow.session, network_id=network_id)
            if lad.unit is DeadlineUnit.WORKING_DAYS
        ]
    assert ladder.overdue_by == {1: 1, 2: 2, 3: 4, 4: 6}


def test_thresholds_refuse_a_falling_ladder_and_other_editors(uow):
    d = demo(uow)
    with uow:
        network_id = uow.session.scalar(select(Network.id))
    with pytest.raises(InvalidInput) as refused:
        set_threshold(
            uow,
            actor=COORDINATOR,
            network_id=network_id,
            unit=DeadlineUnit.WORKING_DAYS,
            level=3,
            overdue_by=1,
        )
    assert refused.value.field == "overdue_by"
    with pytest.raises(PermissionDenied):
        set_threshold(
            uow,
            actor=d.caseworker(),
            network_id=network_id,
            unit=DeadlineUnit.HOURS,
            level=2,
            overdue_by=1,
        )


def test_sweeps_running_at_once_take_each_step_exactly_once(uow, new_uow, clock):
    issued = [request(uow) for _ in range(12)]
    clock.current = ACCEPT_DUE + timedelta(minutes=15)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def run():
        mine = new_uow()
        barrier.wait()
        try:
            results.append(sweep(mine, actor=SWEEPER, batch_size=3))
        except Exception as exc:  # any failure is the test's failure, reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sum(r.escalated for r in results) == len(issued)
    with uow:
        steps = uow.session.execute(
            select(Escalation.referral_id, func.count()).group_by(Escalation.referral_id)
        ).all()
        notified = uow.session.scalar(
            select(func.count(Notification.id)).where(Notification.level == 1)
        )
        deliveries = uow.session.scalar(select(func.count(Delivery.id)))
    assert sorted(str(r) for r, _ in steps) == sorted(str(i.referral_id) for i in issued)
    assert {count for _, count in steps} == {1}
    assert notified == 2 * len(issued)  # caseworker and focal point, once each
    assert deliveries == 2 * len(issued)  # each has one e-mail contact in the demo network
