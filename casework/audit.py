"""Append-only audit trail: who did what to which object, and when; never the data itself.

Rows are hash-chained: each row's hash is an HMAC, under a key kept outside the database, of
its content and the previous row's hash, so an edited or deleted row breaks the chain
(`casework audit verify`), and whoever owns the database but not the key cannot re-hash the
rows after it. Rows recorded in a transaction are sealed into the chain when it commits, under
a lock on the one chain-head row: concurrent writers queue for the moment of commit instead of
forking the chain. A row's hash depends only on its predecessor's hash and its own content,
never on how or when it was sealed, so another way of sealing (off the global lock) keeps it."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import BigInteger, Integer, String, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.orm import Base, UtcDateTime
from casework.privacy.keys import KeyRing, keyed_digest

AutoId = BigInteger().with_variant(Integer, "sqlite")
GENESIS_HASH = "0" * 64
HEAD_ID = 1
_PENDING = "casework.audit.pending"
_KEYS = "casework.audit.keys"
_REFUSED = "casework.audit.refused"


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)  # position in the chain, from 1
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[str] = mapped_column(String(80))
    actor_role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[str] = mapped_column(String(40), index=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The last sealed row: the lock every sealing transaction takes, and the tail's witness."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    row_hash: Mapped[str] = mapped_column(String(64))


@dataclass(frozen=True)
class PendingEntry:
    at: datetime
    actor_id: str
    actor_role: str
    organisation_id: int | None
    action: str
    object_type: str
    object_id: str


@dataclass(frozen=True)
class ChainAnchor:
    """A position in the chain and its hash: held outside the database, it proves the trail
    up to there was not rewritten since (`casework audit verify --anchor SEQ:HASH`)."""

    seq: int
    hash: str


def chain_head(session: Session) -> ChainAnchor:
    """The last sealed row, as committed when read."""
    seq, row_hash = session.execute(
        select(AuditChainHead.seq, AuditChainHead.row_hash).where(AuditChainHead.id == HEAD_ID)
    ).one()
    return ChainAnchor(seq, row_hash)


class AuditedSession(Session):
    """The session every unit of work uses: its commit seals the audit rows recorded in it."""


def record(
    session: Session, *, at: datetime, actor: Actor, action: AuditAction, obj: object
) -> None:
    """Note an audit row for the current transaction; it is written when the transaction
    commits, and vanishes with it on rollback. `obj` is a mapped object with an `id`."""
    if not isinstance(session, AuditedSession):
        raise TypeError("audit rows are recorded in an AuditedSession (casework.db)")
    if not isinstance(action, AuditAction):
        raise TypeError(f"an audit action is an AuditAction member, not {action!r}")
    session.info.setdefault(_PENDING, []).append(
        PendingEntry(
            at=at.astimezone(UTC),
            actor_id=actor.user_id,
            actor_role=actor.role.value,
            organisation_id=actor.organisation_id,
            action=action.value,
            object_type=type(obj).__tablename__,  # type: ignore[attr-defined]
            object_id=str(obj.id),  # type: ignore[attr-defined]
        )
    )


@dataclass(frozen=True)
class Refusal:
    """An actor was answered NotFound about an object that exists: ids only, like every row."""

    actor: Actor
    object_type: str
    object_id: str


def note_refusal(session: Session, *, actor: Actor, obj: object) -> None:
    """Note that `actor` was refused `obj`. The refusal rolls back the transaction it happened
    in, so the unit of work writes these rows afterwards, in a transaction of their own."""
    session.info.setdefault(_REFUSED, []).append(
        Refusal(actor, type(obj).__tablename__, str(obj.id))  # type: ignore[attr-defined]
    )


def take_refusals(session: Session) -> list[Refusal]:
    return session.info.pop(_REFUSED, [])


def record_refusals(session: Session, *, at: datetime, refusals: list[Refusal]) -> None:
    """Note an ACCESS_REFUSED row for each refusal, sealed when `session` commits."""
    session.info.setdefault(_PENDING, []).extend(
        PendingEntry(
            at=at.astimezone(UTC),
            actor_id=refusal.actor.user_id,
            actor_role=refusal.actor.role.value,
            organisation_id=refusal.actor.organisation_id,
            action=AuditAction.ACCESS_REFUSED.value,
            object_type=refusal.object_type,
            object_id=refusal.object_id,
        )
        for refusal in refusals
    )


def bind_keys(session: Session, keys: KeyRing) -> None:
    """The keys that seal this session's audit rows; the chain key is read only when a
    transaction has rows to seal, so a command that audits nothing needs no key."""
    session.info[_KEYS] = keys


def row_payload(prev_hash: str, seq: int, entry: PendingEntry | AuditEntry) -> str:
    """What a row's hash covers: its predecessor's hash, its position and its content."""
    content = [
        seq,
        entry.at.astimezone(UTC).isoformat(),
        entry.actor_id,
        entry.actor_role,
        entry.organisation_id,
        entry.action,
        entry.object_type,
        entry.object_id,
    ]
    return f"{prev_hash}\n{json.dumps(content, ensure_ascii=False, separators=(',', ':'))}"


def chain_hash(key: bytes, prev_hash: str, seq: int, entry: PendingEntry | AuditEntry) -> str:
    return keyed_digest(key, row_payload(prev_hash, seq, entry))


@event.listens_for(AuditedSession, "before_commit")
def _seal(session: Session) -> None:
    """Append this transaction's rows to the chain. The head row is locked from here to the
    commit, so the lock is held for one short write, not for the whole command."""
    if session.in_nested_transaction():  # a savepoint: the outer commit seals
        return
    pending: list[PendingEntry] = session.info.pop(_PENDING, [])
    if not pending:
        return
    keys: KeyRing | None = session.info.get(_KEYS)
    if keys is None:
        raise TypeError("audit rows are sealed under the chain key: bind_keys (casework.uow)")
    key = keys.audit_chain_key
    seq, prev_hash = session.execute(
        select(AuditChainHead.seq, AuditChainHead.row_hash)
        .where(AuditChainHead.id == HEAD_ID)
        .with_for_update()
    ).one()
    rows = []
    for entry in pending:  # plain rows, not ORM objects: sealing is on every command's path
        seq += 1
        row_hash = chain_hash(key, prev_hash, seq, entry)
        rows.append({"seq": seq, "prev_hash": prev_hash, "row_hash": row_hash, **vars(entry)})
        prev_hash = row_hash
    session.execute(insert(AuditEntry), rows)
    session.execute(
        update(AuditChainHead)
        .where(AuditChainHead.id == HEAD_ID)
        .values(seq=seq, row_hash=prev_hash)
        .execution_options(synchronize_session=False)
    )


@event.listens_for(AuditedSession, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    """Rows noted in a transaction that rolled back are not written."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def trail(session: Session, object_id: str) -> list[AuditEntry]:
    """Every audit row about one object, oldest first."""
    stmt = select(AuditEntry).where(AuditEntry.object_id == object_id).order_by(AuditEntry.seq)
    return list(session.scalars(stmt))
