"""Small counts never show, and a hidden count cannot be worked out from what does show."""

import itertools
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.privacy.small_cells import (
    COMPLEMENTARY,
    PRIMARY,
    SuppressedTable,
    suppress_count,
    suppress_table,
)

# Mostly small counts and zeros, some large: the mix that forces complementary suppression.
counts = st.one_of(st.integers(0, 12), st.sampled_from([0, 1, 9, 10, 11, 25, 140]))


def tables(max_rows: int, max_cols: int, values=counts):
    return st.integers(1, max_rows).flatmap(
        lambda rows: st.integers(1, max_cols).flatmap(
            lambda cols: st.lists(
                st.lists(values, min_size=cols, max_size=cols), min_size=rows, max_size=rows
            )
        )
    )


def grid_of(table: SuppressedTable) -> list[list[str]]:
    rows = [[*cells, total] for cells, total in zip(table.cells, table.row_totals, strict=True)]
    return [*rows, [*table.column_totals, table.grand_total]]


def true_grid(counts: list[list[int]]) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in counts]
    return [*rows, [sum(column) for column in zip(*rows, strict=True)]]


def test_a_count_on_its_own_shows_1_to_9_as_under_ten():
    assert [suppress_count(n) for n in (0, 1, 9, 10, 57)] == ["0", "<10", "<10", "10", "57"]


def test_a_small_cell_next_to_shown_totals_takes_a_partner_with_it():
    table = suppress_table([[3, 40], [25, 31]])
    # 43 - 40 would give the 3 back, so 40 hides too; then 28 - 25 would, so 25 hides, and
    # the four cells now move together: 3 could be 4 if 40 were 39, 25 were 24 and 31 were 32.
    assert grid_of(table) == [
        [PRIMARY, COMPLEMENTARY, "43"],
        [COMPLEMENTARY, COMPLEMENTARY, "56"],
        ["28", "71", "99"],
    ]


def test_a_table_without_small_counts_shows_everything():
    table = suppress_table([[15, 22], [31, 40]])
    assert grid_of(table) == [["15", "22", "37"], ["31", "40", "71"], ["46", "62", "108"]]


@pytest.mark.parametrize("bad", [[], [[]], [[1, 2], [3]], [[-1]]])
def test_a_malformed_table_is_refused(bad):
    with pytest.raises(ValueError):
        suppress_table(bad)


@settings(max_examples=150, deadline=None)
@given(tables(6, 6))
def test_what_shows_is_true_small_counts_never_show_and_no_line_hides_just_one(counts):
    published, truth = grid_of(suppress_table(counts)), true_grid(counts)
    for shown_row, true_row in zip(published, truth, strict=True):
        for shown, true in zip(shown_row, true_row, strict=True):
            if 1 <= true <= 9:
                assert shown == PRIMARY
            elif shown == COMPLEMENTARY:
                assert true >= 10
            else:
                assert shown == str(true)
    # Subtracting the shown parts of a line from its total recovers a lone hidden entry.
    for line in [*published, *zip(*published, strict=True)]:
        assert sum(v in (PRIMARY, COMPLEMENTARY) for v in line) != 1


def consistent_values(table: SuppressedTable, cap: int) -> dict[tuple[int, int], set[int]]:
    """By brute force: the values each entry takes over every table of counts that would be
    published exactly like this one (counts of a "10+" cell tried up to `cap`: a bound that
    can only hide alternatives, so it makes the test stricter, never laxer)."""
    published = grid_of(table)
    rows, cols = len(published) - 1, len(published[0]) - 1
    domain = {PRIMARY: range(1, 10), COMPLEMENTARY: range(10, cap + 1)}

    def fits(shown: str, total: int) -> bool:
        if shown == COMPLEMENTARY:
            return total >= 10
        return total in domain[shown] if shown in domain else int(shown) == total

    def options(i: int) -> list[tuple[int, ...]]:
        choices = [domain[v] if v in domain else [int(v)] for v in published[i][:-1]]
        return [c for c in itertools.product(*choices) if fits(published[i][-1], sum(c))]

    seen = defaultdict(set)
    for candidate in itertools.product(*(options(i) for i in range(rows))):
        column_sums = [sum(column) for column in zip(*candidate, strict=True)]
        if not all(fits(published[rows][j], column_sums[j]) for j in range(cols)):
            continue
        if not fits(published[rows][cols], sum(column_sums)):
            continue
        for i, j in itertools.product(range(rows + 1), range(cols + 1)):
            row = candidate[i] if i < rows else column_sums
            seen[i, j].add(row[j] if j < cols else sum(row))
    return seen


@pytest.mark.slow
@settings(max_examples=120, deadline=None)
@given(tables(2, 3, values=st.integers(0, 13)))
def test_no_hidden_small_count_can_be_pinned_by_any_reasoning_on_the_totals(counts):
    table = suppress_table(counts)
    truth = true_grid(counts)
    published = grid_of(table)
    seen = consistent_values(table, cap=15)
    for (i, j), shown in ((e, published[e[0]][e[1]]) for e in seen):
        if shown == PRIMARY:
            assert truth[i][j] in seen[i, j]
            assert len(seen[i, j]) >= 2, f"the hidden count at {(i, j)} can be worked out"
