"""one active store per account, platform and URL (a unique partial index)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 17:30:00

``account.cart.add`` checked for an existing store by reading first, so two simultaneous calls could
both save the same shop. The index makes the database refuse the second. Stores saved twice before
this migration keep their oldest row active; the later copies move to state ``duplicate`` (their
store keys then answer 101) and the migration names their ids on stderr.
"""

from __future__ import annotations

import sys

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_ACTIVE = sa.text("state = 'active'")


def upgrade() -> None:
    bind = op.get_bind()
    duplicates = bind.execute(sa.text(
        "SELECT s.id FROM stores s WHERE s.state = 'active' AND EXISTS (SELECT 1 FROM stores o "
        "WHERE o.state = 'active' AND o.account_id = s.account_id AND o.cart_id = s.cart_id "
        "AND o.store_url = s.store_url AND o.id < s.id)"
    )).scalars().all()  # fmt: skip
    if duplicates:
        ids = [int(i) for i in duplicates]
        bind.execute(sa.text("UPDATE stores SET state = 'duplicate' WHERE id IN :ids").bindparams(
            sa.bindparam("ids", expanding=True)), {"ids": ids})  # fmt: skip
        print(f"cartgate 0003: stores {ids} were saved twice; the later copies are now state 'duplicate'",
              file=sys.stderr)  # fmt: skip
    op.create_index("uq_stores_active_url", "stores", ["account_id", "cart_id", "store_url"], unique=True,
                    sqlite_where=_ACTIVE, postgresql_where=_ACTIVE)  # fmt: skip


def downgrade() -> None:
    op.drop_index("uq_stores_active_url", table_name="stores")
