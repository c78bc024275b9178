"""intake profile: who was helped (population groups, sex, age band, district) and a counting
hash of the UIC

`population_groups` is each network's list of groups, kept by its coordinator in three
languages; `case_groups` holds the groups a case's beneficiary said they belong to, by code.
`cases.sex` and `cases.age_band` join `cases.district` as the rest of the profile.
`beneficiaries.counting_hash` is the UIC under the network's counting key, for counting unique
people across the network's NGOs; rows made before stay NULL (counted by pseudonym), as the
UIC is not kept to compute it from. Each network already registered gets the default groups
(as they read today, frozen here; `casework.cases.population_groups` seeds new networks).

Chained after 0024_outside_referrers, which reached main first from the same parent.

Revision ID: 0025_intake_profile
Revises: 0024_outside_referrers
Create Date: 2026-12-02 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_intake_profile"
down_revision: str | None = "0024_outside_referrers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_GROUPS = (
    (
        "people-who-use-drugs",
        "People who use drugs",
        "Люди, употребляющие наркотики",
        "Одамоне, ки маводи мухаддир истеъмол мекунанд",
    ),
    ("former-prisoners", "Former prisoners", "Бывшие заключённые", "Собиқ маҳбусон"),
    (
        "migrant-families",
        "Widows and wives of labour migrants",
        "Вдовы и жёны трудовых мигрантов",
        "Бевазанон ва занони муҳоҷирони меҳнатӣ",
    ),
    (
        "people-living-with-hiv",
        "People living with HIV",
        "Люди, живущие с ВИЧ",
        "Одамоне, ки бо ВНМО зиндагӣ мекунанд",
    ),
    ("people-with-tb", "People with TB", "Люди с туберкулёзом", "Одамони гирифтори бемории сил"),
    ("sex-workers", "Sex workers", "Секс-работники", "Коргарони ҷинсӣ"),
    ("other", "Other", "Другое", "Дигар"),
)


def upgrade() -> None:
    groups = op.create_table(
        "population_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=120), nullable=False),
        sa.Column("label_ru", sa.String(length=120), nullable=False),
        sa.Column("label_tg", sa.String(length=120), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["network_id"], ["networks.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("network_id", "code"),
    )
    op.create_table(
        "case_groups",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("group_code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("case_id", "group_code"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sex", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("age_band", sa.String(length=30), nullable=True))
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counting_hash", sa.String(length=64), nullable=True))
    networks = sa.table("networks", sa.column("id", sa.Integer()))
    rows = [
        {"network_id": network_id, "code": code, "label_en": en, "label_ru": ru, "label_tg": tg}
        for network_id in op.get_bind().scalars(sa.select(networks.c.id).order_by(networks.c.id))
        for code, en, ru, tg in DEFAULT_GROUPS
    ]
    if rows:
        op.bulk_insert(groups, rows)


def downgrade() -> None:
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.drop_column("counting_hash")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("age_band")
        batch_op.drop_column("sex")
    op.drop_table("case_groups")
    op.drop_table("population_groups")
