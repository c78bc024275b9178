"""Domain errors: what went wrong in the user's terms; the service maps each kind to HTTP.

Every refusal is a Message: a stable key (e.g. "referral.not_found"), its English text with
{named} placeholders and the values that fill them, so that it can be shown in the reader's
language; `message` is the English. texts/babel.cfg collects each key's text for the catalogue."""

import math
from datetime import timedelta

from casework.messages import Message


class DomainError(Exception):
    """Base of every refusal the domain gives. `field` names the input at fault, if any;
    `retry_after_seconds`, when the same request may succeed if tried again."""

    retry_after_seconds: int | None = None

    def __init__(self, key: str, text: str, /, *, field: str | None = None, **params: object):
        self.said = Message(key, text, **params)
        self.message = str(self.said)
        super().__init__(self.message)
        self.field = field

    @property
    def key(self) -> str:
        return self.said.key


class NotFound(DomainError):
    """The object does not exist, or the actor may not know that it does (HTTP 404)."""


class InvalidInput(DomainError):
    """The request names something that cannot be used (HTTP 422)."""


class Conflict(DomainError):
    """The request is well formed but the current state forbids it (HTTP 409)."""


class IllegalTransition(Conflict):
    def __init__(self, kind: str, current: str, target: str) -> None:
        super().__init__(
            "state.illegal_transition",
            "a {kind} cannot go from '{current}' to '{target}'",
            field="status",
            kind=kind,
            current=current,
            target=target,
        )
        self.current = current
        self.target = target


class ConcurrentUpdate(Conflict):
    def __init__(self, kind: str) -> None:
        super().__init__(
            "record.concurrent_update",
            "the {kind} was changed by someone else at the same time; reload it",
            kind=kind,
        )


class NoProviderAvailable(Conflict):
    def __init__(self, service: str, on: str) -> None:
        super().__init__(
            "referral.no_provider",
            "no member institution offers '{service}' under a memorandum valid on {on}",
            field="service",
            service=service,
            on=on,
        )


class ConsentRequired(Conflict):
    def __init__(self, purpose: str) -> None:
        super().__init__(
            "consent.required",
            "the beneficiary has not given consent for '{purpose}'",
            field="consent",
            purpose=purpose,
        )


class PermissionDenied(DomainError):
    """The actor is known to be allowed to see the object but not to do this (HTTP 403)."""


class RetryLater(DomainError):
    """A refusal that is not for good: `retry_after_seconds` says when to try again."""

    def __init__(self, key: str, text: str, /, *, retry_after: timedelta, **params: object):
        super().__init__(key, text, **params)
        self.retry_after_seconds = seconds_to_wait(retry_after)


def seconds_to_wait(delay: timedelta) -> int:
    """A delay as the whole seconds of a Retry-After header: rounded up, at least one."""
    return max(1, math.ceil(delay.total_seconds()))


class TooManyAttempts(RetryLater):
    """A limit on guessing was reached (HTTP 429)."""


class DatabaseUnavailable(RetryLater):
    """The database cannot serve at the moment (HTTP 503): stopped, restarting or out of
    reach. Whether a change that failed while committing went through, a reload shows."""

    def __init__(self) -> None:
        super().__init__(
            "database.unavailable",
            "the database is not available at the moment; try again in a few seconds",
            retry_after=timedelta(seconds=5),
        )


def describe(error: BaseException) -> str:
    """How an error may be written down (logs, the outbox, Prefect): a domain error's message,
    which never holds personal data, or else only the error's type, since another library's
    message may quote the values it was given."""
    if isinstance(error, DomainError):
        return f"{type(error).__name__}: {error.message}"
    return type(error).__name__
