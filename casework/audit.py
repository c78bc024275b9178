"""Append-only audit trail: who did what to which object, and when; never the data itself.

A transaction writes its audit rows when it commits, in that same transaction (a rollback
drops them), *unsealed*: each carries a MAC of its content under the chain key, a key kept
outside the database, and no place in the chain yet. No lock is taken on that path, so
audited transactions do not queue behind each other. A sealer (`casework.audit_seal`: the
dispatcher's loop, `casework audit seal`, a monthly report before it records its anchor)
later chains them: it alone locks the chain-head row, gives each unsealed row the next
position and its hash, an HMAC of its content and the previous row's hash. An edited row is
found by its MAC (unsealed) or the chain (sealed); a deleted sealed row breaks the chain
(`casework audit verify`); whoever owns the database but not the key can re-hash neither.
The database refuses every change to a row except sealing it once (migration 0023)."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import BigInteger, Integer, String, event, insert, select
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
    # Position in the chain, from 1, with the chain hashes: None until the row is sealed.
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[str] = mapped_column(String(80))
    actor_role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[str] = mapped_column(String(40), index=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))
    # The content's MAC, written with the row (None on rows sealed before migration 0023).
    mac: Mapped[str | None] = mapped_column(String(64))


# What a row says, which its MAC and its chain hash cover.
CONTENT = (
    AuditEntry.at,
    AuditEntry.actor_id,
    AuditEntry.actor_role,
    AuditEntry.organisation_id,
    AuditEntry.action,
    AuditEntry.object_type,
    AuditEntry.object_id,
)


class AuditChainHead(Base):
    """The last sealed row: the lock the one sealer at a time holds, and the chain's witness."""

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


def chain_order() -> tuple:
    """The order rows were sealed in, then the unsealed tail in the order it was written."""
    return AuditEntry.seq.is_(None), AuditEntry.seq, AuditEntry.id


class AuditedSession(Session):
    """The session every unit of work uses: its commit writes the audit rows noted in it."""


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
    """Note an ACCESS_REFUSED row for each refusal, written when `session` commits."""
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
    """The keys that MAC this session's audit rows; the chain key is read only when a
    transaction has rows to write, so a command that audits nothing needs no key."""
    session.info[_KEYS] = keys


def _content(seq: int | None, entry: PendingEntry | AuditEntry) -> str:
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
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"))


def row_payload(prev_hash: str, seq: int, entry: PendingEntry | AuditEntry) -> str:
    """What a row's hash covers: its predecessor's hash, its position and its content."""
    return f"{prev_hash}\n{_content(seq, entry)}"


def chain_hash(key: bytes, prev_hash: str, seq: int, entry: PendingEntry | AuditEntry) -> str:
    return keyed_digest(key, row_payload(prev_hash, seq, entry))


def content_mac(key: bytes, entry: PendingEntry | AuditEntry) -> str:
    """What an unsealed row carries: its content's HMAC, with no position (a null one, so
    that no MAC can pass for a chain hash, whose payload always has a position)."""
    return keyed_digest(key, f"unsealed\n{_content(None, entry)}")


_INSERT = insert(AuditEntry.__table__)


@event.listens_for(AuditedSession, "before_commit")
def _write(session: Session) -> None:
    """Write this transaction's rows, unsealed, each with its MAC: no lock, no shared row, so
    concurrent transactions do not wait for each other here; the sealer chains them later."""
    if session.in_nested_transaction():  # a savepoint: the outer commit writes
        return
    pending: list[PendingEntry] = session.info.pop(_PENDING, [])
    if not pending:
        return
    keys: KeyRing | None = session.info.get(_KEYS)
    if keys is None:
        raise TypeError("audit rows carry a MAC under the chain key: bind_keys (casework.uow)")
    key = keys.audit_chain_key
    # Plain rows through Core, not the ORM: this is on every command's path.
    rows = [{"mac": content_mac(key, entry), **vars(entry)} for entry in pending]
    # One row alone is a plain execute: a list of one goes the executemany way, which costs
    # PostgreSQL's driver more than the statement.
    session.connection().execute(_INSERT, rows[0] if len(rows) == 1 else rows)


@event.listens_for(AuditedSession, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    """Rows noted in a transaction that rolled back are not written."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def trail(session: Session, object_id: str) -> list[AuditEntry]:
    """Every audit row about one object, oldest first."""
    stmt = select(AuditEntry).where(AuditEntry.object_id == object_id).order_by(*chain_order())
    return list(session.scalars(stmt))
