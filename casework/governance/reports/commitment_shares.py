"""The shares and medians of "commitments kept", worked out from the tables as they are shown
(commitments.py counts them), so that none tells more than the suppressed tables do: a share
only where every count it needs shows exactly and its denominator is at least
MIN_FOR_STATISTICS, a median only where the count of the times it summarises shows so too.
Fed the exact tables (shown to a governor), the same function is the network's judgement of
who fell below its threshold."""

import statistics
from dataclasses import dataclass

from casework.governance.reports.commitments import (
    ACCEPTANCE,
    ACCEPTANCE_TABLE,
    ACCEPTED_IN_TIME,
    ACCEPTED_LATE,
    BREACHES_TABLE,
    NOT_JUDGED,
    OPENED_AND_RESOLVED,
    OPENED_STILL_OPEN,
    RESOLVED_OPENED_EARLIER,
    SERVED_IN_TIME,
    SERVED_LATE,
    SERVICE,
    SERVICE_TABLE,
    CommitmentCounts,
)
from casework.governance.reports.counting import MIN_FOR_STATISTICS
from casework.privacy.figures import ShownTable, sum_of_shown


@dataclass(frozen=True)
class Share:
    """`kept` of `judged` commitments; both exact, `judged` at least MIN_FOR_STATISTICS."""

    kept: int
    judged: int

    @property
    def percent(self) -> int:
        return (200 * self.kept + self.judged) // (2 * self.judged)  # rounded half up

    def below(self, threshold_percent: int) -> bool:
        return 100 * self.kept < threshold_percent * self.judged

    def __str__(self) -> str:
        return f"{self.percent}%"


@dataclass(frozen=True)
class CommitmentLine:
    """One row ("institution · category") of the period's commitments, as it may be shown."""

    row: str
    accepted_in_time: Share | None  # None: too few, or a count it needs is suppressed
    served_in_time: Share | None
    median_days_to_accept: float | None
    median_days_to_serve: float | None


@dataclass(frozen=True)
class BreachLine:
    institution: str
    opened: str  # shown counts, summed from the shown table's disjoint columns
    resolved: str


def _exact(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _share(kept: str, judged: str) -> Share | None:
    part, whole = _exact(kept), _exact(judged)
    if part is None or whole is None or whole < MIN_FOR_STATISTICS:
        return None
    return Share(part, whole)


def _cells(table: ShownTable | None, row: str) -> dict[str, str] | None:
    if table is None or row not in table.rows:
        return None
    return dict(zip(table.columns, table.cells[table.rows.index(row)], strict=True))


def _judged(table: ShownTable, row: str, columns: list[str]) -> str:
    """The row's referrals judged against their deadline, as exact as the shown figures allow:
    the sum of the judged columns, or, where one of them is hidden, the row's total less the
    ones not judged (a row often has one small column that hides nothing of the total)."""
    cells = _cells(table, row)
    assert cells is not None
    judged = sum_of_shown([cells[c] for c in columns if c != NOT_JUDGED])
    total, unjudged = table.row_totals[table.rows.index(row)], cells[NOT_JUDGED]
    if _exact(judged) is None and _exact(total) is not None and _exact(unjudged) is not None:
        return str(int(total) - int(unjudged))
    return judged


def _median(days: list[float], shown_count: str) -> float | None:
    count = _exact(shown_count)
    if count is None or count < MIN_FOR_STATISTICS or len(days) != count:
        return None
    return round(statistics.median(days), 1)


def commitment_shares(
    shown: dict[str, ShownTable], counts: CommitmentCounts | None = None
) -> list[CommitmentLine]:
    """Every row of the acceptance and service tables with its shares; medians too when
    `counts` (the exact counts the tables were shown from) is given."""
    acceptance, service = shown.get(ACCEPTANCE_TABLE), shown.get(SERVICE_TABLE)
    rows = sorted({*(acceptance.rows if acceptance else []), *(service.rows if service else [])})
    to_accept = counts.days_to_accept if counts is not None else None
    to_serve = counts.days_to_serve if counts is not None else None
    lines = []
    for row in rows:
        accepted_share, median_accept = _kept(
            acceptance, row, ACCEPTANCE, (ACCEPTED_IN_TIME, ACCEPTED_LATE), to_accept
        )
        served_share, median_serve = _kept(
            service, row, SERVICE, (SERVED_IN_TIME, SERVED_LATE), to_serve
        )
        lines.append(CommitmentLine(row, accepted_share, served_share, median_accept, median_serve))
    return lines


def _kept(
    table: ShownTable | None,
    row: str,
    columns: list[str],
    done: tuple[str, str],
    days: dict[str, list[float]] | None,
) -> tuple[float | None, float | None]:
    """One row's share done in time (`done`: the in-time and the late column) and, given the
    exact `days` each took, their median; None where the row or the figure is not shown."""
    cells = _cells(table, row)
    if cells is None:
        return None, None
    in_time, late = done
    share = _share(cells[in_time], _judged(table, row, columns))
    if days is None:
        return share, None
    return share, _median(days.get(row, []), sum_of_shown([cells[in_time], cells[late]]))


def breach_lines(shown: dict[str, ShownTable]) -> list[BreachLine]:
    """Breaches opened and resolved in the period per institution, from the shown table."""
    table = shown[BREACHES_TABLE]
    lines = []
    for row in table.rows:
        cells = _cells(table, row)
        assert cells is not None
        opened = sum_of_shown([cells[OPENED_STILL_OPEN], cells[OPENED_AND_RESOLVED]])
        resolved = sum_of_shown([cells[OPENED_AND_RESOLVED], cells[RESOLVED_OPENED_EARLIER]])
        lines.append(BreachLine(row, opened, resolved))
    return lines
