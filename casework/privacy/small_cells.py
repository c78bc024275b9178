"""Small-cell suppression for every count shown outside the owning NGO (reports, dashboards,
exports): 1 to 9 is shown as "<10", and further cells are hidden so that no hidden cell can
be worked out from the totals.

Primary suppression hides every count from 1 to 9, totals included ("<10"). Complementary
suppression then hides counts of 10 or more ("10+") until someone who knows every shown
number, that rows and columns add up to their totals and what "<10" and "10+" mean still
cannot pin any hidden count to one value; the check is exact, not a list of known attacks.
Zeros are never hidden: a hidden zero would read as "<10" or "10+", which it is not."""

from collections.abc import Sequence
from dataclasses import dataclass

PRIMARY = "<10"
COMPLEMENTARY = "10+"
SMALL = range(1, 10)

Entry = tuple[int, int]  # (row, column) in the grid of cells plus a total row and column


def suppress_count(count: int) -> str:
    """One count shown on its own, with nothing to subtract it from."""
    return PRIMARY if count in SMALL else str(count)


@dataclass(frozen=True)
class SuppressedTable:
    cells: tuple[tuple[str, ...], ...]
    row_totals: tuple[str, ...]
    column_totals: tuple[str, ...]
    grand_total: str


def suppress_table(counts: Sequence[Sequence[int]], *, hide_total: bool = False) -> SuppressedTable:
    """Counts by row and column, shown with row, column and grand totals. `hide_total`: the
    grand total is hidden too, as another table that counts the same population hides its own
    (a total shown here would be that table's hidden one)."""
    grid = _with_totals(counts)
    rows, cols = len(grid), len(grid[0])
    hidden = {(i, j): PRIMARY for i in range(rows) for j in range(cols) if grid[i][j] in SMALL}
    if hide_total and grid[-1][-1] and (rows - 1, cols - 1) not in hidden:
        hidden[rows - 1, cols - 1] = COMPLEMENTARY
    free: set[Entry] = set()
    while (pinned := _first_pinned(grid, hidden, free)) is not None:
        complement = _complement_for(grid, hidden, pinned)
        if complement is None:  # nothing left to hide but zeros: every count is hidden
            break
        hidden[complement] = COMPLEMENTARY
    shown = [[hidden.get((i, j), str(grid[i][j])) for j in range(cols)] for i in range(rows)]
    return SuppressedTable(
        cells=tuple(tuple(row[:-1]) for row in shown[:-1]),
        row_totals=tuple(row[-1] for row in shown[:-1]),
        column_totals=tuple(shown[-1][:-1]),
        grand_total=shown[-1][-1],
    )


def _with_totals(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    if not counts or not counts[0] or any(len(row) != len(counts[0]) for row in counts):
        raise ValueError("a table has at least one row and one column, all rows alike")
    if any(c < 0 for row in counts for c in row):
        raise ValueError("counts are never negative")
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def _bounds(grid: list[list[int]], hidden: dict[Entry, str], big: int) -> dict[Entry, tuple]:
    """What someone who sees the published table knows of each entry."""
    ranges = {PRIMARY: (1, 9), COMPLEMENTARY: (10, big)}
    return {
        (i, j): ranges[hidden[i, j]] if (i, j) in hidden else (value, value)
        for i, row in enumerate(grid)
        for j, value in enumerate(row)
    }


def _first_pinned(
    grid: list[list[int]], hidden: dict[Entry, str], free: set[Entry]
) -> Entry | None:
    """A hidden entry whose value the published table fixes, if any. The feasible values of
    one entry form an interval of integers (the line sums of a two-way table are a network:
    its polytope has integer vertices), so an entry is free iff its value plus or minus one
    is feasible too. Hiding another entry only widens what the reader knows, so an entry
    found free stays free: it is added to `free` and never checked again (without that, a
    table of 45 rows took half a minute)."""
    big = 2 * grid[-1][-1] + 10  # above any value the entries could take
    known = _bounds(grid, hidden, big)
    for entry in sorted(hidden.keys() - free):
        value = grid[entry[0]][entry[1]]
        low, high = known[entry]
        alternatives = [v for v in (value - 1, value + 1) if low <= v <= high]
        if not any(_feasible(grid, {**known, entry: (v, v)}) for v in alternatives):
            return entry
        free.add(entry)
    return None


def _feasible(grid: list[list[int]], bounds: dict[Entry, tuple]) -> bool:
    """Is there a table with non-negative counts within `bounds` whose lines add up?
    Rows and columns as a flow network: source -> row i (its total) -> column j (the cell)
    -> sink (the column total) -> source (the grand total), a circulation with lower bounds."""
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    source, sink = 0, rows + cols + 1
    edges = [(source, 1 + i, bounds[i, cols]) for i in range(rows)]
    edges += [(1 + i, 1 + rows + j, bounds[i, j]) for i in range(rows) for j in range(cols)]
    edges += [(1 + rows + j, sink, bounds[rows, j]) for j in range(cols)]
    edges.append((sink, source, bounds[rows, cols]))
    return _circulation_exists(sink + 1, edges)


def _circulation_exists(nodes: int, edges: list[tuple[int, int, tuple]]) -> bool:
    """Lower bounds become demands on a super source and sink; a maximum flow that
    saturates them is a circulation (Edmonds-Karp: these graphs have a few dozen nodes)."""
    size = nodes + 2
    super_source, super_sink = nodes, nodes + 1
    capacity = [[0] * size for _ in range(size)]
    excess = [0] * nodes
    for u, v, (low, high) in edges:
        if low > high:
            return False
        capacity[u][v] += high - low
        excess[v] += low
        excess[u] -= low
    for node, amount in enumerate(excess):
        if amount > 0:
            capacity[super_source][node] += amount
        elif amount < 0:
            capacity[node][super_sink] -= amount
    needed = sum(a for a in excess if a > 0)
    return _max_flow(capacity, super_source, super_sink) == needed


def _max_flow(capacity: list[list[int]], source: int, sink: int) -> int:
    total, size = 0, len(capacity)
    # Residual capacity only ever appears along an edge or against one: search those alone.
    neighbours = [
        [v for v in range(size) if capacity[u][v] > 0 or capacity[v][u] > 0] for u in range(size)
    ]
    while True:
        parent = [-1] * size
        parent[source] = source
        queue = [source]
        for u in queue:
            for v in neighbours[u]:
                if parent[v] == -1 and capacity[u][v] > 0:
                    parent[v] = u
                    queue.append(v)
        if parent[sink] == -1:
            return total
        path, v = [], sink
        while v != source:
            path.append((parent[v], v))
            v = parent[v]
        pushed = min(capacity[u][v] for u, v in path)
        for u, v in path:
            capacity[u][v] -= pushed
            capacity[v][u] += pushed
        total += pushed


def _complement_for(grid: list[list[int]], hidden: dict[Entry, str], pinned: Entry):
    """The next count of 10 or more to hide: the smallest cell in the row or column of
    `pinned`, else the smallest cell anywhere (closing a rectangle of hidden cells), and
    totals only when no cell is left, since a hidden total hides more of the table."""
    rows, cols = len(grid), len(grid[0])
    i, j = pinned
    visible = [(r, c) for r in range(rows) for c in range(cols) if (r, c) not in hidden]
    large = [e for e in visible if grid[e[0]][e[1]] >= 10]
    cells = [e for e in large if e[0] < rows - 1 and e[1] < cols - 1]
    totals = [e for e in large if e not in cells]
    for pool in (cells, totals):
        near = [e for e in pool if e[0] == i or e[1] == j]
        for choice in (near, pool):
            if choice:
                return min(choice, key=lambda e: (grid[e[0]][e[1]], e))
    return None
