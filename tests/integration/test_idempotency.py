"""Idempotency keys in the database: one claim wins, even when claims race; a claim left by a
request that died is taken over after its lease, unless the request committed; expired keys go
on a schedule, whoever claimed them."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from casework.actors import Actor, Role
from casework.idempotency import (
    Claim,
    IdempotencyRecord,
    KeyInUse,
    KeyReused,
    LeaseLost,
    ResponseLost,
    ResponseWithheld,
    StoredResponse,
    begin,
    finish,
    forget_expired,
    hold,
    release,
)

ACTOR = Actor(user_id="user:1", role=Role.CASEWORKER, organisation_id=1)
DAY = timedelta(hours=24)
LEASE = timedelta(seconds=60)
CREATED = StoredResponse(201, "application/json", b"{}")


def claim(uow, key="k", body=b"f", actor=ACTOR):
    return begin(
        uow, actor=actor, key=key, request=(b"POST", b"/x", body), lifetime=DAY, lease=LEASE
    )


def runs(outcome) -> bool:
    return isinstance(outcome, Claim)


def race_for_the_key(new_uow, racers: int) -> list[str]:
    """`racers` threads claim the same key at once; what each was told, sorted."""
    barrier = threading.Barrier(racers)
    outcomes: list[str] = []

    def race() -> None:
        uow = new_uow()
        barrier.wait()
        try:
            outcomes.append("runs" if runs(claim(uow)) else "replayed")
        except KeyInUse:
            outcomes.append("in use")

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_racing_claims_of_one_key_let_exactly_one_run(new_uow):
    assert race_for_the_key(new_uow, 4) == ["in use"] * 3 + ["runs"]


def test_a_finished_request_is_replayed_and_a_different_one_refused(uow):
    held = claim(uow)
    finish(uow, claim=held, response=CREATED)
    assert claim(uow) == CREATED
    with pytest.raises(KeyReused):
        claim(uow, body=b"other")
    other_actor = Actor(user_id="user:2", role=Role.CASEWORKER, organisation_id=1)
    assert runs(claim(uow, actor=other_actor))


def test_a_released_key_runs_again_and_a_withheld_response_is_not_replayed(uow):
    release(uow, claim=claim(uow))
    held = claim(uow)
    assert runs(held)
    finish(uow, claim=held, response=StoredResponse(201, "application/json", None))
    with pytest.raises(ResponseWithheld):
        claim(uow)


def stored_keys(uow) -> list[str]:
    with uow:
        return sorted(uow.session.scalars(select(IdempotencyRecord.key)))


def test_expired_keys_are_deleted_by_housekeeping_without_another_request(uow, clock):
    finish(uow, claim=claim(uow, key="old"), response=CREATED)
    other_actor = Actor(user_id="user:2", role=Role.CASEWORKER, organisation_id=1)
    assert runs(claim(uow, key="old-too", actor=other_actor))  # never finished
    clock.advance(DAY + timedelta(minutes=1))
    third_actor = Actor(user_id="user:3", role=Role.CASEWORKER, organisation_id=1)
    assert runs(claim(uow, key="new", actor=third_actor))  # deletes only its own expired
    assert forget_expired(uow, lifetime=DAY) == 2
    assert stored_keys(uow) == ["new"]


def commit_effect(uow, held: Claim) -> None:
    """What a route's command does: commit something, on a unit of work that holds the claim."""
    hold(uow, held)
    with uow:
        uow.session.add(
            IdempotencyRecord(
                actor_id="effect",
                key=held.key,
                fingerprint="-",
                created_at=uow.now(),
                claimed_until=uow.now(),
            )
        )
        uow.commit()


def test_a_claim_left_by_a_crash_blocks_a_retry_until_its_lease_ends(uow, clock):
    assert runs(claim(uow))  # the process dies here: never finished, never released
    clock.advance(LEASE - timedelta(seconds=20))
    with pytest.raises(KeyInUse) as in_use:
        claim(uow)
    assert in_use.value.retry_after_seconds == 20
    assert "20 s" in in_use.value.message
    clock.advance(timedelta(seconds=21))
    retried = claim(uow)
    assert runs(retried)
    finish(uow, claim=retried, response=CREATED)
    assert claim(uow) == CREATED


def test_a_request_that_committed_is_never_run_again(uow, new_uow, clock):
    held = claim(uow)
    commit_effect(new_uow(), held)  # the effect commits; the process dies before `finish`
    clock.advance(LEASE + timedelta(seconds=1))
    with pytest.raises(ResponseLost):
        claim(uow)
    release(uow, claim=held)  # a committed claim is kept even if its request then fails
    with pytest.raises(ResponseLost):
        claim(uow)


def test_a_committed_request_whose_response_was_stored_is_replayed_after_its_lease(
    uow, new_uow, clock
):
    held = claim(uow)
    commit_effect(new_uow(), held)
    finish(uow, claim=held, response=CREATED)
    clock.advance(LEASE * 10)
    assert claim(uow) == CREATED


def test_a_slow_request_whose_claim_was_taken_over_cannot_commit(uow, new_uow, clock):
    slow = claim(uow)
    clock.advance(LEASE + timedelta(seconds=1))
    retried = claim(uow)
    assert runs(retried)
    with pytest.raises(LeaseLost):
        commit_effect(new_uow(), slow)
    finish(uow, claim=slow, response=StoredResponse(409, "application/json", b"late"))
    commit_effect(new_uow(), retried)
    finish(uow, claim=retried, response=CREATED)
    assert claim(uow) == CREATED
    with uow:
        effects = uow.session.scalars(
            select(IdempotencyRecord).where(IdempotencyRecord.actor_id == "effect")
        ).all()
    assert len(effects) == 1  # only the retry's effect committed


def test_racing_takeovers_after_the_lease_let_exactly_one_run(uow, new_uow, clock):
    assert runs(claim(uow))
    clock.advance(LEASE + timedelta(seconds=1))
    assert race_for_the_key(new_uow, 6) == ["in use"] * 5 + ["runs"]
