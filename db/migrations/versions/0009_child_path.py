"""children.interests: the directions a parent marked for this child (events and «Что дальше» follow them).

Revision ID: 0009_child_path
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_child_path"
down_revision = "0008_program_attributes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("children") as batch_op:
        batch_op.add_column(sa.Column("interests", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("children") as batch_op:
        batch_op.drop_column("interests")
