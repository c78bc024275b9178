"""What someone who reads a whole page can work out of a table it shows: every shown figure
that quotes an entry of the table (its own cell, a tile, a trend point) and every row listed
one by one narrow that entry down, and a hidden entry is recovered when they pin it to one
value. The reasoning is small_cells' own (a two-way table's line sums are a flow network, so
an entry is free iff it could be one more or one less)."""

from collections.abc import Iterable, Mapping

from casework.privacy import small_cells
from casework.privacy.figures import ShownTable

Entry = tuple[int, int]  # (row, column) of the grid with its total row and column last
HIDDEN = {small_cells.PRIMARY, small_cells.COMPLEMENTARY}


def grid_of(table: ShownTable) -> list[list[str]]:
    rows = [[*cells, total] for cells, total in zip(table.cells, table.row_totals, strict=True)]
    return [*rows, [*table.column_totals, table.total]]


def true_grid(counts: list[list[int]]) -> list[list[int]]:
    return small_cells._with_totals(counts)


def _range(shown: str, big: int) -> tuple[int, int]:
    if shown == small_cells.PRIMARY:
        return 1, 9
    if shown == small_cells.COMPLEMENTARY:
        return 10, big
    return int(shown), int(shown)


def recovered(
    counts: list[list[int]],
    table: ShownTable,
    *,
    quotes: Iterable[tuple[Entry, str]] = (),
    listed: Mapping[Entry, int] | None = None,
) -> list[Entry]:
    """The hidden entries of `table` that the page pins to one value. `quotes` are other
    figures on the page that stand for an entry; `listed` counts rows shown one by one in a
    cell (each a lower bound the reader can count)."""
    truth, shown = true_grid(counts), grid_of(table)
    big = 2 * truth[-1][-1] + 10
    bounds = {
        (i, j): _range(value, big) for i, row in enumerate(shown) for j, value in enumerate(row)
    }
    for entry, value in quotes:
        low, high = _range(value, big)
        bounds[entry] = (max(bounds[entry][0], low), min(bounds[entry][1], high))
    for entry, floor in (listed or {}).items():
        bounds[entry] = (max(bounds[entry][0], floor), bounds[entry][1])
    assert small_cells._feasible(truth, bounds), "the page contradicts itself"
    pinned = []
    for (i, j), value in ((e, shown[e[0]][e[1]]) for e in bounds):
        if value not in HIDDEN:
            continue
        low, high = bounds[i, j]
        others = [v for v in (truth[i][j] - 1, truth[i][j] + 1) if low <= v <= high]
        if not any(small_cells._feasible(truth, {**bounds, (i, j): (v, v)}) for v in others):
            pinned.append((i, j))
    return pinned
