"""Rotating the vault's key-encryption key: rewrap every data key under the newest version,
batch by batch, without decrypting a single record; then old versions can be retired."""

from collections.abc import Callable

from sqlalchemy import func, select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.privacy.vault import VaultEntry, rewrap
from casework.uow import UnitOfWork


def count_to_rewrap(uow: UnitOfWork, *, version: int) -> int:
    with uow:
        return uow.session.scalar(
            select(func.count()).select_from(VaultEntry).where(VaultEntry.kek_version != version)
        )


def rewrap_data_keys(
    uow: UnitOfWork,
    *,
    actor: Actor,
    version: int,
    batch_size: int = 200,
    on_batch: Callable[[int], None] = lambda done: None,
) -> int:
    """Rewrap, under KEK `version`, every data key wrapped under another. One transaction
    per batch, each rewrap audited; interrupted, it resumes where it stopped."""
    total = 0
    while True:
        with uow:
            batch = uow.session.scalars(
                select(VaultEntry)
                .where(VaultEntry.kek_version != version)
                .order_by(VaultEntry.id)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            for entry in batch:
                rewrap(uow.keys, entry, version)
                uow.audit(actor, AuditAction.IDENTITY_REWRAPPED, entry)
            uow.commit()
        total += len(batch)
        on_batch(len(batch))
        if len(batch) < batch_size:
            return total


def kek_versions_in_use(uow: UnitOfWork) -> set[int]:
    with uow:
        return set(uow.session.scalars(select(VaultEntry.kek_version).distinct()))
