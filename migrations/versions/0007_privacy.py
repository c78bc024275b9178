"""privacy: hash-chained append-only audit log, identity vault, erasure, match decisions

Revision ID: 0007_privacy
Revises: 0006_idempotency
Create Date: 2026-11-23 22:33:22.086525
"""

import hashlib
from collections.abc import Sequence
from datetime import UTC

import sqlalchemy as sa
from alembic import op

from casework.audit import GENESIS_HASH, HEAD_ID, PendingEntry, row_payload


revision: str = '0007_privacy'
down_revision: str | None = '0006_idempotency'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "audit_log is append-only"
POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$""",
    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()""",
]
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"""
    for verb in ("UPDATE", "DELETE")
]


def _chain_existing_rows() -> None:
    """Seal the rows written before the chain existed, in id order."""
    audit = sa.table(
        "audit_log",
        *(sa.column(name) for name in ("id", "actor_id", "actor_role", "organisation_id")),
        *(sa.column(name) for name in ("action", "object_type", "object_id")),
        sa.column("at", sa.DateTime()),
        sa.column("seq"), sa.column("prev_hash"), sa.column("row_hash"),
    )
    connection = op.get_bind()
    prev_hash, seq = GENESIS_HASH, 0
    for row in connection.execute(sa.select(audit).order_by(audit.c.id)).all():
        seq += 1
        entry = PendingEntry(
            at=row.at.replace(tzinfo=UTC),
            actor_id=row.actor_id,
            actor_role=row.actor_role,
            organisation_id=row.organisation_id,
            action=row.action,
            object_type=row.object_type,
            object_id=row.object_id,
        )
        # Unkeyed, as the chain was then; 0012_keyed_audit_chain re-seals it under the key.
        row_hash = hashlib.sha256(row_payload(prev_hash, seq, entry).encode()).hexdigest()
        connection.execute(
            sa.update(audit)
            .where(audit.c.id == row.id)
            .values(seq=seq, prev_hash=prev_hash, row_hash=row_hash)
        )
        prev_hash = row_hash
    head = sa.table("audit_chain_head", sa.column("id"), sa.column("seq"), sa.column("row_hash"))
    connection.execute(sa.insert(head).values(id=HEAD_ID, seq=seq, row_hash=prev_hash))


def upgrade() -> None:
    op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('row_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    op.create_table('identity_vault',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kek_version', sa.Integer(), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['beneficiaries.id'], name=op.f('fk_identity_vault_id_beneficiaries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_vault'))
    )
    with op.batch_alter_table('identity_vault', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_vault_kek_version'), ['kek_version'], unique=False)

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
    _chain_existing_rows()
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('row_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_log_seq'), ['seq'])
    # After the batch operations: SQLite's batch mode rebuilds the table, dropping triggers.
    triggers = POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)

    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))
        batch_op.alter_column('uic_hmac',
               existing_type=sa.VARCHAR(length=64),
               nullable=True)

    with op.batch_alter_table('match_proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('match_proposals', schema=None) as batch_op:
        batch_op.drop_column('decided_at')

    with op.batch_alter_table('beneficiaries', schema=None) as batch_op:
        batch_op.alter_column('uic_hmac',
               existing_type=sa.VARCHAR(length=64),
               nullable=False)
        batch_op.drop_column('erased_at')

    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION audit_log_refuse_change()")
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_log_seq'), type_='unique')
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')

    with op.batch_alter_table('identity_vault', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_vault_kek_version'))

    op.drop_table('identity_vault')
    op.drop_table('audit_chain_head')
