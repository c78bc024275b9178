"""What every table of the network's figures is counted with: an interval of time, a grid of
counts from (row, column) pairs, and the fewest counts a median or share stands on. Kept apart
from figures.py, which imports the meetings, so that commitments.py (which the meetings
import) can share them."""

from datetime import datetime

from casework.privacy import small_cells
from casework.privacy.figures import CountTable

Bounds = tuple[datetime, datetime]  # [start, end), aware
# No median or share of fewer than a small cell.
MIN_FOR_STATISTICS = max(small_cells.SMALL) + 1


def between(column, bounds: Bounds):
    """`column` set and within [start, end)."""
    return column.is_not(None) & (column >= bounds[0]) & (column < bounds[1])


def grid(rows: list[str], columns: list[str], pairs: list[tuple[str, str]]) -> CountTable:
    """One count per (row, column) pair."""
    counts = [[0] * len(columns) for _ in rows]
    for row, column in pairs:
        counts[rows.index(row)][columns.index(column)] += 1
    return CountTable(rows, columns, counts)
