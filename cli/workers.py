"""Serving on several processes, each accepting connections on a listening socket of its own.

uvicorn's `--workers` share one listening socket, and a worker's event loop accepts every
connection waiting on it in one wake-up: the keep-alive connections of a burst all landed on
one worker, and a second worker served no more than one (bench/api.py). Here each worker binds
its own socket to the same address with SO_REUSEPORT, and Linux spreads new connections over
the sockets by a hash of their addresses.

No supervisor restarts a worker: if one ends unexpectedly the others are stopped and the
command exits with its status, for the service manager (systemd, a container) to restart the
whole, as it would a single process."""

import multiprocessing
import signal
import socket
import sys
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn


def run(app: str, *, workers: int, **options: Any) -> None:
    """Serve `app` (an import string) with `workers` processes, one meaning this process;
    `options` are uvicorn's."""
    if workers <= 1:
        uvicorn.run(app, **options)
        return
    config = uvicorn.Config(app, workers=workers, **options)
    _refuse_if_taken(config.host, config.port)
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter, as uvicorn's workers
    workers = [spawn.Process(target=_serve, args=(config,)) for _ in range(config.workers)]
    stopping = False

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        for worker in workers:
            if worker.is_alive():
                worker.terminate()  # SIGTERM: uvicorn finishes the requests under way

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for worker in workers:
        worker.start()
    ended = _first_to_end(workers)
    if not stopping:
        stop(signal.SIGTERM, None)
    for worker in workers:
        worker.join()
    if not stopping or ended.exitcode not in (0, -signal.SIGTERM):
        sys.exit(f"a worker (pid {ended.pid}) ended with status {ended.exitcode}")


def _first_to_end(workers: list[BaseProcess]) -> BaseProcess:
    sentinels = {worker.sentinel: worker for worker in workers}
    return sentinels[wait(list(sentinels))[0]]  # type: ignore[index]


def _refuse_if_taken(host: str, port: int) -> None:
    """SO_REUSEPORT would let our workers share the port with a process of the same user that
    listens on it too (an old instance left running): bind once without it, to fail as a
    single process would."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as taken:
            sys.exit(f"cannot listen on {host}:{port}: {taken.strerror}")


def _serve(config: uvicorn.Config) -> None:
    # A spawned worker starts with logging unconfigured: apply the config's (access log off,
    # levels) as uvicorn's own workers do, or every request is logged through the root logger.
    config.configure_logging()
    uvicorn.Server(config).run(sockets=[listening_socket(config.host, config.port)])


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket of this worker's own on the shared address. Made as TCP by name: asyncio
    turns Nagle's algorithm off (TCP_NODELAY) only on sockets whose protocol says TCP, and
    with it on, an answer sent in two writes waited for the client's delayed ACK, 40 ms a
    request on a keep-alive connection."""
    listener = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    return listener


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
