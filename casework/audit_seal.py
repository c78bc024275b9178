"""Sealing the audit trail: chaining the rows transactions wrote unsealed, one sealer at a time.

Only the sealer locks the chain-head row, so transactions never wait for the chain. Sealing
order (the order rows are found committed and unsealed) defines their positions: a row whose
transaction committed late, after a sealer had passed larger ids, is simply sealed by the next
round. Each row is sealed exactly once: sealers take turns on the head lock, each reads the
unsealed rows after taking it, and the database refuses to seal a row twice (migration 0023)."""

import logging
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from casework.audit import (
    CONTENT,
    HEAD_ID,
    AuditChainHead,
    AuditEntry,
    ChainAnchor,
    chain_hash,
    content_mac,
)
from casework.privacy.keys import KeyRing
from casework.uow import UnitOfWork

logger = logging.getLogger(__name__)

BATCH = 2000
_SEAL = (
    update(AuditEntry.__table__)
    .where(AuditEntry.id == bindparam("row_id"))
    .values(seq=bindparam("seq"), prev_hash=bindparam("prev"), row_hash=bindparam("hash"))
)


@dataclass
class Sealed:
    rows: int = 0
    head: ChainAnchor | None = None  # the chain's head after sealing; None if another sealer ran
    refused: list[int] = field(default_factory=list)  # ids of rows whose MAC fails: edited
    last_id: int = 0  # the largest id read

    @property
    def busy(self) -> bool:
        return self.head is None


def seal_batch(session: Session, *, keys: KeyRing, limit: int = BATCH, after_id: int = 0) -> Sealed:
    """Seal up to `limit` unsealed rows with ids above `after_id`, in id order, in the
    caller's transaction (which must commit for the seal to hold). A row whose MAC fails was
    edited after it was written: it is left unsealed, for `audit verify` to report, rather
    than laundered into the chain. If another sealer holds the head, returns at once with
    nothing done: that one is sealing already."""
    head = session.execute(
        select(AuditChainHead.seq, AuditChainHead.row_hash)
        .where(AuditChainHead.id == HEAD_ID)
        .with_for_update(skip_locked=True)
    ).one_or_none()
    if head is None:
        return Sealed()
    seq, prev_hash = head
    # Read after the lock is held: every row an earlier sealer sealed is committed by now.
    rows = session.execute(
        select(AuditEntry.id, AuditEntry.mac, *CONTENT)
        .where(AuditEntry.seq.is_(None), AuditEntry.id > after_id)
        .order_by(AuditEntry.id)
        .limit(limit)
    ).all()
    if not rows:
        return Sealed(0, ChainAnchor(seq, prev_hash), [], after_id)
    key = keys.audit_chain_key  # read only when there is work: a node with no key may poll
    seals, refused = [], []
    for row in rows:
        if row.mac is None or content_mac(key, row) != row.mac:
            refused.append(row.id)
            continue
        seq += 1
        row_hash = chain_hash(key, prev_hash, seq, row)
        seals.append({"row_id": row.id, "seq": seq, "prev": prev_hash, "hash": row_hash})
        prev_hash = row_hash
    if seals:
        session.execute(_SEAL, seals, execution_options={"synchronize_session": False})
        session.execute(
            update(AuditChainHead)
            .where(AuditChainHead.id == HEAD_ID)
            .values(seq=seq, row_hash=prev_hash)
            .execution_options(synchronize_session=False)
        )
    return Sealed(len(seals), ChainAnchor(seq, prev_hash), refused, rows[-1].id)


def seal_audit_trail(uow: UnitOfWork, *, batch: int = BATCH) -> Sealed:
    """Seal every row committed unsealed so far, a batch per transaction so that the head is
    never locked for long. Logs (ids only) any row refused for a failing MAC."""
    total = Sealed()
    while True:
        with uow:
            done = seal_batch(uow.session, keys=uow.keys, limit=batch, after_id=total.last_id)
            uow.commit()
        if done.busy:
            break
        total.rows += done.rows
        total.head = done.head
        total.refused += done.refused  # they stay unsealed; the next call reads them again
        total.last_id = done.last_id
        if done.rows + len(done.refused) < batch:
            break
    if total.refused:
        logger.error(
            "audit rows %s fail their MAC and stay unsealed: run `casework audit verify`",
            total.refused,
        )
    return total
