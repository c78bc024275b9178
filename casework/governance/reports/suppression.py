"""The report's one interface to small-cell suppression: `suppress(table) -> table`, over
the shared algorithm in casework/privacy/small_cells.py (primary "<10" and exact
complementary suppression), so that the report and the dashboards hide alike."""

from dataclasses import dataclass

from casework.privacy import small_cells


@dataclass(frozen=True)
class CountTable:
    """Counts by row and column, before anything is hidden."""

    rows: list[str]
    columns: list[str]
    counts: list[list[int]]


@dataclass(frozen=True)
class ShownTable:
    """The same table as it may be published: every count a string, totals included."""

    rows: list[str]
    columns: list[str]
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    total: str


shown_count = small_cells.suppress_count  # a count shown on its own, with no totals


def suppress(table: CountTable) -> ShownTable:
    if not table.rows:
        return ShownTable([], table.columns, [], [], ["0"] * len(table.columns), "0")
    hidden = small_cells.suppress_table(table.counts)
    return ShownTable(
        rows=table.rows,
        columns=table.columns,
        cells=[list(row) for row in hidden.cells],
        row_totals=list(hidden.row_totals),
        column_totals=list(hidden.column_totals),
        total=hidden.grand_total,
    )
