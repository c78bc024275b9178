"""Referrals closed in a month by why they closed: one table (service category x closing
reason: delivered, each decline code, lapsed, each cancellation code) counts them, and the
report's other views of the same referrals (by outcome column, by outcome code) are sums of
its shown columns (casework.privacy.figures.sum_of_shown), never counts of their own: two
tables over the same referrals, suppressed apart, could be subtracted from each other."""

from enum import StrEnum

from casework.privacy.figures import ShownTable, sum_of_shown
from casework.referrals.model import Referral
from casework.referrals.reasons import (
    CancelReason,
    EngineReason,
    ReferralOutcome,
    RejectReason,
    outcome_of,
)
from casework.referrals.states import ReportOutcome

_DELIVERED, _LAPSED = ReportOutcome.DELIVERED.value, ReportOutcome.LAPSED.value
_CANCEL_CODES = (*CancelReason, EngineReason.CONSENT_REVOKED, EngineReason.CASE_CLOSED)
# The table's columns, grouped by the report's outcome column, in its order.
CLOSINGS = [
    _DELIVERED,
    *(f"{ReportOutcome.DECLINED.value}.{code}" for code in RejectReason),
    _LAPSED,
    *(f"{ReportOutcome.CANCELLED.value}.{code}" for code in _CANCEL_CODES),
]


def closing_of(referral: Referral, outcome: ReportOutcome) -> str:
    """A closed referral's column; a decline or cancellation without a listed code (none is
    written today) counts under its `other`."""
    if outcome.value in (_DELIVERED, _LAPSED):
        return outcome.value
    column = f"{outcome.value}.{referral.status_reason}"
    return column if column in CLOSINGS else f"{outcome.value}.other"


def reason_of_closing(closing: str) -> str | None:
    """The code behind a column (`declined.no_capacity` -> `no_capacity`); delivered: None."""
    if closing == _LAPSED:
        return EngineReason.EXPIRED.value
    return closing.partition(".")[2] or None


# The lists a column's code is read from, by its outcome column; delivered and lapsed have none.
_CODE_LISTS: dict[ReportOutcome, tuple[type[StrEnum], ...]] = {
    ReportOutcome.DECLINED: (RejectReason,),
    ReportOutcome.CANCELLED: (CancelReason, EngineReason),
}


def words_of_closing(closing: str) -> tuple[ReportOutcome, StrEnum | None]:
    """What a column is to be read as: its outcome column and, for a decline or a
    cancellation, its code (`declined.no_capacity` -> DECLINED, RejectReason.NO_CAPACITY)."""
    group, _, code = closing.partition(".")
    outcome = ReportOutcome(group)
    lists = _CODE_LISTS.get(outcome, ())
    return outcome, next((c(code) for c in lists if code in c._value2member_map_), None)


def _outcome_code(closing: str) -> ReferralOutcome:
    return outcome_of(completed=closing == _DELIVERED, reason=reason_of_closing(closing))


def _grouped(values: list[str], groups: list[list[int]]) -> list[str]:
    return [sum_of_shown([values[i] for i in group]) for group in groups]


def by_report_outcome(closings: ShownTable) -> ShownTable:
    """The same referrals by the report's outcome columns (delivered, declined, lapsed,
    cancelled): each a sum of its closing columns."""
    groups = [
        [i for i, c in enumerate(closings.columns) if c.partition(".")[0] == outcome.value]
        for outcome in ReportOutcome
    ]
    return ShownTable(
        rows=closings.rows,
        columns=[outcome.value for outcome in ReportOutcome],
        cells=[_grouped(row, groups) for row in closings.cells],
        row_totals=closings.row_totals,
        column_totals=_grouped(closings.column_totals, groups),
        total=closings.total,
    )


def by_outcome_code(closings: ShownTable) -> dict[str, str]:
    """The same referrals by outcome code (closed-loop practice), each a sum of columns."""
    return {
        outcome.value: sum_of_shown(
            [
                total
                for closing, total in zip(closings.columns, closings.column_totals, strict=True)
                if _outcome_code(closing) is outcome
            ]
        )
        for outcome in ReferralOutcome
    }
