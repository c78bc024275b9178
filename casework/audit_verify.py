"""Checking the audit trail: finds the first row that was edited, deleted or put out of turn."""

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from casework.audit import (
    CONTENT,
    GENESIS_HASH,
    HEAD_ID,
    AuditChainHead,
    AuditEntry,
    chain_hash,
    content_mac,
)


@dataclass(frozen=True)
class ChainReport:
    rows: int  # sealed rows read before the first break (all of them when intact)
    head_seq: int
    head_hash: str
    broken_at: int | None = None  # chain position of the first broken sealed row
    problem: str | None = None
    unsealed: int = 0  # rows written but not sealed yet, each checked by its MAC

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify_chain(
    session: Session,
    *,
    key: bytes,
    anchors: dict[int, str] | None = None,
    batch_size: int = 2000,
) -> ChainReport:
    """Walk the sealed chain in order, checking each row's HMAC under the chain `key`, then
    the unsealed rows in the order they were written, each by its MAC. `anchors` are
    (position, hash) pairs recorded outside the database earlier (printed by `casework audit
    verify`, published in each monthly report): they catch a chain rewritten from some row on
    by someone who holds the key, which a walk alone cannot. A deleted unsealed row leaves no
    trace: the sealer's round bounds that window (docs/architecture.md, "The audit trail")."""
    anchors = dict(anchors or {})
    head = session.get_one(AuditChainHead, HEAD_ID)
    prev_hash, seq = GENESIS_HASH, 0

    def broken(at: int | None, problem: str) -> ChainReport:
        return ChainReport(seq, head.seq, head.row_hash, broken_at=at, problem=problem)

    if anchors.pop(0, GENESIS_HASH) != GENESIS_HASH:  # an anchor taken before any sealing
        return broken(0, "row 0 of an anchor is not the chain's start")
    # Up to the head as read above: rows a sealer chains meanwhile are checked with the tail.
    rows = session.execute(
        select(AuditEntry.seq, AuditEntry.prev_hash, AuditEntry.row_hash, *CONTENT)
        .where(AuditEntry.seq <= head.seq)
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=batch_size)
    )
    for entry in rows:
        expected = seq + 1
        if entry.seq != expected:
            return broken(expected, f"row {expected} is missing")
        if entry.prev_hash != prev_hash:
            return broken(expected, f"row {expected} does not follow the row before it")
        if chain_hash(key, prev_hash, expected, entry) != entry.row_hash:
            return broken(expected, f"row {expected} was changed after it was written")
        if anchors.pop(expected, entry.row_hash) != entry.row_hash:
            return broken(expected, f"row {expected} differs from its anchor: rewritten")
        prev_hash, seq = entry.row_hash, expected
    if head.seq != seq or head.row_hash != prev_hash:
        return broken(seq + 1, f"rows after row {seq} are missing; the head records {head.seq}")
    if anchors:
        return broken(min(anchors), f"row {min(anchors)} of an anchor is missing")
    return _verify_tail(session, key=key, sealed=seq, head=head, batch_size=batch_size)


def _verify_tail(
    session: Session, *, key: bytes, sealed: int, head: AuditChainHead, batch_size: int
) -> ChainReport:
    """Every row not in the chain as of `head`, by id: its MAC must match its content."""
    tail = session.execute(
        select(AuditEntry.id, AuditEntry.mac, *CONTENT)
        .where(or_(AuditEntry.seq.is_(None), AuditEntry.seq > head.seq))
        .order_by(AuditEntry.id)
        .execution_options(yield_per=batch_size)
    )
    unsealed = 0
    for entry in tail:
        if entry.mac is None or content_mac(key, entry) != entry.mac:
            return ChainReport(
                sealed,
                head.seq,
                head.row_hash,
                problem=f"unsealed row (id {entry.id}) was changed after it was written",
                unsealed=unsealed,
            )
        unsealed += 1
    return ChainReport(sealed, head.seq, head.row_hash, unsealed=unsealed)
