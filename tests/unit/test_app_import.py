"""Loading the web app stays quick: Prefect and WeasyPrint (about 1 s together) are loaded
where they are used, not by `import service.app`, which every CLI command and worker pays."""

import subprocess
import sys

from tests.support.databases import ROOT

CHECK = "import sys, service.app; print(' '.join(m for m in ('prefect', 'weasyprint') if m in sys.modules))"


def test_importing_the_app_loads_neither_prefect_nor_weasyprint():
    loaded = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
