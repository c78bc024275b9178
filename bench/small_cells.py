"""Small-cell suppression of tables of 10 to 80 rows (5 columns, the mix of counts of an
institution-by-category table: zeros, small counts and larger ones), best of three each.

    .venv/bin/python bench/small_cells.py [--sizes 10 20 40 80] [--seed 1]

Prints the seconds per table and, last, `ratio small_cells_per_row_LARGEST_vs_SMALLEST`: the
time per row of the largest table over that of the smallest, measured in the same run (1.0
would be linear; the check re-runs as complements are added, so it grows with the table).
The meeting page suppresses its commitments table on every request: a table of 45 rows took
33 s before entries found free were remembered, and takes about 1 s since."""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casework.privacy.small_cells import suppress_table

MIX = [0, 0, 1, 2, 3, 5, 8, 12, 15, 20, 40]


def table(rows: int, seed: int) -> list[list[int]]:
    rng = random.Random(seed * 1000 + rows)
    return [[rng.choice(MIX) for _ in range(5)] for _ in range(rows)]


def seconds(counts: list[list[int]]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        suppress_table(counts)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 40, 80])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    per_row = {}
    for rows in sorted(args.sizes):
        taken = seconds(table(rows, args.seed))
        per_row[rows] = taken / rows
        print(f"  {rows:4d} rows x 5 columns  {taken:8.3f} s")
    smallest, largest = min(per_row), max(per_row)
    ratio = per_row[largest] / per_row[smallest]
    print(f"ratio small_cells_per_row_{largest}_vs_{smallest} {ratio:.2f}")


if __name__ == "__main__":
    main()
