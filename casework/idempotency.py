"""Idempotency keys: a request repeated with the same key is answered from the stored response
instead of being executed again (IETF draft "The Idempotency-Key HTTP Header Field").

A key belongs to one actor. The first request claims it in a transaction of its own, before it
runs, so that a second request with the key, even a concurrent one, finds the claim: it gets the
stored response once the first has finished, and a Conflict while it is still running. The same
key with a different request is refused as InvalidInput. Nothing here knows of HTTP: a response
is a status code, a content type and a body."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, LargeBinary, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from casework.actors import Actor
from casework.audit import AutoId
from casework.errors import Conflict, InvalidInput
from casework.orm import Base, UtcDateTime
from casework.uow import UnitOfWork

MAX_KEY_LENGTH = 255


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("actor_id", "key"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    actor_id: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the request
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(100))
    # None after completion: the response held a secret (a token) that is shown only once.
    body: Mapped[bytes | None] = mapped_column(LargeBinary)


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
    def __init__(self) -> None:
        super().__init__(
            "idempotency.key_in_use",
            "a request with this Idempotency-Key is still being processed, or was interrupted; "
            "check the outcome before retrying with a new key",
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


def begin(
    uow: UnitOfWork, *, actor: Actor, key: str, fingerprint: str, lifetime: timedelta
) -> StoredResponse | None:
    """Claim `key` for a request: None means the caller holds it now and must run the request,
    then `finish` or `release`. Otherwise the stored response of the earlier request."""
    check_key(key)
    with uow:
        now = uow.now()
        # Keys older than their lifetime are forgotten, so that the table stays small.
        uow.session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.actor_id == actor.user_id,
                IdempotencyRecord.created_at < now - lifetime,
            )
        )
        uow.session.add(
            IdempotencyRecord(
                actor_id=actor.user_id, key=key, fingerprint=fingerprint, created_at=now
            )
        )
        try:
            uow.commit()
            return None
        except IntegrityError:
            pass  # the key is claimed already; read the claim in a fresh transaction
    with uow:
        record = uow.session.scalar(_record(actor, key))
        if record is None:  # released between our insert and this read: let the client retry
            raise KeyInUse()
        if record.fingerprint != fingerprint:
            raise KeyReused()
        if record.completed_at is None or record.status_code is None:
            raise KeyInUse()
        if record.body is None:
            raise ResponseWithheld()
        return StoredResponse(record.status_code, record.content_type or "", record.body)


def finish(uow: UnitOfWork, *, actor: Actor, key: str, response: StoredResponse) -> None:
    """Store the response of the request that holds `key`."""
    with uow:
        record = uow.session.scalar(_record(actor, key))
        if record is None:
            return  # forgotten meanwhile (expired): nothing to replay later
        record.completed_at = uow.now()
        record.status_code = response.status_code
        record.content_type = response.content_type[:100]
        record.body = response.body
        uow.commit()


def release(uow: UnitOfWork, *, actor: Actor, key: str) -> None:
    """Give the key up after the request failed unexpectedly, so that a retry runs it again."""
    with uow:
        uow.session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.actor_id == actor.user_id,
                IdempotencyRecord.key == key,
                IdempotencyRecord.completed_at.is_(None),
            )
        )
        uow.commit()


def _record(actor: Actor, key: str):
    return select(IdempotencyRecord).where(
        IdempotencyRecord.actor_id == actor.user_id, IdempotencyRecord.key == key
    )
