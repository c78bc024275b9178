"""reason codes: a referral's reason is a code, with an optional note, an outcome once closed,
and a member a declining institution suggests instead

`status_reason` held free text; it now holds a code of casework/referrals/reasons.py and the
free text moves to `status_note`. Rows written before: the engine's own reasons become their
codes; a rejection's or cancellation's text becomes `other` with the text as its note (the
old default "cancelled by the NGO" said nothing, so it leaves no note); a hold's text is
kept as its note under `other` likewise. Closed referrals get the outcome their code implies,
by the same table the engine now uses.

Revision ID: 0015_reason_codes
Revises: 0014_outbox_flow_runs
Create Date: 2026-12-12 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_reason_codes"
down_revision: str | None = "0014_outbox_flow_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The engine's old texts and their codes (casework/referrals/reasons.py EngineReason).
ENGINE = {
    "consent revoked": "consent_revoked",
    "case closed": "case_closed",
    "expired unused": "expired_unused",
}
OLD_CANCEL_DEFAULT = "cancelled by the NGO"
# The outcome table as it stood when this revision was written (OUTCOME_OF_REASON): a
# migration must not change when the code does.
OUTCOME = {
    ("cancelled", "consent_revoked"): "client_declined",
    ("cancelled", "case_closed"): "other",
    ("failed", "expired_unused"): "could_not_reach",
}
REASONED = ("rejected", "cancelled", "on-hold")


def upgrade() -> None:
    with op.batch_alter_table("referrals") as batch:
        batch.add_column(sa.Column("status_note", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=30), nullable=True))
        batch.add_column(
            sa.Column(
                "suggested_member_id",
                sa.Integer(),
                sa.ForeignKey("members.id", name="fk_referrals_suggested_member_id_members"),
                nullable=True,
            )
        )
    referrals = sa.table(
        "referrals",
        sa.column("status", sa.String),
        sa.column("status_reason", sa.String),
        sa.column("status_note", sa.String),
        sa.column("outcome", sa.String),
    )
    run = op.get_bind().execute
    for text, code in ENGINE.items():
        run(referrals.update().where(referrals.c.status_reason == text).values(status_reason=code))
    run(
        referrals.update()
        .where(referrals.c.status_reason == OLD_CANCEL_DEFAULT)
        .values(status_reason="other")
    )
    run(
        referrals.update()
        .where(
            referrals.c.status.in_(REASONED),
            referrals.c.status_reason.is_not(None),
            referrals.c.status_reason.not_in([*ENGINE.values(), "other"]),
        )
        .values(status_note=referrals.c.status_reason, status_reason="other")
    )
    run(
        referrals.update()
        .where(referrals.c.status == "completed")
        .values(outcome="service_received")
    )
    for (status, code), outcome in OUTCOME.items():
        run(
            referrals.update()
            .where(referrals.c.status == status, referrals.c.status_reason == code)
            .values(outcome=outcome)
        )
    run(
        referrals.update()
        .where(
            referrals.c.status.in_(("rejected", "cancelled", "failed")),
            referrals.c.outcome.is_(None),
        )
        .values(outcome="other")
    )


def downgrade() -> None:
    referrals = sa.table(
        "referrals", sa.column("status_reason", sa.String), sa.column("status_note", sa.String)
    )
    run = op.get_bind().execute
    run(
        referrals.update()
        .where(referrals.c.status_note.is_not(None))
        .values(status_reason=referrals.c.status_note)
    )
    for text, code in ENGINE.items():
        run(referrals.update().where(referrals.c.status_reason == code).values(status_reason=text))
    with op.batch_alter_table("referrals") as batch:
        batch.drop_column("suggested_member_id")
        batch.drop_column("outcome")
        batch.drop_column("status_note")
