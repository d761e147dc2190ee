"""audit_log.object_id holds Telegram user ids (consent, roles), which pass 2**31: 64 bits.

Revision ID: 0004_audit_object_bigint
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_audit_object_bigint"
down_revision = "0003_search_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.alter_column("object_id", existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.alter_column("object_id", existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
