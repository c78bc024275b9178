"""Idempotency keys in the database: one claim wins, even when claims race; expired keys go
on a schedule, whoever claimed them."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from casework.actors import Actor, Role
from casework.idempotency import (
    IdempotencyRecord,
    KeyInUse,
    KeyReused,
    ResponseWithheld,
    StoredResponse,
    begin,
    finish,
    forget_expired,
    release,
)

ACTOR = Actor(user_id="user:1", role=Role.CASEWORKER, organisation_id=1)
DAY = timedelta(hours=24)


def claim(uow, key="k", body=b"f", actor=ACTOR):
    return begin(uow, actor=actor, key=key, request=(b"POST", b"/x", body), lifetime=DAY)


def test_racing_claims_of_one_key_let_exactly_one_run(new_uow):
    racers = 4
    barrier = threading.Barrier(racers)
    outcomes: list[str] = []

    def race() -> None:
        uow = new_uow()
        barrier.wait()
        try:
            outcomes.append("runs" if claim(uow) is None else "replayed")
        except KeyInUse:
            outcomes.append("in use")

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["in use"] * (racers - 1) + ["runs"]


def test_a_finished_request_is_replayed_and_a_different_one_refused(uow):
    assert claim(uow) is None
    finish(uow, actor=ACTOR, key="k", response=StoredResponse(201, "application/json", b"{}"))
    assert claim(uow) == StoredResponse(201, "application/json", b"{}")
    with pytest.raises(KeyReused):
        claim(uow, body=b"other")
    other_actor = Actor(user_id="user:2", role=Role.CASEWORKER, organisation_id=1)
    assert claim(uow, actor=other_actor) is None


def test_a_released_key_runs_again_and_a_withheld_response_is_not_replayed(uow):
    assert claim(uow) is None
    release(uow, actor=ACTOR, key="k")
    assert claim(uow) is None
    finish(uow, actor=ACTOR, key="k", response=StoredResponse(201, "application/json", None))
    with pytest.raises(ResponseWithheld):
        claim(uow)


def stored_keys(uow) -> list[str]:
    with uow:
        return sorted(uow.session.scalars(select(IdempotencyRecord.key)))


def test_expired_keys_are_deleted_by_housekeeping_without_another_request(uow, clock):
    assert claim(uow, key="old") is None
    finish(uow, actor=ACTOR, key="old", response=StoredResponse(201, "application/json", b"{}"))
    other_actor = Actor(user_id="user:2", role=Role.CASEWORKER, organisation_id=1)
    assert claim(uow, key="old-too", actor=other_actor) is None  # never finished
    clock.advance(DAY + timedelta(minutes=1))
    third_actor = Actor(user_id="user:3", role=Role.CASEWORKER, organisation_id=1)
    assert claim(uow, key="new", actor=third_actor) is None  # deletes only its own expired
    assert forget_expired(uow, lifetime=DAY) == 2
    assert stored_keys(uow) == ["new"]
