"""Everything a page or report shows to a reader who may not see the rows counted, taken
together, pins no hidden count: generated data, the same shaping the pages and the report
use, and a reader who combines every figure and every listed row (tests/support/recovery.py).
The meeting agenda, whose counts come from the database, is tested the same way in
tests/integration/test_agenda_counts.py."""

import uuid
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.governance.reports.commitment_shares import MIN_FOR_STATISTICS, commitment_shares
from casework.governance.reports.commitments import (
    ACCEPTANCE,
    ACCEPTANCE_TABLE,
    SERVICE,
    SERVICE_TABLE,
)
from casework.governance.reports.figures import OUTCOMES, SAME_TOTAL, headline
from casework.network.services import ServiceCode
from casework.privacy.figures import CountTable, ShownTable, shown_figures
from casework.referrals.queries.dashboard import OPEN_COLUMNS, board
from casework.referrals.views import OverdueReferral
from tests.support.recovery import recovered

# Mostly zeros and small counts, some large: the mix that forces complementary suppression.
counts = st.one_of(st.integers(0, 12), st.sampled_from([0, 1, 9, 10, 11, 25]))
INSTITUTIONS = ["AIDS Centre", "TB Dispensary", "Justice Department"]


def grid(rows: int, columns: int):
    return st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=rows, max_size=rows
    )


def overdue_rows(institution: str, column, n: int) -> list[OverdueReferral]:
    return [
        OverdueReferral(
            referral_id=uuid.uuid4(),
            case_id=None,
            serial=f"KHT-2026-{k:06d}-0",
            service=ServiceCode.HIV_TESTING,
            status=column.status,
            institution=institution,
            ngo="NGO",
            due_at=datetime(2026, 3, 1, tzinfo=UTC),
            escalation_level=0,
            flow_run_id=None,
        )
        for k in range(n)
    ]


def dashboard_of(cells: list[list[int]], *, sees_rows: bool):
    institutions = INSTITUTIONS[: len(cells)]
    tallies = {
        (name, column): n
        for name, row in zip(institutions, cells, strict=True)
        for column, n in zip(OPEN_COLUMNS, row, strict=True)
        if n
    }
    overdue = [
        r
        for (name, column), n in tallies.items()
        if column.overdue
        for r in overdue_rows(name, column, n)
    ]
    return board("network", tallies, overdue, sees_rows=sees_rows)


def listed_by_cell(shown, institutions) -> dict[tuple[int, int], int]:
    """Each listed row is one referral the reader can count into its cell."""
    cells: dict[tuple[int, int], int] = {}
    for r in shown.overdue:
        column = next(c for c in OPEN_COLUMNS if c.status is r.status and c.overdue)
        entry = (institutions.index(r.institution), OPEN_COLUMNS.index(column))
        cells[entry] = cells.get(entry, 0) + 1
    return cells


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3).flatmap(lambda rows: grid(rows, len(OPEN_COLUMNS))))
def test_the_coordinators_dashboard_gives_no_hidden_count_away(cells):
    shown = dashboard_of(cells, sees_rows=False)
    assert shown.overdue == []  # single referrals only to those who may see them
    # Institutions with something open, in the order the table lists them.
    by_name = dict(zip(INSTITUTIONS, cells, strict=False))
    o = shown.open
    cells = [by_name[name] for name in o.institutions]
    if not cells:
        assert o.institutions == [] and o.total == "0"
        return
    table = ShownTable(o.institutions, [], o.cells, o.row_totals, o.column_totals, o.total)
    listed = listed_by_cell(shown, o.institutions)
    assert recovered(cells, table, listed=listed) == []


def test_a_list_beside_the_table_would_give_a_hidden_count_away():
    """What the check catches: nine overdue referrals listed beside a cell shown as "<10"."""
    cells = [[0, 9, 30, 0, 12, 0, 0]]
    exact = dashboard_of(cells, sees_rows=True)  # the rows, as their NGO sees them
    table = shown_figures({"t": CountTable(["AIDS Centre"], [], cells)}, sees_rows=False)
    listed = listed_by_cell(exact, ["AIDS Centre"])
    assert (0, 1) in recovered(cells, table.tables["t"], listed=listed)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3).flatmap(lambda rows: grid(rows, len(OPEN_COLUMNS))))
def test_an_ngo_sees_its_own_counts_exactly_and_every_overdue_referral(cells):
    shown = dashboard_of(cells, sees_rows=True)
    by_name = dict(zip(INSTITUTIONS, cells, strict=False))
    cells = [by_name[name] for name in shown.open.institutions]
    assert shown.open.cells == [[str(n) for n in row] for row in cells]
    assert len(shown.overdue) == sum(
        n for row in cells for c, n in zip(OPEN_COLUMNS, row, strict=True) if c.overdue
    )


REPORT_TABLES = {  # the report's populations and their shapes (rows, columns)
    "issued": (3, 3),
    "acceptance": (2, 4),
    "outcomes": (2, len(OUTCOMES)),
    "escalations": (2, 2),
    "breaches": (2, 2),
    "cases_resolved": (1, 1),
    "people": (2, 1),
    "people_by_need": (3, 2),
    "people_by_group": (3, 2),
    "commitments_acceptance": (2, 5),
    "commitments_service": (2, 4),
}
HEADLINE = {  # which entry of which table each tile quotes (-1: the total)
    "issued": ("issued", (-1, -1)),
    "accepted": ("acceptance", (-1, -1)),
    "delivered": ("outcomes", (-1, OUTCOMES.index("delivered"))),
    "cases_resolved": ("cases_resolved", (-1, -1)),
    "escalations": ("escalations", (-1, -1)),
    "breaches": ("breaches", (-1, -1)),
    "people_helped": ("people", (-1, -1)),
}


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({k: grid(*shape) for k, shape in REPORT_TABLES.items()}))
def test_a_report_gives_no_hidden_count_away(month):
    def columns(name: str, width: int) -> list[str]:
        named = {"outcomes": OUTCOMES, ACCEPTANCE_TABLE: ACCEPTANCE, SERVICE_TABLE: SERVICE}
        return named.get(name, [str(j) for j in range(width)])

    counted = {
        name: CountTable([f"{name}{i}" for i in range(len(c))], columns(name, len(c[0])), c)
        for name, c in month.items()
    }
    shown = shown_figures(counted, sees_rows=False).tables
    tiles = headline(shown)
    for name, cells in month.items():
        rows, columns = len(cells) + 1, len(cells[0]) + 1
        quotes = [
            ((entry[0] % rows, entry[1] % columns), tiles[tile])
            for tile, (table, entry) in HEADLINE.items()
            if table == name
        ]
        assert recovered(cells, shown[name], quotes=quotes) == [], name
    # The shares of commitments kept are worked out from shown counts alone: a share stands
    # only on exact counts of at least ten.
    for line in commitment_shares(shown):
        for share in (line.accepted_in_time, line.served_in_time):
            assert share is None or share.judged >= MIN_FOR_STATISTICS


# Referrals issued in a quarter, each (institution, category, month): the quarter's table and
# its trend by month count the same referrals, and the trend's months add up to the total.
issued_referrals = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 2)), max_size=60
)


@settings(max_examples=300, deadline=None)
@given(issued_referrals)
def test_a_longer_periods_trend_gives_no_hidden_count_away(referrals):
    def grid(rows: int, columns: int, pairs) -> list[list[int]]:
        counts = [[0] * columns for _ in range(rows)]
        for row, column in pairs:
            counts[row][column] += 1
        return counts

    issued = grid(3, 3, [(i, c) for i, c, _ in referrals])
    by_month = grid(1, 3, [(0, m) for _, _, m in referrals])
    shown = shown_figures(
        {
            "issued": CountTable(["a", "b", "c"], ["x", "y", "z"], issued),
            "trend": CountTable(["issued"], ["2026-01", "2026-02", "2026-03"], by_month),
        },
        sees_rows=False,
        same_total=SAME_TOTAL,
    ).tables
    # Each table's total is the other's too: a reader quotes one against the other.
    assert recovered(issued, shown["issued"], quotes=[((3, 3), shown["trend"].total)]) == []
    assert recovered(by_month, shown["trend"], quotes=[((1, 3), shown["issued"].total)]) == []


def test_a_total_two_tables_share_is_hidden_in_both_or_neither():
    """Found by the test above: the quarter's table hid its total as "10+" while its trend
    by month showed it, and the trend's total pinned the table's hidden cells."""
    referrals = [(0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 0, 2), (0, 1, 0), (0, 1, 1), (0, 1, 1)]
    referrals += [(0, 1, 2), (0, 1, 2), (0, 2, 1), (0, 2, 1), (0, 2, 1), (1, 0, 0), (1, 0, 1)]
    referrals += [(1, 0, 1), (1, 0, 2), (1, 0, 2), (1, 1, 1), (1, 1, 1), (2, 0, 0), (2, 0, 2)]
    referrals += [(2, 0, 2), (2, 1, 1), (2, 1, 2), (2, 1, 2), (2, 1, 2), (2, 2, 0), (2, 2, 0)]
    referrals += [(2, 2, 0), (2, 2, 1), (2, 2, 2)]
    test_a_longer_periods_trend_gives_no_hidden_count_away.hypothesis.inner_test(referrals)
