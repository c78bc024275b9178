"""Every figure a page, API response or report shows, made safe together in one call.

`shown_figures` takes all the counts one page shows and the rows it would list one by one,
and the one fact that decides how they may show: whether the viewer may see the rows counted.
If so (an NGO's staff looking at their own NGO's referrals), counts show exactly and the rows
are listed. If not, every table is suppressed whole by casework/privacy/small_cells.py and no
row is listed: a list of single referrals beside a table is the table's cells unsuppressed.

What a caller must keep for the guarantee to hold: each population (referrals issued in a
month, open referrals, escalations on one agenda item) is counted in one table only, and every
other figure that quotes it (a tile, a chart, a trend) quotes that table's shown values. Two
tables over the same rows are one table with more columns: shown apart, one could be
subtracted from the other. A count shown on its own is a table of one cell (`CountTable.lone`)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from casework.privacy import small_cells

Row = TypeVar("Row")


@dataclass(frozen=True)
class CountTable:
    """Counts by row and column, before anything is hidden."""

    rows: list[str]
    columns: list[str]
    counts: list[list[int]]

    @classmethod
    def lone(cls, count: int) -> "CountTable":
        """A count shown on its own, with nothing to add it up with."""
        return cls([""], [""], [[count]])


@dataclass(frozen=True)
class ShownTable:
    """The same table as it may be shown: every count a string, totals included."""

    rows: list[str]
    columns: list[str]
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    total: str


@dataclass(frozen=True)
class Shown(Generic[Row]):
    tables: dict[str, ShownTable]
    listed: list[Row] = field(default_factory=list)  # empty unless the viewer may see the rows


def shown_figures(
    tables: Mapping[str, CountTable],
    *,
    sees_rows: bool,
    listed: Sequence[Row] = (),
    same_total: Sequence[tuple[str, str]] = (),
) -> Shown[Row]:
    """All the counts and listed rows of one page, as the viewer may see them. `same_total`
    names pairs of tables that count one population two ways (a period's referrals by
    institution, and by month): their grand totals are one number, hidden in both or in
    neither, or one table's shown total would pin the other's hidden one."""
    if sees_rows:
        return Shown(tables={name: _exact(t) for name, t in tables.items()}, listed=list(listed))
    hide_total: set[str] = set()
    while True:
        shown = {name: _suppressed(t, hide_total=name in hide_total) for name, t in tables.items()}
        more = {
            name
            for pair in same_total
            if all(n in shown for n in pair)
            if any(shown[n].total in _HIDDEN for n in pair)
            for name in pair
            if shown[name].total not in _HIDDEN
        }
        if not more:
            return Shown(tables=shown)
        hide_total |= more


def _exact(table: CountTable) -> ShownTable:
    columns = [sum(column) for column in zip(*table.counts, strict=True)] or [0] * len(
        table.columns
    )
    return ShownTable(
        rows=table.rows,
        columns=table.columns,
        cells=[[str(c) for c in row] for row in table.counts],
        row_totals=[str(sum(row)) for row in table.counts],
        column_totals=[str(c) for c in columns],
        total=str(sum(columns)),
    )


_HIDDEN = {small_cells.PRIMARY, small_cells.COMPLEMENTARY}


def _suppressed(table: CountTable, *, hide_total: bool = False) -> ShownTable:
    if not table.rows:
        return _exact(table)  # nothing counted: zeros, which are never hidden
    hidden = small_cells.suppress_table(table.counts, hide_total=hide_total)
    return ShownTable(
        rows=table.rows,
        columns=table.columns,
        cells=[list(row) for row in hidden.cells],
        row_totals=list(hidden.row_totals),
        column_totals=list(hidden.column_totals),
        total=hidden.grand_total,
    )


UNBOUNDED = 10**9  # above any count: a "10+" part leaves a sum without an upper bound


def sum_of_shown(values: Sequence[str]) -> str:
    """A sum of shown counts (a group of columns), worked out from what they show and nothing
    else, so that it tells no more than they do: exact when every part is; otherwise as much
    as the parts allow ("<10", "10+", or the range "2–18")."""
    low = high = 0
    for value in values:
        if value.isdigit():
            low, high = low + int(value), high + int(value)
        elif value == small_cells.PRIMARY:
            low, high = low + 1, high + 9
        else:  # small_cells.COMPLEMENTARY: 10 or more, no upper bound
            low, high = low + 10, high + UNBOUNDED
    if low == high:
        return str(low)
    if high <= max(small_cells.SMALL):
        return small_cells.PRIMARY
    if low >= 10:
        return small_cells.COMPLEMENTARY
    return f"{low}–{high}"
