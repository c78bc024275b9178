"""What a caseworker does to the case itself: add and withdraw needs, close or withdraw it for
a coded reason, hand it to a colleague, and reissue a referral whose form lapsed unused. Each
is one audited command, refused with the usual errors."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from casework.accounts.commands import create_user
from casework.accounts.model import User
from casework.actors import Role, system_actor
from casework.audit import trail
from casework.cases import commands as cases
from casework.cases.assignment import assignable_usernames, reassign_case
from casework.cases.model import Case
from casework.cases.queries import case_history, get_case
from casework.cases.reasons import CloseReason
from casework.cases.states import CaseStatus, NeedStatus
from casework.errors import (
    Conflict,
    IllegalTransition,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from casework.escalation.commands.sweep import sweep
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from casework.referrals.queries.public import referral_status_by_serial
from casework.referrals.reasons import CancelReason
from casework.referrals.states import ReferralStatus, Verdict
from tests.support.network import UIC, account, demo

HIV, HOUSING = ServiceCode.HIV_TESTING, ServiceCode.HOUSING
LAPSED = timedelta(days=60)  # past any form's validity


def actions_on(uow, object_id) -> list[str]:
    with uow:
        return [row.action for row in trail(uow.session, str(object_id))]


def need_of(uow, actor, case_id, service):
    return next(
        n for n in get_case(uow, actor=actor, case_id=case_id).needs if n.service == service
    )


# Needs


def test_a_need_is_added_and_withdrawn_and_the_timeline_says_so(uow):
    d = demo(uow)
    opened = d.open_case(uow, (HIV,))
    need_id = cases.add_need(uow, actor=d.caseworker(), case_id=opened.case_id, service=HOUSING)
    cases.withdraw_need(uow, actor=d.caseworker(), case_id=opened.case_id, need_id=need_id)
    assert need_of(uow, d.caseworker(), opened.case_id, HOUSING).status is NeedStatus.WITHDRAWN
    assert actions_on(uow, opened.case_id)[:3] == [
        "case.opened",
        "case.need_added",
        "case.need_withdrawn",
    ]
    timeline = case_history(uow, actor=d.caseworker(), case_id=opened.case_id).timeline
    assert "case.need_withdrawn" in [e.action for e in timeline]
    # Withdrawn, the service may be needed again later.
    cases.add_need(uow, actor=d.caseworker(), case_id=opened.case_id, service=HOUSING)


def test_a_need_with_an_open_referral_is_withdrawn_only_once_it_is_cancelled(uow):
    d = demo(uow)
    opened = d.open_case(uow, (HIV,))
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=HIV
    )
    need = need_of(uow, d.caseworker(), opened.case_id, HIV)
    with pytest.raises(Conflict) as refused:
        cases.withdraw_need(uow, actor=d.caseworker(), case_id=opened.case_id, need_id=need.id)
    assert (refused.value.key, refused.value.field) == ("case.need_has_open_referral", "need_id")
    referrals.cancel_referral(
        uow,
        actor=d.caseworker(),
        referral_id=issued.referral_id,
        reason_code=CancelReason.ISSUED_IN_ERROR,
    )
    cases.withdraw_need(uow, actor=d.caseworker(), case_id=opened.case_id, need_id=need.id)
    assert need_of(uow, d.caseworker(), opened.case_id, HIV).status is NeedStatus.WITHDRAWN


def test_withdrawing_a_need_is_refused_when_met_missing_or_another_ngos(uow):
    d = demo(uow)
    opened = d.open_case(uow, (HIV, HOUSING))
    need = need_of(uow, d.caseworker(), opened.case_id, HOUSING)
    cases.withdraw_need(uow, actor=d.caseworker(), case_id=opened.case_id, need_id=need.id)
    with pytest.raises(IllegalTransition):  # already withdrawn: 409
        cases.withdraw_need(uow, actor=d.caseworker(), case_id=opened.case_id, need_id=need.id)
    other = d.open_case(uow, (HIV,), ngo=d.other_ngo)
    foreign_need = need_of(uow, d.caseworker(d.other_ngo), other.case_id, HIV)
    with pytest.raises(NotFound) as missing:  # a need of another case is not this case's
        cases.withdraw_need(
            uow, actor=d.caseworker(), case_id=opened.case_id, need_id=foreign_need.id
        )
    assert missing.value.field == "need_id"
    with pytest.raises(NotFound):  # another NGO's case
        cases.withdraw_need(
            uow, actor=d.caseworker(), case_id=other.case_id, need_id=foreign_need.id
        )


# Closing and withdrawing


@pytest.mark.parametrize("status", [CaseStatus.WITHDRAWN, CaseStatus.CLOSED_UNRESOLVED])
def test_a_case_closes_for_a_coded_reason_and_its_open_referrals_are_wound_down(uow, status):
    d = demo(uow)
    opened = d.open_case(uow, (HIV, HOUSING))
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=HIV
    )
    assert (
        cases.close_case(
            uow,
            actor=d.caseworker(),
            case_id=opened.case_id,
            status=status,
            reason=CloseReason.LOST_CONTACT,
        )
        is status
    )
    detail = get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    assert (detail.status, detail.closing_reason) == (status, CloseReason.LOST_CONTACT)
    assert {n.status for n in detail.needs} == {NeedStatus.CLOSED}
    assert "case.closed" in actions_on(uow, opened.case_id)
    # What the resolution flow then runs (queued by close_case) cancels the open referral.
    referrals.cancel_open_referrals_of_case(
        uow, actor=system_actor("resolution"), case_id=opened.case_id
    )
    after = get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    assert [r.status for r in after.referrals if r.id == issued.referral_id] == [
        ReferralStatus.CANCELLED
    ]


def test_a_closed_case_neither_closes_again_nor_takes_needs(uow):
    d = demo(uow)
    opened = d.open_case(uow)
    close = dict(actor=d.caseworker(), case_id=opened.case_id, reason=CloseReason.OTHER)
    cases.close_case(uow, status=CaseStatus.WITHDRAWN, **close)
    with pytest.raises(IllegalTransition):
        cases.close_case(uow, status=CaseStatus.CLOSED_UNRESOLVED, **close)
    with pytest.raises(InvalidInput) as bad_status:
        cases.close_case(uow, status=CaseStatus.RESOLVED, **close)
    assert bad_status.value.field == "status"
    with pytest.raises(Conflict):
        cases.add_need(uow, actor=d.caseworker(), case_id=opened.case_id, service=HOUSING)


# Reassigning


@pytest.fixture
def colleagues(uow):
    """Two more accounts of the first demo NGO and one of the other; returns the demo."""
    d = demo(uow)
    for username, role, ngo in [
        ("test-cw-a", Role.CASEWORKER, d.ngo),
        ("test-cw-b", Role.CASEWORKER, d.ngo),
        ("test-cw-other", Role.CASEWORKER, d.other_ngo),
    ]:
        create_user(
            uow,
            actor=system_actor("tests"),
            username=username,
            role=role,
            password="a long test password",
            organisation_id=ngo,
        )
    return d


def test_the_opener_works_the_case_and_hands_it_to_a_colleague(uow, colleagues):
    a = account(uow, "test-cw-a")
    opened = cases.open_case(uow, actor=a, uic=UIC, needs=[HIV], consent_to_referral=True)
    assert get_case(uow, actor=a, case_id=opened.case_id).caseworker == "test-cw-a"
    assert "test-cw-other" not in assignable_usernames(uow, actor=a, case_id=opened.case_id)
    assert (
        reassign_case(uow, actor=a, case_id=opened.case_id, caseworker="test-cw-b") == "test-cw-b"
    )
    assert get_case(uow, actor=a, case_id=opened.case_id).caseworker == "test-cw-b"
    assert "case.reassigned" in actions_on(uow, opened.case_id)
    # No longer hers: she may not hand it on; the new caseworker and a supervisor may.
    with pytest.raises(PermissionDenied):
        reassign_case(uow, actor=a, case_id=opened.case_id, caseworker="test-cw-a")
    reassign_case(
        uow, actor=account(uow, "test-cw-b"), case_id=opened.case_id, caseworker="test-cw-a"
    )
    reassign_case(
        uow, actor=account(uow, "demo-supervisor"), case_id=opened.case_id, caseworker="test-cw-b"
    )


def test_a_case_is_handed_only_to_an_active_colleague_of_its_ngo(uow, colleagues):
    d = colleagues
    opened = d.open_case(uow)  # opened by a flow-like actor: nobody works it yet
    for username in ["test-cw-other", "demo-focal", "nobody-at-all"]:
        with pytest.raises(InvalidInput) as refused:
            reassign_case(uow, actor=d.caseworker(), case_id=opened.case_id, caseworker=username)
        assert refused.value.field == "caseworker"
    with uow:
        uow.session.scalars(
            select(User).where(User.username == "test-cw-b")
        ).one().is_active = False
        uow.commit()
    with pytest.raises(InvalidInput):
        reassign_case(uow, actor=d.caseworker(), case_id=opened.case_id, caseworker="test-cw-b")
    with pytest.raises(NotFound):
        reassign_case(
            uow, actor=d.caseworker(d.other_ngo), case_id=opened.case_id, caseworker="test-cw-a"
        )
    cases.close_case(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        status=CaseStatus.WITHDRAWN,
        reason=CloseReason.CLIENT_REQUEST,
    )
    with pytest.raises(Conflict):
        reassign_case(uow, actor=d.caseworker(), case_id=opened.case_id, caseworker="test-cw-a")
    with uow:
        assert uow.session.get_one(Case, opened.case_id).caseworker_id is None


# Reissuing a lapsed form


def test_a_lapsed_form_is_reissued_with_a_new_serial_and_the_old_one_no_longer_verifies(uow, clock):
    d = demo(uow)
    opened = d.open_case(uow)
    old = referrals.request_referral(uow, actor=d.caseworker(), case_id=opened.case_id, service=HIV)
    with pytest.raises(Conflict) as still_valid:
        referrals.reissue_referral(uow, actor=d.caseworker(), referral_id=old.referral_id)
    assert still_valid.value.key == "referral.form_not_lapsed"
    clock.advance(LAPSED)
    assert [
        r.reissuable for r in get_case(uow, actor=d.caseworker(), case_id=opened.case_id).referrals
    ] == [True]

    new = referrals.reissue_referral(uow, actor=d.caseworker(), referral_id=old.referral_id)
    assert new.serial != old.serial and new.institution_id == old.institution_id
    assert new.status is ReferralStatus.REQUESTED
    with uow:
        before = uow.session.get_one(Referral, old.referral_id)
        after = uow.session.get_one(Referral, new.referral_id)
        assert (before.status, before.reissued_as_id) == (ReferralStatus.FAILED, new.referral_id)
        assert after.need_id == before.need_id and after.valid_until > before.valid_until
    # Not swept yet when reissued: the old referral fails as expired in the same transaction.
    assert actions_on(uow, old.referral_id) == [
        "referral.requested",
        "referral.failed",
        "referral.reissued",
    ]
    assert actions_on(uow, new.referral_id) == ["referral.requested"]
    # The old QR, checked online, is expired; the new one is valid.
    assert (
        referral_status_by_serial(uow, serial=old.serial).status.facts.form_verdict
        is Verdict.CLOSED
    )
    assert referral_status_by_serial(uow, serial=new.serial).status is ReferralStatus.REQUESTED
    with pytest.raises(Conflict) as again:
        referrals.reissue_referral(uow, actor=d.caseworker(), referral_id=old.referral_id)
    assert again.value.key == "referral.already_reissued"


def test_a_referral_expired_by_the_sweep_is_reissued_too(uow, clock):
    d = demo(uow)
    opened = d.open_case(uow)
    old = referrals.request_referral(uow, actor=d.caseworker(), case_id=opened.case_id, service=HIV)
    clock.advance(LAPSED)
    assert sweep(uow, actor=system_actor("escalation")).expired == 1
    referrals.reissue_referral(uow, actor=d.caseworker(), referral_id=old.referral_id)
    assert actions_on(uow, old.referral_id)[-1] == "referral.reissued"


def test_reissue_is_refused_for_a_used_form_a_closed_need_and_another_ngo(uow, clock):
    d = demo(uow)
    opened = d.open_case(uow, (HIV, HOUSING))
    accepted = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=HIV
    )
    referrals.accept_referral(uow, actor=d.focal(), referral_id=accepted.referral_id)
    lapsed = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=HOUSING
    )
    clock.advance(LAPSED)
    with pytest.raises(Conflict):  # accepted: the form was used
        referrals.reissue_referral(uow, actor=d.caseworker(), referral_id=accepted.referral_id)
    with pytest.raises(NotFound):
        referrals.reissue_referral(
            uow, actor=d.caseworker(d.other_ngo), referral_id=lapsed.referral_id
        )
    with pytest.raises(NotFound):
        referrals.reissue_referral(uow, actor=d.focal(), referral_id=lapsed.referral_id)
    cases.close_case(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        status=CaseStatus.CLOSED_UNRESOLVED,
        reason=CloseReason.MOVED_AWAY,
    )
    with pytest.raises(Conflict) as closed:
        referrals.reissue_referral(uow, actor=d.caseworker(), referral_id=lapsed.referral_id)
    assert closed.value.key == "referral.need_not_open"
