"""Failed-login limits hold under concurrent attempts, the password check holds no lock, and
the counters keep nothing a copy of the database could turn back into an address."""

import hashlib
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError

from casework.accounts import commands
from casework.accounts.commands import InvalidCredentials, forget_expired_failed_logins, log_in
from casework.accounts.model import FailedLogin
from casework.accounts.throttle import LoginLimits
from casework.db import create_db_engine
from casework.errors import TooManyAttempts
from tests.support.databases import DEMO_PASSWORD, make_uow

ADDRESS = "203.0.113.7"


def test_concurrent_wrong_passwords_get_no_more_checks_than_the_limit(new_uow, monkeypatch):
    """12 attempts released at once against a limit of 5: at most 5 passwords are checked."""
    checked = []
    real_verify = commands.verify_password

    def slow_verify(password_hash, password):
        checked.append(password)
        time.sleep(0.05)  # let the other attempts arrive while this one is being checked
        return real_verify(password_hash, password)

    monkeypatch.setattr(commands, "verify_password", slow_verify)
    limits = LoginLimits(per_username=5)
    barrier = threading.Barrier(12)
    outcomes = []

    def attempt(n: int) -> None:
        uow = new_uow()
        barrier.wait()
        try:
            log_in(uow, username="demo-focal", password=f"wrong-{n}", limits=limits)
        except InvalidCredentials:
            outcomes.append("wrong")
        except TooManyAttempts:
            outcomes.append("throttled")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(checked) <= 5
    assert Counter(outcomes) == {"wrong": len(checked), "throttled": 12 - len(checked)}


def transaction_elsewhere(probe: Engine) -> bool:
    """Whether another connection holds a transaction open: on SQLite, its write lock keeps
    this connection from writing within the probe's short busy timeout; on PostgreSQL, a
    session of this database is inside a transaction."""
    with probe.connect() as connection:
        if probe.dialect.name == "postgresql":
            open_elsewhere = text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
                "AND xact_start IS NOT NULL"
            )
            return connection.scalar(open_elsewhere) > 0
        try:
            with connection.begin():  # BEGIN IMMEDIATE: takes the write lock
                connection.execute(text("UPDATE users SET is_active = is_active WHERE id = 0"))
        except OperationalError:
            return True
        return False


def test_a_password_is_checked_while_no_transaction_is_open(uow, db_url, monkeypatch):
    """argon2 takes a third of a second: a login flood must not hold other writers back."""
    probe = create_db_engine(db_url, busy_timeout_ms=200)
    blocked = []
    real_verify = commands.verify_password

    def verify_while_probing(password_hash, password):
        blocked.append(transaction_elsewhere(probe))
        return real_verify(password_hash, password)

    monkeypatch.setattr(commands, "verify_password", verify_while_probing)
    with pytest.raises(InvalidCredentials):
        log_in(uow, username="demo-focal", password="wrong-password", client_address=ADDRESS)
    log_in(uow, username="demo-focal", password=DEMO_PASSWORD, client_address=ADDRESS)
    probe.dispose()
    assert blocked == [False, False]


def test_a_right_password_takes_back_its_count_from_the_address(uow):
    limits = LoginLimits(per_username=5, per_address=2)
    with pytest.raises(InvalidCredentials):
        log_in(uow, username="demo-focal", password="wrong", client_address=ADDRESS, limits=limits)
    log_in(
        uow, username="demo-admin", password=DEMO_PASSWORD, client_address=ADDRESS, limits=limits
    )
    log_in(
        uow, username="demo-focal", password=DEMO_PASSWORD, client_address=ADDRESS, limits=limits
    )
    assert len(stored_subjects(uow)) == 1  # the address's one failure, still counted


def stored_subjects(uow) -> set[str]:
    with uow:
        return set(uow.session.scalars(select(FailedLogin.subject)))


def test_failed_logins_are_stored_as_digests_keyed_by_the_pepper(uow, engine, clock, settings):
    with pytest.raises(InvalidCredentials):
        log_in(uow, username="demo-focal", password="wrong", client_address=ADDRESS)
    stored = stored_subjects(uow)
    unkeyed = {
        hashlib.sha256(value.encode()).hexdigest()
        for value in (ADDRESS, "demo-focal", f"address:{ADDRESS}", "username:demo-focal")
    }
    assert len(stored) == 2 and not stored & unkeyed

    repeppered = settings.model_copy(update={"uic_pepper": SecretStr("another-pepper-" + "1" * 40)})
    with pytest.raises(InvalidCredentials):
        log_in(
            make_uow(engine, clock, repeppered),
            username="demo-focal",
            password="wrong",
            client_address=ADDRESS,
        )
    assert len(stored_subjects(uow) - stored) == 2  # the same username and address, new digests


def test_failed_logins_past_their_window_are_deleted_on_schedule_without_another_attempt(
    uow, clock
):
    limits = LoginLimits()
    with pytest.raises(InvalidCredentials):
        log_in(uow, username="demo-focal", password="wrong-password", client_address=ADDRESS)
    assert forget_expired_failed_logins(uow, limits=limits) == 0  # still counting
    clock.advance(limits.window + timedelta(seconds=1))
    assert forget_expired_failed_logins(uow, limits=limits) == 2  # the username's, the address's
    with uow:
        assert uow.session.scalars(select(FailedLogin)).all() == []
