"""Failed logins, counted in the database so that every worker process sees the same count:
too many failures for one username or from one client address, within a window, lock logins
from there until the oldest failure leaves the window."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from casework.accounts.model import FailedLogin
from casework.errors import TooManyAttempts
from casework.settings import Settings


@dataclass(frozen=True)
class LoginLimits:
    per_username: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)

    @classmethod
    def of(cls, settings: Settings) -> "LoginLimits":
        return cls(
            per_username=settings.login_failures_per_username,
            per_address=settings.login_failures_per_address,
            window=timedelta(seconds=settings.login_failure_window_seconds),
        )


def _subject(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def subjects(username: str, address: str | None) -> dict[str, str]:
    """The counters a login attempt falls under: its username and, if known, its address."""
    found = {"username": _subject("username", username.casefold())}
    if address:
        found["address"] = _subject("address", address)
    return found


def check(
    session: Session, *, username: str, address: str | None, now: datetime, limits: LoginLimits
) -> None:
    """Raise TooManyAttempts if a counter of this attempt is full."""
    since = now - limits.window
    for kind, subject in subjects(username, address).items():
        limit = limits.per_username if kind == "username" else limits.per_address
        count, oldest = session.execute(
            select(func.count(FailedLogin.id), func.min(FailedLogin.at)).where(
                FailedLogin.subject == subject, FailedLogin.at > since
            )
        ).one()
        if count >= limit:
            raise TooManyAttempts(
                "account.too_many_failed_logins",
                "too many failed logins; try again later",
                retry_after=oldest + limits.window - now,
            )


def record_failure(
    session: Session, *, username: str, address: str | None, now: datetime, limits: LoginLimits
) -> None:
    for subject in subjects(username, address).values():
        session.execute(
            delete(FailedLogin).where(
                FailedLogin.subject == subject, FailedLogin.at <= now - limits.window
            )
        )
        session.add(FailedLogin(subject=subject, at=now))


def forget_failures(session: Session, *, username: str) -> None:
    """A successful login clears its username's count (not its address's: one good account
    must not reset the count of an address that guesses at others)."""
    session.execute(
        delete(FailedLogin).where(FailedLogin.subject == subjects(username, None)["username"])
    )
