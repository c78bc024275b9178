"""Idempotency keys in the database: one claim wins, even when claims race."""

import threading
from datetime import timedelta

import pytest

from casework.actors import Actor, Role
from casework.idempotency import (
    KeyInUse,
    KeyReused,
    ResponseWithheld,
    StoredResponse,
    begin,
    finish,
    release,
)

ACTOR = Actor(user_id="user:1", role=Role.CASEWORKER, organisation_id=1)
DAY = timedelta(hours=24)


def claim(uow, key="k", fingerprint="f", actor=ACTOR):
    return begin(uow, actor=actor, key=key, fingerprint=fingerprint, lifetime=DAY)


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
        claim(uow, fingerprint="other")
    other_actor = Actor(user_id="user:2", role=Role.CASEWORKER, organisation_id=1)
    assert claim(uow, actor=other_actor) is None


def test_a_released_key_runs_again_and_a_withheld_response_is_not_replayed(uow):
    assert claim(uow) is None
    release(uow, actor=ACTOR, key="k")
    assert claim(uow) is None
    finish(uow, actor=ACTOR, key="k", response=StoredResponse(201, "application/json", None))
    with pytest.raises(ResponseWithheld):
        claim(uow)
