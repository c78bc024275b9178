"""What every flow shares: how it gets a unit of work and its channels, and the actor it is."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from casework.actors import Actor, system_actor
from casework.bootstrap import unit_of_work
from casework.notifications.channels import configured_senders
from casework.notifications.delivery import RetryPolicy, Sender
from casework.notifications.model import Channel
from casework.privacy.safe_logs import configure_logging
from casework.settings import Settings, get_settings
from casework.uow import UnitOfWork

# A worker runs a flow in a process of Prefect's that loads the flow's module, and so this
# one: its records take the ids-only format here, after Prefect set up its own console.
configure_logging()

_factory: Callable[[], UnitOfWork] = unit_of_work
_settings: Settings | None = None


def uow() -> UnitOfWork:
    return _factory()


@contextmanager
def configured(
    uow_factory: Callable[[], UnitOfWork], settings: Settings | None = None
) -> Iterator[None]:
    """For the duration, point every flow in this process at another database, clock or
    settings (the app for its lifetime, tests, benchmarks); what was before comes back."""
    global _factory, _settings
    previous = _factory, _settings
    _factory, _settings = uow_factory, settings or _settings
    try:
        yield
    finally:
        _factory, _settings = previous


def settings() -> Settings:
    return _settings or get_settings()


def senders() -> dict[Channel, Sender]:
    return configured_senders(settings())


def retry_policy() -> RetryPolicy:
    current = settings()
    return RetryPolicy(
        max_attempts=current.delivery_max_attempts,
        backoff=timedelta(seconds=current.delivery_backoff_seconds),
    )


def actor(flow_name: str) -> Actor:
    return system_actor(f"flow:{flow_name}")


def today() -> date:
    """The date in the region's time zone, by the clock flows run against."""
    unit = uow()
    return unit.calendar.today(unit.now())
