"""Demo platform tables: one row per shop and one row per record (indexed keys + JSON document)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:00:00

Times are integer microseconds since the epoch (UTC) so SQLite and PostgreSQL compare them the
same way and raw ``sqlite3`` can read the same columns. ``id_num`` orders ids naturally: a
numeric id by its value, any other id after every numeric one (then by text).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "demo_shops",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("cart", sa.Text(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.Column("seeded_us", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("store_id"),
    )
    op.create_table(
        "demo_counters",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("last_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["demo_shops.store_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("store_id", "kind"),
    )
    op.create_table(
        "demo_records",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("id_num", sa.BigInteger(), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.Column("modified_us", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=True),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["demo_shops.store_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("store_id", "kind", "id"),
    )
    op.create_index("ix_demo_records_order", "demo_records", ["store_id", "kind", "id_num", "id"])
    op.create_index("ix_demo_records_modified", "demo_records", ["store_id", "kind", "modified_us", "id_num", "id"])
    op.create_index("ix_demo_records_created", "demo_records", ["store_id", "kind", "created_us", "id_num", "id"])


def downgrade() -> None:
    op.drop_index("ix_demo_records_created", table_name="demo_records")
    op.drop_index("ix_demo_records_modified", table_name="demo_records")
    op.drop_index("ix_demo_records_order", table_name="demo_records")
    op.drop_table("demo_records")
    op.drop_table("demo_counters")
    op.drop_table("demo_shops")
