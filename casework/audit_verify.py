"""Checking the audit chain: finds the first row that was edited, deleted or put out of turn."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.audit import GENESIS_HASH, HEAD_ID, AuditChainHead, AuditEntry, chain_hash


@dataclass(frozen=True)
class ChainReport:
    rows: int  # rows read before the first break (all rows when intact)
    head_seq: int
    head_hash: str
    broken_at: int | None = None  # chain position of the first broken row
    problem: str | None = None

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
    """Walk the chain in order, checking each row's HMAC under the chain `key`. `anchors` are
    (position, hash) pairs recorded outside the database earlier (printed by `casework audit
    verify`, published in each monthly report): they catch a chain rewritten from some row on
    by someone who holds the key, which a walk alone cannot."""
    anchors = dict(anchors or {})
    head = session.get_one(AuditChainHead, HEAD_ID)
    prev_hash, seq = GENESIS_HASH, 0

    def broken(at: int, problem: str) -> ChainReport:
        return ChainReport(seq, head.seq, head.row_hash, broken_at=at, problem=problem)

    rows = session.scalars(
        select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch_size)
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
    return ChainReport(seq, head.seq, head.row_hash)
