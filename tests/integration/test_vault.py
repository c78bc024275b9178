"""The identity vault: encrypted per beneficiary, readable by the owning NGO's staff only,
every read audited; keys rotate without decrypting records; erasure shreds the key."""

import dataclasses

import pytest
from sqlalchemy import select

from casework.actors import Actor, Role, system_actor
from casework.audit import AuditEntry, trail
from casework.beneficiaries.commands.identity import keep_identity
from casework.beneficiaries.queries import read_identity
from casework.cases.commands import open_case
from casework.errors import InvalidInput, NotFound
from casework.network.services import ServiceCode
from casework.privacy.keys import KeyRing, MissingKey, add_kek_version, retire_kek_versions
from casework.privacy.rotation import kek_versions_in_use, rewrap_data_keys
from casework.privacy.vault import Identity, VaultEntry
from tests.support.network import UIC, demo
from tests.support.rows import row_counts

IDENTITY = Identity(name="Малика Раҳимова", phone="+992 93 123 45 67", notes="lives with aunt")


def open_with_identity(uow, d, identity=IDENTITY, ngo=None):
    return open_case(
        uow,
        actor=d.caseworker(ngo),
        uic=UIC,
        needs=[ServiceCode.HIV_TESTING],
        consent_to_referral=True,
        identity=identity,
    )


def vault_row(uow, beneficiary_id) -> VaultEntry | None:
    with uow:
        return uow.session.get(VaultEntry, beneficiary_id)


def test_only_the_owning_ngo_reads_the_ciphertext_back_and_each_read_is_audited(uow):
    d = demo(uow)
    opened = open_with_identity(uow, d)
    row = vault_row(uow, opened.beneficiary_id)
    for value in (IDENTITY.name, IDENTITY.phone, IDENTITY.notes):
        assert value.encode() not in row.ciphertext + row.wrapped_key
        assert value not in repr(IDENTITY)

    supervisor = Actor("test-supervisor", Role.SUPERVISOR, d.ngo)
    assert (
        read_identity(uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id) == IDENTITY
    )
    assert read_identity(uow, actor=supervisor, beneficiary_id=opened.beneficiary_id) == IDENTITY
    with uow:
        reads = [
            (a.actor_id, a.organisation_id)
            for a in trail(uow.session, str(opened.beneficiary_id))
            if a.action == "identity.read"
        ]
    assert reads == [(d.caseworker().user_id, d.ngo), ("test-supervisor", d.ngo)]

    others = [
        d.caseworker(d.other_ngo),
        d.focal(),
        system_actor("cli"),
        Actor("test-coordinator", Role.COORDINATOR),
    ]
    for actor in others:  # each learns nothing, not even that the record exists
        with pytest.raises(NotFound) as refused:
            read_identity(uow, actor=actor, beneficiary_id=opened.beneficiary_id)
        assert IDENTITY.name not in refused.value.message


def test_identities_are_replaced_removed_refused_and_bound_to_their_row(uow):
    d = demo(uow)
    before = row_counts(uow)
    with pytest.raises(InvalidInput) as refused:
        open_with_identity(uow, d, Identity(name="ok", phone="call Малика"))
    assert refused.value.field == "phone" and "Малика" not in refused.value.message
    assert row_counts(uow) == before  # nothing of the case was written either

    opened = open_with_identity(uow, d)
    newer = dataclasses.replace(IDENTITY, phone="+992 90 000 00 00")
    keep_identity(uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id, identity=newer)
    assert read_identity(uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id) == newer

    other = open_with_identity(uow, d, Identity(name="someone else"))
    with uow:  # a ciphertext moved to another beneficiary's row does not open there
        source = uow.session.get_one(VaultEntry, opened.beneficiary_id)
        target = uow.session.get_one(VaultEntry, other.beneficiary_id)
        target.ciphertext, target.wrapped_key = source.ciphertext, source.wrapped_key
        uow.commit()
    with pytest.raises(MissingKey, match="does not open"):
        read_identity(uow, actor=d.caseworker(), beneficiary_id=other.beneficiary_id)

    keep_identity(
        uow, actor=d.caseworker(), beneficiary_id=opened.beneficiary_id, identity=Identity()
    )
    assert vault_row(uow, opened.beneficiary_id) is None


def test_rotation_rewraps_data_keys_without_touching_records(uow, settings):
    d = demo(uow)
    opened = [open_with_identity(uow, d, Identity(name=f"person {i}")) for i in range(5)]
    before = {o.beneficiary_id: vault_row(uow, o.beneficiary_id) for o in opened}
    version = add_kek_version(settings)
    uow.keys = KeyRing(settings)
    batches = []
    assert (
        rewrap_data_keys(
            uow, actor=system_actor("cli"), version=version, batch_size=2, on_batch=batches.append
        )
        == 5
    )
    assert batches == [2, 2, 1]
    assert kek_versions_in_use(uow) == {version}
    assert retire_kek_versions(settings, in_use=kek_versions_in_use(uow)) == [1]
    uow.keys = KeyRing(settings)
    for i, o in enumerate(opened):
        after = vault_row(uow, o.beneficiary_id)
        assert after.ciphertext == before[o.beneficiary_id].ciphertext
        assert after.wrapped_key != before[o.beneficiary_id].wrapped_key
        identity = read_identity(uow, actor=d.caseworker(), beneficiary_id=o.beneficiary_id)
        assert identity.name == f"person {i}"
    with uow:
        rewrapped = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "identity.rewrapped")
        ).all()
    assert len(rewrapped) == 5
