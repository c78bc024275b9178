"""The report publishes its tables through the shared small-cell suppression: counts 1 to 9
never show, larger ones show exactly or as "10+", and totals stay truthful. That no hidden
count can be worked out from the rest is proved in tests/unit/test_small_cells.py."""

from hypothesis import given
from hypothesis import strategies as st

from casework.governance.reports.suppression import CountTable, shown_count, suppress

tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(st.integers(0, 30), min_size=columns, max_size=columns), min_size=1, max_size=6
    )
)


@given(tables)
def test_small_counts_never_show_and_shown_totals_reveal_nothing(counts):
    shown = suppress(
        CountTable(
            [f"r{i}" for i in range(len(counts))], [f"c{j}" for j in range(len(counts[0]))], counts
        )
    )
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


def test_a_count_on_its_own():
    assert [shown_count(n) for n in (0, 1, 9, 10, 250)] == ["0", "<10", "<10", "10", "250"]


def test_an_empty_table_is_published_as_zeros():
    shown = suppress(CountTable([], ["a", "b"], []))
    assert shown.cells == [] and shown.column_totals == ["0", "0"] and shown.total == "0"
