"""Closed referrals by code: every code has an outcome, every closing reason a column, and
the sums the report shows beside the closings table tell no more than the table itself."""

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.governance.reports.closures import (
    CLOSINGS,
    by_outcome_code,
    by_report_outcome,
)
from casework.privacy.figures import CountTable, shown_figures, sum_of_shown
from casework.referrals.reasons import (
    OUTCOME_OF_REASON,
    CancelReason,
    EngineReason,
    HoldReason,
    ReferralOutcome,
    RejectReason,
    outcome_of,
    reason_of,
)
from casework.referrals.states import ReferralStatus, ReportOutcome

R = ReferralOutcome


def test_a_completed_referral_is_received_and_every_closing_code_has_its_outcome():
    assert outcome_of(completed=True, reason=None) is R.SERVICE_RECEIVED
    for code in (*RejectReason, *CancelReason, *EngineReason):
        assert code.value in OUTCOME_OF_REASON, code
    assert {
        code: outcome_of(completed=False, reason=code)
        for code in ("not_eligible", "client_declined", "client_unreachable", "consent_revoked")
    } == {
        "not_eligible": R.NOT_ELIGIBLE,
        "client_declined": R.CLIENT_DECLINED,
        "client_unreachable": R.COULD_NOT_REACH,
        "consent_revoked": R.CLIENT_DECLINED,
    }
    assert outcome_of(completed=False, reason="expired_unused") is R.COULD_NOT_REACH


def test_a_stored_reason_reads_as_the_code_of_its_status_list():
    assert reason_of(ReferralStatus.REJECTED, "other") is RejectReason.OTHER
    assert reason_of(ReferralStatus.CANCELLED, "other") is CancelReason.OTHER
    assert reason_of(ReferralStatus.CANCELLED, "case_closed") is EngineReason.CASE_CLOSED
    assert reason_of(ReferralStatus.ON_HOLD, "awaiting_results") is HoldReason.AWAITING_RESULTS
    assert reason_of(ReferralStatus.REJECTED, "in hospital") is None  # not a code: no words
    assert reason_of(ReferralStatus.COMPLETED, None) is None


def test_a_sum_of_shown_counts_says_only_what_its_parts_say():
    assert sum_of_shown(["3", "0", "12"]) == "15"
    assert sum_of_shown(["<10", "0"]) == "<10"
    assert sum_of_shown(["<10", "12"]) == "10+"
    assert sum_of_shown(["10+", "<10"]) == "10+"
    assert sum_of_shown(["<10", "<10"]) == "2–18"
    assert sum_of_shown([]) == "0"


def test_every_closing_reason_has_one_column_in_its_outcome_group():
    groups = {column.partition(".")[0] for column in CLOSINGS}
    assert groups == {outcome.value for outcome in ReportOutcome}
    assert len(CLOSINGS) == len(set(CLOSINGS)) == 2 + len(RejectReason) + len(CancelReason) + 2


counts = st.one_of(st.integers(0, 12), st.sampled_from([0, 1, 9, 10, 11, 25]))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(counts, min_size=len(CLOSINGS), max_size=len(CLOSINGS)), min_size=2, max_size=3
    )
)
def test_the_grouped_figures_are_true_of_every_table_the_closings_table_allows(cells):
    """Each grouped figure is exact where the true sum is shown, and otherwise a statement
    true of it: it is worked out from the shown table alone, so it pins nothing."""
    table = CountTable([f"c{i}" for i in range(len(cells))], CLOSINGS, cells)
    closings = shown_figures({"closings": table}, sees_rows=False).tables["closings"]
    grouped = by_report_outcome(closings)
    for row, shown_row in zip(cells, grouped.cells, strict=True):
        for outcome, shown in zip(grouped.columns, shown_row, strict=True):
            true = sum(
                n for c, n in zip(CLOSINGS, row, strict=True) if c.partition(".")[0] == outcome
            )
            assert holds(shown, true), (outcome, shown, true)
    codes = by_outcome_code(closings)
    assert set(codes) == {o.value for o in ReferralOutcome}
    delivered = sum(row[0] for row in cells)
    assert holds(codes["service_received"], delivered)
    assert grouped.column_totals[0] == closings.column_totals[0]  # one column: quoted as it is


def holds(shown: str, true: int) -> bool:
    if shown.isdigit():
        return int(shown) == true
    if shown == "<10":
        return 1 <= true <= 9
    if shown == "10+":
        return true >= 10
    low, high = shown.split("–")
    return int(low) <= true <= int(high)
