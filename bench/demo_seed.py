"""What `casework demo seed` adds to `make demo`: its wall time on a fresh embedded database
(budget: one minute), the CPU of the process playing the year and of the workers laying out
the monthly reports' PDFs beside it, and how well the two overlap, as a ratio measured in the
same run: wall time over the year's own CPU time (1.0: the PDFs cost no waiting at all).

    .venv/bin/python bench/demo_seed.py
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = 60.0
CASEWORK = Path(sys.executable).parent / "casework"


def casework(*arguments: str, env: dict[str, str]) -> None:
    done = subprocess.run([str(CASEWORK), *arguments], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"casework {' '.join(arguments)} failed:\n{done.stderr}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as data_dir:
        env = {**os.environ, "CASEWORK_ENVIRONMENT": "demo", "CASEWORK_DATA_DIR": data_dir}
        casework("keys", "init", env=env)
        casework("db", "upgrade", env=env)
        start = time.perf_counter()
        # The seed's workers are its children: their CPU counts once the seed has waited.
        seed = subprocess.run(
            [
                sys.executable,
                "-c",
                "import resource, sys; from cli.main import app\n"
                "try:\n    app(['demo', 'seed'], standalone_mode=False)\n"
                "finally:\n    print(resource.getrusage(resource.RUSAGE_SELF).ru_utime,"
                " resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime, file=sys.stderr)",
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wall = time.perf_counter() - start
    year_cpu, workers_cpu = map(float, seed.stderr.strip().splitlines()[-1].split())
    print(f"demo seed: {wall:.1f} s wall (budget {BUDGET_SECONDS:.0f} s)")
    print(f"the year's process: {year_cpu:.1f} s CPU; report workers: {workers_cpu:.1f} s CPU")
    print(f"ratio demo_seed_wall_vs_year_cpu {wall / year_cpu:.2f}")


if __name__ == "__main__":
    main()
