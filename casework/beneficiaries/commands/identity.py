"""The identity an NGO keeps of a beneficiary: written into the vault, read only by that
NGO's caseworkers and supervisors, every read audited."""

import uuid

from casework import access
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.model import Beneficiary
from casework.privacy.vault import Identity, VaultEntry, lock_identity
from casework.uow import UnitOfWork


def store_identity(uow: UnitOfWork, actor: Actor, beneficiary: Beneficiary, identity: Identity):
    """Within the caller's transaction: encrypt `identity` into the vault (an empty one
    removes what was kept) and audit the write."""
    entry = uow.session.get(VaultEntry, beneficiary.id)
    if identity.is_empty:
        if entry is not None:
            uow.session.delete(entry)
            uow.audit(actor, AuditAction.IDENTITY_REMOVED, beneficiary)
        return
    if entry is None:
        entry = VaultEntry(id=beneficiary.id)
        uow.session.add(entry)
    lock_identity(uow.keys, entry, identity)
    entry.updated_at = uow.now()
    uow.session.flush()
    uow.audit(actor, AuditAction.IDENTITY_KEPT, entry)


def keep_identity(
    uow: UnitOfWork, *, actor: Actor, beneficiary_id: uuid.UUID, identity: Identity
) -> None:
    """Keep (or replace) the name, phone and notes of a beneficiary of the actor's NGO.
    An empty `Identity()` removes them."""
    with uow:
        beneficiary = access.living_beneficiary_for_ngo(uow.session, beneficiary_id, actor)
        store_identity(uow, actor, beneficiary, identity)
        uow.commit()
