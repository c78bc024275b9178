"""The one Prefect server the flows of this process report to: the local one `casework serve
--with-prefect-server` starts (`make demo`), or the one PREFECT_API_URL names. Left to itself,
Prefect would start a temporary server in a child process that outlives a terminated app and
whose runs no dashboard shows; flows/__init__.py turns that off, and whatever runs flows asks
here first. Prefect is imported only when asked: the web app loads without it (about 0.6 s)."""

NO_SERVER = (
    "no Prefect server for the flows: set PREFECT_API_URL to a running one "
    "(http://HOST:PORT/api), or start the app with `casework serve --with-prefect-server`, "
    "as `make demo` does"
)


class NoPrefectServer(SystemExit):
    """Raised instead of running flows: the process exits non-zero with this one line."""


def configured() -> bool:
    """Whether this process talks to a known Prefect server (read from Prefect's settings:
    the environment, or the active profile in PREFECT_HOME)."""
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())


def require_server() -> None:
    """Stop here, with the one line saying what to do, unless a Prefect server is known."""
    if not configured():
        raise NoPrefectServer(NO_SERVER)


def flush_to_server(timeout: float) -> None:
    """Send the run logs and events this process still holds while the server is there to
    take them: Prefect sends them at interpreter exit otherwise, and waits without a limit
    for a server that `casework serve` has stopped by then. Call it with no event loop
    running in this thread."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=timeout)
