"""`casework serve --workers N`: each worker accepts on a listening socket of its own, so that
connections spread over the workers; the workers stop together, on SIGTERM or when one ends;
and a port something else listens on is refused, as a single process would refuse it."""

import os
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.support.processes import (
    START_TIMEOUT,
    casework_process,
    demo_install,
    wait_answering,
    wait_until_gone,
)
from tests.support.receivers import free_port

pytestmark = pytest.mark.slow
LISTEN, ESTABLISHED = "0A", "01"  # states in /proc/net/tcp


@pytest.fixture
def install(tmp_path) -> dict[str, str]:
    # No flows to run: the workers need no Prefect server.
    return demo_install(tmp_path) | {"CASEWORK_DISPATCHER_ENABLED": "false"}


def sockets_on(port: int, state: str) -> set[int]:
    """Inodes of the IPv4 sockets on local `port` in `state`."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
            inodes.add(int(fields[9]))
    return inodes


def holders(inodes: set[int]) -> dict[int, int]:
    """Which process holds each of `inodes`: {pid: how many}."""
    held: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            links = [os.readlink(fd) for fd in (entry / "fd").iterdir()]
        except OSError:  # ended while we looked
            continue
        count = sum(
            1 for link in links if link.startswith("socket:[") and int(link[8:-1]) in inodes
        )
        if count:
            held[int(entry.name)] = count
    return held


def listening_workers(port: int, serve, count: int = 2) -> dict[int, int]:
    """The processes listening on `port`, once `count` of them do: /healthz answers from the
    first worker up, and the second may still be starting (on a loaded machine, seconds later)."""
    wait_answering(f"http://127.0.0.1:{port}/healthz", serve, START_TIMEOUT)
    deadline = time.monotonic() + START_TIMEOUT
    while len(listeners := holders(sockets_on(port, LISTEN))) < count:
        assert serve.poll() is None and time.monotonic() < deadline, listeners
        time.sleep(0.2)
    return listeners


def accepted_by(listeners: dict[int, int], port: int, count: int, serve) -> dict[int, int]:
    """How many of `count` connections each listener took, once they all are taken: a
    connection is established before a worker accepts it, and a worker on a loaded machine
    may take a while to."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        held = holders(sockets_on(port, ESTABLISHED))
        accepted = {pid: n for pid, n in held.items() if pid in listeners}
        if sum(accepted.values()) >= count:
            return accepted
        assert serve.poll() is None and time.monotonic() < deadline, accepted
        time.sleep(0.1)


def serving(install, tmp_path, port: int, workers: int = 2, access_log: bool = False):
    args = ["serve", "--workers", str(workers), "--port", str(port)]
    return casework_process(
        [*args, "--access-log" if access_log else "--no-access-log"],
        install,
        tmp_path / "serve.log",
    )


def test_each_worker_listens_on_its_own_socket_and_connections_spread_over_them(install, tmp_path):
    port = free_port()
    with serving(install, tmp_path, port) as serve:
        listeners = listening_workers(port, serve)
        assert len(listeners) == 2 and set(listeners.values()) == {1}
        assert serve.pid not in listeners  # the workers listen, not the parent

        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(16)]
        try:
            accepted = accepted_by(listeners, port, len(clients), serve)
            # Both workers took some (all 16 on one: once in 2**15 by the kernel's hash).
            assert set(accepted) == set(listeners), accepted
        finally:
            for client in clients:
                client.close()

        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 0
        assert wait_until_gone(serve.pid, timeout=10) == []


@pytest.mark.parametrize("access_log", [True, False], ids=["access-log", "no-access-log"])
def test_each_worker_logs_requests_only_if_asked(install, tmp_path, access_log):
    """The workers are fresh interpreters: each sets up uvicorn's logging as asked, as a
    single process does (--no-access-log was ignored by the workers, which logged every
    request, a cost on every request too)."""
    port = free_port()
    with serving(install, tmp_path, port, access_log=access_log) as serve:
        listening_workers(port, serve)
        for _ in range(8):  # a connection each: spread over both workers
            assert httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 0
    lines = (tmp_path / "serve.log").read_text().splitlines()
    logged = [line for line in lines if '"logger": "uvicorn.access"' in line]
    assert len(logged) >= 8 if access_log else logged == []


def test_when_a_worker_ends_the_others_stop_and_the_command_fails(install, tmp_path):
    port = free_port()
    with serving(install, tmp_path, port) as serve:
        one, _ = listening_workers(port, serve)
        os.kill(one, signal.SIGKILL)
        assert serve.wait(timeout=60) == 1
        assert wait_until_gone(serve.pid, timeout=10) == []
    assert f"a worker (pid {one}) ended with status -9" in (tmp_path / "serve.log").read_text()


def test_a_port_another_process_listens_on_is_refused(install, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serving(install, tmp_path, port) as serve:
            assert serve.wait(timeout=START_TIMEOUT) == 1
    assert "cannot listen on 127.0.0.1:" in (tmp_path / "serve.log").read_text()
