"""A case and its referral through every step, as caseworker and focal point see it."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from casework.audit import AuditEntry, trail
from casework.cases import commands as cases
from casework.cases.queries import get_case, list_cases
from casework.cases.reasons import CloseReason
from casework.cases.states import CaseStatus, NeedStatus
from casework.network.services import ServiceCode
from casework.outbox import OutboxMessage
from casework.referrals import commands as referrals
from casework.referrals.commands import Attestations
from casework.referrals.reasons import HoldReason
from casework.referrals.serials import is_valid_serial
from casework.referrals.states import ReferralStatus
from tests.support.network import demo

ALL_TRUE = Attestations(anonymous=True, free=True, voluntary=True)


def outbox_flows(uow) -> list[tuple[str, dict]]:
    with uow:
        return [
            (m.flow, m.parameters)
            for m in uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def test_a_case_goes_from_intake_to_resolution(uow):
    d = demo(uow)
    opened = d.open_case(uow, (ServiceCode.HIV_TESTING, ServiceCode.HOUSING))
    assert opened.status is CaseStatus.OPEN
    assert len(opened.display_code) == 9

    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    assert issued.status is ReferralStatus.REQUESTED
    assert issued.institution_id == d.aids_centre  # least busy provider, oldest member first
    assert is_valid_serial(issued.serial) and issued.serial.startswith("KHT-2026-000001-")

    focal = d.focal()
    assert (
        referrals.accept_referral(uow, actor=focal, referral_id=issued.referral_id)
        is ReferralStatus.ACCEPTED
    )
    assert (
        referrals.start_referral(uow, actor=focal, referral_id=issued.referral_id)
        is ReferralStatus.IN_PROGRESS
    )
    assert (
        referrals.complete_referral(
            uow, actor=focal, referral_id=issued.referral_id, attestations=ALL_TRUE
        )
        is ReferralStatus.COMPLETED
    )
    assert (
        cases.record_outcome(uow, actor=d.caseworker(), case_id=opened.case_id, resolved=True)
        is CaseStatus.RESOLVED
    )

    detail = get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    assert detail.status is CaseStatus.RESOLVED
    assert detail.outcome_resolved is True
    assert [r.status for r in detail.referrals] == [ReferralStatus.COMPLETED]
    assert {n.service: n.status for n in detail.needs} == {
        ServiceCode.HIV_TESTING: NeedStatus.MET,
        ServiceCode.HOUSING: NeedStatus.CLOSED,
    }

    with uow:
        referral_actions = [a.action for a in trail(uow.session, str(issued.referral_id))]
        case_actions = [a.action for a in trail(uow.session, str(opened.case_id))]
    assert referral_actions == [
        "referral.requested",
        "referral.accepted",
        "referral.in-progress",
        "referral.completed",
    ]
    assert case_actions == ["case.opened", "case.outcome_recorded", "case.read"]
    assert outbox_flows(uow) == [
        ("intake", {"case_id": str(opened.case_id)}),
        ("referral", {"referral_id": str(issued.referral_id)}),
        ("confirmation", {"referral_id": str(issued.referral_id)}),
        ("resolution", {"case_id": str(opened.case_id)}),
    ]


def test_deadlines_come_from_the_memorandum_commitment(uow, clock):
    d = demo(uow)
    opened = d.open_case(uow, (ServiceCode.LEGAL_AID_DETENTION, ServiceCode.HIV_TESTING))
    legal = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.LEGAL_AID_DETENTION
    )
    medical = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    detail = get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    by_id = {r.id: r for r in detail.referrals}
    now = clock.now()
    # Legal aid on detention counts hours: 4 to respond, 72 to complete.
    assert by_id[legal.referral_id].accept_due_at == now + timedelta(hours=4)
    assert by_id[legal.referral_id].complete_due_at == now + timedelta(hours=72)
    # Medical counts working days: Monday 2 March + 2 working days is Wednesday 4 March.
    assert by_id[medical.referral_id].accept_due_at == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert by_id[medical.referral_id].valid_until is not None


def test_a_single_visit_service_completes_without_a_separate_start(uow):
    d = demo(uow)
    opened = d.open_case(uow)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
    status = referrals.complete_referral(
        uow, actor=d.focal(), referral_id=issued.referral_id, attestations=ALL_TRUE
    )
    assert status is ReferralStatus.COMPLETED


def test_a_held_referral_resumes_where_it_was_and_its_deadlines_move(uow, clock):
    d = demo(uow)
    opened = d.open_case(uow)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
    before = get_case(uow, actor=d.caseworker(), case_id=opened.case_id).referrals[0]
    referrals.hold_referral(
        uow,
        actor=d.focal(),
        referral_id=issued.referral_id,
        reason_code=HoldReason.AWAITING_RESULTS,
    )
    clock.advance(timedelta(days=3))
    assert (
        referrals.resume_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
        is ReferralStatus.ACCEPTED
    )
    after = get_case(uow, actor=d.caseworker(), case_id=opened.case_id).referrals[0]
    assert after.complete_due_at == before.complete_due_at + timedelta(days=3)


def test_a_closed_case_takes_no_new_referrals_and_lists_for_its_ngo_only(uow):
    d = demo(uow)
    opened = d.open_case(uow)
    cases.close_case(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        status=CaseStatus.WITHDRAWN,
        reason=CloseReason.CLIENT_REQUEST,
    )
    other = d.open_case(uow, ngo=d.other_ngo)
    assert [c.id for c in list_cases(uow, actor=d.caseworker())] == [opened.case_id]
    assert [c.id for c in list_cases(uow, actor=d.caseworker(d.other_ngo))] == [other.case_id]
    with uow:
        assert (
            uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.listed"))
            is not None
        )


def test_a_referral_completed_after_its_case_closed_leaves_the_need_closed(uow):
    d = demo(uow)
    opened = d.open_case(uow)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
    cases.record_outcome(uow, actor=d.caseworker(), case_id=opened.case_id, resolved=False)
    referrals.complete_referral(
        uow, actor=d.focal(), referral_id=issued.referral_id, attestations=ALL_TRUE
    )
    case = get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
    assert [n.status for n in case.needs] == [NeedStatus.CLOSED]
