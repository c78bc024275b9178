"""The one call every page, API response and report makes to show counts: exact to a viewer
who may see the rows counted, and otherwise suppressed whole with no row listed. That no
hidden count can be worked out from one table is proved in tests/unit/test_small_cells.py;
that none can be from everything a page shows, in tests/unit/test_pages_hide_small_cells.py."""

from hypothesis import given
from hypothesis import strategies as st

from casework.privacy.figures import CountTable, shown_figures

tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(st.integers(0, 30), min_size=columns, max_size=columns), min_size=1, max_size=6
    )
)


def table_of(counts: list[list[int]]) -> CountTable:
    return CountTable(
        [f"r{i}" for i in range(len(counts))], [f"c{j}" for j in range(len(counts[0]))], counts
    )


@given(tables)
def test_small_counts_never_show_and_shown_totals_are_true(counts):
    shown = shown_figures({"t": table_of(counts)}, sees_rows=False).tables["t"]
    columns = list(zip(*counts, strict=True))
    assert (shown.rows, len(shown.columns)) == ([f"r{i}" for i in range(len(counts))], len(columns))
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            cell = shown.cells[i][j]
            assert cell == "<10" if 1 <= count <= 9 else cell in {str(count), "10+"}
    for totals, lines in ((shown.row_totals, counts), (shown.column_totals, columns)):
        for total, line in zip(totals, lines, strict=True):
            assert total in {str(sum(line)), "<10", "10+"}
            assert total != "<10" or 1 <= sum(line) <= 9
            assert total != "10+" or sum(line) >= 10
    assert shown.total in {str(sum(map(sum, counts))), "<10", "10+"}


@given(tables)
def test_a_viewer_who_may_see_the_rows_gets_every_count_exactly(counts):
    shown = shown_figures({"t": table_of(counts)}, sees_rows=True).tables["t"]
    assert shown.cells == [[str(c) for c in row] for row in counts]
    assert shown.row_totals == [str(sum(row)) for row in counts]
    assert shown.total == str(sum(map(sum, counts)))


def test_rows_are_listed_only_to_a_viewer_who_may_see_them():
    counted = {"t": CountTable.lone(2)}
    assert shown_figures(counted, sees_rows=True, listed=["A-1", "A-2"]).listed == ["A-1", "A-2"]
    assert shown_figures(counted, sees_rows=False, listed=["A-1", "A-2"]).listed == []


def test_a_count_on_its_own():
    shown = [shown_figures({"n": CountTable.lone(n)}, sees_rows=False) for n in (0, 1, 9, 10, 250)]
    assert [s.tables["n"].total for s in shown] == ["0", "<10", "<10", "10", "250"]


def test_an_empty_table_is_published_as_zeros():
    for sees_rows in (True, False):
        shown = shown_figures({"t": CountTable([], ["a", "b"], [])}, sees_rows=sees_rows)
        table = shown.tables["t"]
        assert table.cells == [] and table.column_totals == ["0", "0"] and table.total == "0"
