"""Failed logins, counted in the database so that every worker process sees the same count:
too many failures for one username or from one client address, within a window, lock logins
from there until the oldest failure leaves the window.

An attempt is counted before its password is checked, under a lock on its counters, so that
concurrent attempts cannot all pass the check while the first ones are still hashing; a
correct password takes its count back (`forgive`)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from casework.accounts.model import FailedLogin
from casework.errors import TooManyAttempts
from casework.privacy.keys import KeyRing, keyed_digest
from casework.settings import Settings

KEY_PURPOSE = "login-throttle"


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


def subjects(keys: KeyRing, username: str, address: str | None) -> dict[str, str]:
    """The counters a login attempt falls under: its username and, if known, its address,
    each as a keyed digest (an unkeyed one gives an address up to anyone who tries them all)."""
    key = keys.derived_key(KEY_PURPOSE)
    found = {"username": keyed_digest(key, f"username:{username.casefold()}")}
    if address:
        found["address"] = keyed_digest(key, f"address:{address}")
    return found


def admit(
    session: Session, *, subjects: dict[str, str], now: datetime, limits: LoginLimits
) -> list[int]:
    """Count an attempt as failed until its password proves right, and return the rows that
    count it; raise TooManyAttempts instead if a counter of this attempt is full."""
    _lock(session, subjects.values())
    since = now - limits.window
    for kind, subject in subjects.items():
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
    counted = []
    for subject in subjects.values():
        session.execute(
            delete(FailedLogin).where(FailedLogin.subject == subject, FailedLogin.at <= since)
        )
        row = FailedLogin(subject=subject, at=now)
        session.add(row)
        session.flush()
        counted.append(row.id)
    return counted


def forgive(session: Session, *, subjects: dict[str, str], counted: list[int]) -> None:
    """A successful login clears its username's count and takes back what this attempt added
    to its address's (not the address's earlier failures: one good account must not reset the
    count of an address that guesses at others)."""
    session.execute(
        delete(FailedLogin).where(
            (FailedLogin.subject == subjects["username"]) | FailedLogin.id.in_(counted)
        )
    )


def forget_expired(session: Session, *, before: datetime) -> int:
    """Delete every failure that has left the window, whoever it counted; returns how many."""
    return session.execute(delete(FailedLogin).where(FailedLogin.at <= before)).rowcount


def _lock(session: Session, subjects) -> None:
    """Attempts on the same counters queue here until the one before has been counted. SQLite
    needs nothing: its transactions begin with the database's write lock (casework.db).
    PostgreSQL takes one advisory lock per counter, in a fixed order so that two attempts
    sharing both counters cannot deadlock; they are released at commit."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for subject in sorted(subjects):
        lock_id = int.from_bytes(bytes.fromhex(subject)[:8], "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(lock_id)))
