"""The engine's command line as a real process, in a process group of its own, so that a test
sees every process it left behind (Linux: read from /proc, no extra package)."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.databases import ROOT, TEST_PEPPER, installed
from tests.support.receivers import free_port

CASEWORK = [sys.executable, "-c", "from cli.main import app; app()"]  # this checkout's code
START_TIMEOUT = 180  # a Prefect server on a fresh SQLite file: 12 s here, 40 s under load


def demo_install(data_dir: Path) -> dict[str, str]:
    """What `make demo` prepares, on free ports: a migrated database, the keys, and the
    environment of the shell it runs in (no PREFECT_API_URL)."""
    installed(data_dir)  # where the app finds them by default: the data folder
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREFECT_", "CASEWORK_"))
    }
    return env | {
        "CASEWORK_ENVIRONMENT": "test",
        "CASEWORK_DATA_DIR": str(data_dir),
        "CASEWORK_UIC_PEPPER": TEST_PEPPER,
        "CASEWORK_PREFECT_UI_URL": f"http://127.0.0.1:{free_port()}",
        "PREFECT_HOME": str(data_dir / "prefect"),
    }


def group_members(group: int) -> list[str]:
    """The command lines of the live processes of a process group (zombies are dead)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # it ended while we looked
            continue
        state, _parent, pgid = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgid) == group and state != "Z":
            members.append(command.strip())
    return members


def wait_until_gone(group: int, timeout: float) -> list[str]:
    """Whatever of the group still runs after `timeout` seconds (empty once all ended)."""
    deadline = time.monotonic() + timeout
    while (left := group_members(group)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def wait_answering(url: str, process: subprocess.Popen, timeout: float) -> None:
    """Until `url` answers 200; fails if the process ends first or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer (exit status {process.poll()})")


@contextmanager
def casework_process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """`casework ARGS` as the leader of a new process group; whatever of the group is left
    at the end is killed, so a failing test leaves nothing running either."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*CASEWORK, *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        for _ in range(2):  # a server started late in a dying group gets the second one
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        process.wait()
