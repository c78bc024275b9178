"""Leaving a unit of work when the database has dropped the connection: the rollback that
close() sends cannot reach the server, which rolls the transaction back by itself."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from casework.accounts.model import User


def closing_with(uow, monkeypatch, failure: Exception) -> None:
    """Every session of `uow` closes, then raises `failure` as a dropped line would."""
    open_session = uow._session_factory

    def session_on_a_dropped_line():
        session = open_session()
        close = session.close

        def close_then_fail():
            close()
            raise failure

        session.close = close_then_fail
        return session

    monkeypatch.setattr(uow, "_session_factory", session_on_a_dropped_line)


def test_a_read_stands_when_the_rollback_after_it_cannot_reach_the_server(uow, monkeypatch):
    dropped = OperationalError("ROLLBACK", {}, Exception("server closed the connection"))
    closing_with(uow, monkeypatch, dropped)
    with uow:
        accounts = uow.session.scalar(select(func.count()).select_from(User))
    assert accounts > 0  # the caller gets what it read, not a 500


def test_any_other_failure_to_close_is_not_hidden(uow, monkeypatch):
    closing_with(uow, monkeypatch, RuntimeError("a bug in closing"))
    with pytest.raises(RuntimeError, match="a bug in closing"), uow:
        uow.session.scalar(select(func.count()).select_from(User))
