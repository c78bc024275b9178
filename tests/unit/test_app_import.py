"""Loading the web app stays quick: Prefect and WeasyPrint (about 1 s together) are loaded
where they are used, not by `import service.app`, which every CLI command and worker pays;
and what the served app loaded stays out of the garbage collector's way."""

import os
import subprocess
import sys

from tests.support.databases import ROOT, TEST_PEPPER, installed

CHECK = "import sys, service.app; print(' '.join(m for m in ('prefect', 'weasyprint') if m in sys.modules))"


def test_importing_the_app_loads_neither_prefect_nor_weasyprint():
    loaded = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []


FROZEN = (
    "import gc, service.app; app = service.app.create_served_app(); "
    "print(any(o is app for o in gc.get_objects()), gc.get_freeze_count())"
)


def test_the_served_app_is_left_out_of_garbage_collection(tmp_path):
    """`casework serve` freezes what building the app made (some 200,000 objects, Prefect's
    among them): a full collection walked them all, 75 ms in which no request moved, and
    the slowest hundredth of requests took 150 ms where the bare FastAPI app took 75
    (bench/api.py). Frozen, the app is no longer among the objects the collector walks."""
    url = installed(tmp_path).database_url
    env = {
        **os.environ,
        "CASEWORK_ENVIRONMENT": "test",
        "CASEWORK_DATA_DIR": str(tmp_path),
        "CASEWORK_DATABASE_URL": url,
        "CASEWORK_UIC_PEPPER": TEST_PEPPER,
        "CASEWORK_DISPATCHER_ENABLED": "false",
    }
    walked, frozen = subprocess.run(
        [sys.executable, "-c", FROZEN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-2:]
    assert walked == "False" and int(frozen) > 100_000
