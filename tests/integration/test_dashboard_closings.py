"""The dashboard counts the referrals closed in its window by the code they closed with, in the
monthly report's columns: exactly for the issuing NGO's supervisor, suppressed for the
coordinator, every total by outcome a sum of the shown cells."""

from datetime import timedelta

from casework.actors import Actor, Role
from casework.governance.reports.closures import CLOSINGS
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.queries.dashboard import CLOSED_DAYS, dashboard
from casework.referrals.reasons import CancelReason, ReferralOutcome, RejectReason
from casework.referrals.states import ReportOutcome
from tests.support.network import demo

COORDINATOR = Actor("test-coordinator", Role.COORDINATOR)


def issue(uow, d):
    opened = d.open_case(uow, (ServiceCode.HIV_TESTING,))
    return referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )


def cancel(uow, d, issued, reason: CancelReason) -> None:
    referrals.cancel_referral(
        uow, actor=d.caseworker(), referral_id=issued.referral_id, reason_code=reason
    )


def by_column(table) -> dict[str, dict[str, str]]:
    return {
        name: dict(zip(CLOSINGS, row, strict=True))
        for name, row in zip(table.institutions, table.cells, strict=True)
    }


def test_closings_are_counted_by_code_exactly_for_the_ngo_and_suppressed_for_the_coordinator(
    uow, clock
):
    d = demo(uow)
    cancel(uow, d, issue(uow, d), CancelReason.ISSUED_IN_ERROR)  # before the window: not counted
    clock.current += timedelta(days=CLOSED_DAYS + 1)
    declined = issue(uow, d)
    referrals.reject_referral(
        uow,
        actor=d.focal(declined.institution_id),
        referral_id=declined.referral_id,
        reason_code=RejectReason.NO_CAPACITY,
    )
    cancel(uow, d, issue(uow, d), CancelReason.CLIENT_DECLINED)
    issue(uow, d)  # still open: not a closing

    own = dashboard(uow, actor=d.supervisor()).closed
    [institution] = own.institutions
    assert {c: n for c, n in by_column(own)[institution].items() if n != "0"} == {
        "declined.no_capacity": "1",
        "cancelled.client_declined": "1",
    }
    assert own.total == "2" and own.row_totals == ["2"]
    assert dict((o, n) for o, _, n in own.by_outcome) == {
        ReportOutcome.DELIVERED: "0",
        ReportOutcome.DECLINED: "1",
        ReportOutcome.LAPSED: "0",
        ReportOutcome.CANCELLED: "1",
    }
    assert own.by_outcome_code[ReferralOutcome.NO_CAPACITY] == "1"
    assert own.by_outcome_code[ReferralOutcome.CLIENT_DECLINED] == "1"

    network = dashboard(uow, actor=COORDINATOR).closed
    assert network.institutions == [institution]
    shown = by_column(network)[institution]
    assert shown["declined.no_capacity"] == shown["cancelled.client_declined"] == "<10"
    assert "1" not in network.cells[0] and network.total == "<10"
    # Sums of what the cells show: nothing the table hides comes back by subtraction.
    assert dict((o, n) for o, _, n in network.by_outcome)[ReportOutcome.DECLINED] == "<10"
    assert network.by_outcome_code[ReferralOutcome.NO_CAPACITY] == "<10"
    assert network.by_outcome_code[ReferralOutcome.SERVICE_RECEIVED] == "0"
