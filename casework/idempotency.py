"""Idempotency keys: a request repeated with the same key is answered from the stored response
instead of being executed again (IETF draft "The Idempotency-Key HTTP Header Field").

A key belongs to one actor. The first request claims it in a transaction of its own, before it
runs, so that a second request with the key, even a concurrent one, finds the claim: it gets the
stored response once the first has finished, and a Conflict while it is still running. The same
key with a different request is refused as InvalidInput.

A claim is a lease (`claimed_until`): a request that died holds its key only until then, and a
retry after it takes the claim over, with a conditional UPDATE, so that of two retries one wins,
and runs the request afresh. Unless the request committed: the commit of its effect marks the
claim (`committed_at`, see `hold`), in the same transaction, so that a request is never run
twice. Its response is stored a moment later, by `finish`; if the process died in between, a
retry learns that the request was carried out but its response is lost (ResponseLost). The
lease also fences a slow request: once a retry took its claim over, its commit is refused
(LeaseLost) and rolled back, so that only one of the two has an effect.

Nothing here knows of HTTP: a request is a sequence of byte strings (method, path, ...), a
response a status code, a content type and a body.

What a row keeps may be about a beneficiary (an intake's body holds the UIC letters, a name, a
phone), so:
- the request is kept only as its fingerprint, an HMAC under a key derived from the UIC pepper,
  which lives outside the database: a copy of the database cannot test guesses against it;
- a row whose request concerned a beneficiary names them (`beneficiary_id`, filled in by the
  caller when it finishes the request), and erasing the beneficiary deletes their rows with
  `forget_beneficiary`. The erasure request itself is not linked: its response holds counts
  only, and a retry of it must still be answered from its row;
- rows older than their lifetime are deleted by `forget_expired`, run on a schedule (the
  housekeeping flow), and those of one actor also whenever that actor claims a key, so that
  a key past its lifetime may be used again."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    Uuid,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from casework.actors import Actor
from casework.audit import AutoId
from casework.errors import Conflict, InvalidInput, seconds_to_wait
from casework.orm import Base, UtcDateTime
from casework.privacy.keys import KeyRing, keyed_digest
from casework.uow import UnitOfWork

MAX_KEY_LENGTH = 255


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("actor_id", "key"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    actor_id: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    fingerprint: Mapped[str] = mapped_column(String(64))  # keyed HMAC of the request
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The request running under this key holds it until then; a retry after takes it over. Each
    # takeover moves it later, so it also tells one holder from the next.
    claimed_until: Mapped[datetime] = mapped_column(UtcDateTime)
    # Set in the transaction that committed the request's effect: it must never run again.
    committed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(100))
    # None after completion: the response held a secret (a token) that is shown only once.
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The beneficiary the request concerned, so that their erasure deletes the row.
    beneficiary_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)


@dataclass(frozen=True)
class Claim:
    """A key held by the request running now, until `claimed_until`."""

    actor_id: str
    key: str
    claimed_until: datetime


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    content_type: str
    body: bytes | None  # None: withheld, never stored


class KeyReused(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "idempotency.key_reused",
            "this Idempotency-Key was used for a different request",
            field="Idempotency-Key",
        )


class KeyInUse(Conflict):
    def __init__(self, *, retry_after: timedelta) -> None:
        seconds = seconds_to_wait(retry_after)
        super().__init__(
            "idempotency.key_in_use",
            "a request with this Idempotency-Key is still being processed, or was interrupted; "
            "retry with the same key in {seconds} s",
            field="Idempotency-Key",
            seconds=seconds,
        )
        self.retry_after_seconds = seconds


class ResponseLost(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "idempotency.response_lost",
            "the request with this Idempotency-Key was carried out, but was interrupted before "
            "its response was kept; read the current state instead of repeating it",
            field="Idempotency-Key",
        )


class LeaseLost(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "idempotency.lease_lost",
            "this request took longer than its Idempotency-Key is held, and a retry took the key "
            "over; nothing was changed",
            field="Idempotency-Key",
        )


class ResponseWithheld(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "idempotency.response_withheld",
            "the request with this Idempotency-Key succeeded; its response held a secret that "
            "is shown only once",
            field="Idempotency-Key",
        )


def check_key(key: str) -> str:
    """A key is 1 to 255 visible ASCII characters (a UUID is the usual choice)."""
    if not 0 < len(key) <= MAX_KEY_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        raise InvalidInput(
            "idempotency.key_malformed",
            "an Idempotency-Key is 1 to {max_length} visible ASCII characters",
            field="Idempotency-Key",
            max_length=MAX_KEY_LENGTH,
        )
    return key


def request_fingerprint(keys: KeyRing, request: Sequence[bytes]) -> str:
    """The keyed digest of a request's parts, each length-prefixed so that no two different
    requests run together into the same bytes."""
    framed = b"".join(len(part).to_bytes(8, "big") + part for part in request)
    return keyed_digest(keys.derived_key("idempotency-fingerprint"), framed)


def begin(
    uow: UnitOfWork,
    *,
    actor: Actor,
    key: str,
    request: Sequence[bytes],
    lifetime: timedelta,
    lease: timedelta,
) -> Claim | StoredResponse:
    """Claim `key` for `request`: a Claim means the caller holds it until `lease` from now and
    must run the request, under `hold`, then `finish` or `release`. Otherwise the stored
    response of the earlier request."""
    check_key(key)
    fingerprint = request_fingerprint(uow.keys, request)
    with uow:
        now = uow.now()
        # The actor's expired keys go first, so that a key past its lifetime is claimed anew.
        _delete_expired(uow.session, now - lifetime, actor_id=actor.user_id)
        claim = Claim(actor.user_id, key, now + lease)
        uow.session.add(
            IdempotencyRecord(
                actor_id=actor.user_id,
                key=key,
                fingerprint=fingerprint,
                created_at=now,
                claimed_until=claim.claimed_until,
            )
        )
        try:
            uow.commit()
            return claim
        except IntegrityError:
            pass  # the key is claimed already; read the claim in a fresh transaction
    with uow:
        now = uow.now()
        record = uow.session.scalar(_record(actor.user_id, key))
        if record is None:  # released between our insert and this read: let the client retry
            raise KeyInUse(retry_after=timedelta(0))
        if record.fingerprint != fingerprint:
            raise KeyReused()
        if record.completed_at is not None and record.status_code is not None:
            if record.body is None:
                raise ResponseWithheld()
            return StoredResponse(record.status_code, record.content_type or "", record.body)
        if record.claimed_until > now:
            raise KeyInUse(retry_after=record.claimed_until - now)
        if record.committed_at is not None:
            raise ResponseLost()
        return _take_over(uow, record, now=now, lease=lease)


def _take_over(
    uow: UnitOfWork, record: IdempotencyRecord, *, now: datetime, lease: timedelta
) -> Claim:
    """Claim the key of a request that ran out of its lease before committing anything. The
    condition is checked again by the UPDATE, under the row's write lock, so that of two
    retries exactly one takes it; the key's lifetime starts again with the run that answers."""
    claim = Claim(record.actor_id, record.key, now + lease)
    taken = uow.session.execute(
        update(IdempotencyRecord)
        .where(
            IdempotencyRecord.id == record.id,
            IdempotencyRecord.claimed_until < now,
            IdempotencyRecord.committed_at.is_(None),
            IdempotencyRecord.completed_at.is_(None),
        )
        .values(claimed_until=claim.claimed_until, created_at=now)
        .execution_options(synchronize_session=False)
    )
    uow.commit()
    if taken.rowcount != 1:
        raise KeyInUse(retry_after=lease)
    return claim


def hold(uow: UnitOfWork, claim: Claim) -> None:
    """Run the request's commands on `uow` under `claim`: each commit marks the claim as
    committed, in the transaction of the effect, and is refused if a retry took it over."""

    def mark_committed(guarded: UnitOfWork) -> None:
        marked = guarded.session.execute(
            _held(update(IdempotencyRecord), claim)
            .values(committed_at=func.coalesce(IdempotencyRecord.committed_at, guarded.now()))
            .execution_options(synchronize_session=False)
        )
        if marked.rowcount != 1:
            raise LeaseLost()

    uow.guard_commits(mark_committed)


def finish(
    uow: UnitOfWork,
    *,
    claim: Claim,
    response: StoredResponse,
    beneficiary_id: uuid.UUID | None = None,
) -> None:
    """Store the response of the request that holds `claim`, and the beneficiary the request
    concerned, if any."""
    with uow:
        record = uow.session.scalar(_held(select(IdempotencyRecord), claim))
        if record is None:
            return  # taken over by a retry, or forgotten meanwhile (expired): nothing to replay
        record.completed_at = uow.now()
        record.status_code = response.status_code
        record.content_type = response.content_type[:100]
        record.body = response.body
        record.beneficiary_id = beneficiary_id
        uow.commit()


def release(uow: UnitOfWork, *, claim: Claim) -> None:
    """Give the key up after the request failed unexpectedly, so that a retry runs it again;
    unless it committed: then a retry must not run it again."""
    with uow:
        uow.session.execute(
            _held(delete(IdempotencyRecord), claim).where(
                IdempotencyRecord.committed_at.is_(None),
                IdempotencyRecord.completed_at.is_(None),
            )
        )
        uow.commit()


def forget_expired(uow: UnitOfWork, *, lifetime: timedelta) -> int:
    """Delete every key older than `lifetime`, whoever claimed it; returns how many. Run on a
    schedule, so that no row outlives its lifetime waiting for its actor to come back."""
    with uow:
        forgotten = _delete_expired(uow.session, uow.now() - lifetime)
        uow.commit()
        return forgotten


def forget_beneficiary(session: Session, beneficiary_id: uuid.UUID) -> None:
    """Delete the rows of requests that concerned the beneficiary (part of their erasure)."""
    session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.beneficiary_id == beneficiary_id)
    )


def _delete_expired(session: Session, before: datetime, *, actor_id: str | None = None) -> int:
    expired = delete(IdempotencyRecord).where(IdempotencyRecord.created_at < before)
    if actor_id is not None:
        expired = expired.where(IdempotencyRecord.actor_id == actor_id)
    return session.execute(expired).rowcount


def _record(actor_id: str, key: str):
    return select(IdempotencyRecord).where(
        IdempotencyRecord.actor_id == actor_id, IdempotencyRecord.key == key
    )


def _held(statement, claim: Claim):
    """`statement` narrowed to the claim's row, as long as the claim is still its holder's."""
    return statement.where(
        IdempotencyRecord.actor_id == claim.actor_id,
        IdempotencyRecord.key == claim.key,
        IdempotencyRecord.claimed_until == claim.claimed_until,
    )
