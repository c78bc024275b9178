"""The focal point's steps on a service the institution took on: start it, hold it with a
published code, resume it; and the institution's own list of what it is late on."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.errors import IllegalTransition, NotFound
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from casework.referrals.queries.institution import institution_overdue
from casework.referrals.reasons import HoldReason
from casework.referrals.states import Deadline, ReferralStatus
from tests.support.network import demo


def stored(uow, referral_id) -> Referral:
    with uow:
        return uow.session.get_one(Referral, referral_id)


def test_a_started_service_is_held_with_its_code_and_resumed_where_it_was(uow, clock):
    d = demo(uow)
    referral_id = d.issue_referral(uow)
    referrals.accept_referral(uow, actor=d.focal(), referral_id=referral_id)
    started = referrals.start_referral(uow, actor=d.focal(), referral_id=referral_id)
    assert started is ReferralStatus.IN_PROGRESS
    due = stored(uow, referral_id).complete_due_at
    held = referrals.hold_referral(
        uow,
        actor=d.focal(),
        referral_id=referral_id,
        reason_code=HoldReason.AWAITING_RESULTS,
        note="the laboratory is closed this week",
    )
    assert held is ReferralStatus.ON_HOLD
    on_hold = stored(uow, referral_id)
    assert (on_hold.status_reason, on_hold.current_due_at) == ("awaiting_results", None)
    clock.advance(timedelta(days=2))
    resumed = referrals.resume_referral(uow, actor=d.focal(), referral_id=referral_id)
    assert resumed is ReferralStatus.IN_PROGRESS
    back = stored(uow, referral_id)
    assert back.status_reason is None
    assert back.complete_due_at == due + timedelta(days=2)  # time on hold does not count
    with uow:
        actions = uow.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_id == str(referral_id))
            .order_by(AuditEntry.id)
        ).all()
    assert actions[-3:] == [
        AuditAction.REFERRAL_IN_PROGRESS,
        AuditAction.REFERRAL_ON_HOLD,
        AuditAction.REFERRAL_RESUMED,
    ]


def test_a_referral_not_yet_accepted_cannot_be_held_by_its_institution(uow):
    """Holding it would stop the clock on the institution's own answer."""
    d = demo(uow)
    referral_id = d.issue_referral(uow)
    with pytest.raises(IllegalTransition):
        referrals.hold_referral(
            uow, actor=d.focal(), referral_id=referral_id, reason_code=HoldReason.CAPACITY
        )
    with pytest.raises(IllegalTransition):
        referrals.resume_referral(uow, actor=d.focal(), referral_id=referral_id)
    assert stored(uow, referral_id).status is ReferralStatus.REQUESTED


@pytest.mark.parametrize("who", ["issuing NGO", "another institution"])
def test_only_the_receiving_institution_holds_or_resumes(uow, who):
    d = demo(uow)
    referral_id = d.issue_referral(uow)
    referrals.accept_referral(uow, actor=d.focal(), referral_id=referral_id)
    actor = d.caseworker() if who == "issuing NGO" else d.focal(d.tb_dispensary)
    with pytest.raises(NotFound):
        referrals.hold_referral(
            uow, actor=actor, referral_id=referral_id, reason_code=HoldReason.OTHER
        )
    with pytest.raises(NotFound):
        referrals.start_referral(uow, actor=actor, referral_id=referral_id)
    assert stored(uow, referral_id).status is ReferralStatus.ACCEPTED


def test_the_institution_lists_what_it_is_late_on_longest_first(uow, clock):
    d = demo(uow)
    unanswered = d.issue_referral(uow)
    clock.advance(timedelta(hours=1))
    taken_on = d.issue_referral(uow)
    referrals.accept_referral(uow, actor=d.focal(), referral_id=taken_on)
    held = d.issue_referral(uow)
    referrals.accept_referral(uow, actor=d.focal(), referral_id=held)
    referrals.hold_referral(
        uow, actor=d.focal(), referral_id=held, reason_code=HoldReason.AWAITING_CLIENT
    )
    elsewhere = d.issue_referral(uow, ServiceCode.TB_SCREENING)  # another institution's
    assert institution_overdue(uow, actor=d.focal()) == []
    clock.advance(timedelta(days=40))  # past every deadline
    late = institution_overdue(uow, actor=d.focal())
    assert [(o.referral.referral_id, o.deadline) for o in late] == [
        (unanswered, Deadline.ACCEPT),
        (taken_on, Deadline.COMPLETE),
    ]  # the held one runs no deadline; the TB referral is not the AIDS centre's
    assert late[0].due_at == stored(uow, unanswered).accept_due_at
    assert late[1].due_at == stored(uow, taken_on).complete_due_at
    assert elsewhere not in [o.referral.referral_id for o in late]
    assert [
        o.referral.referral_id for o in institution_overdue(uow, actor=d.focal(d.tb_dispensary))
    ] == [elsewhere]
