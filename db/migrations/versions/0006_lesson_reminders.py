"""children.lesson_reminders: the parent's opt-in to a reminder before each of the child's lessons.

Revision ID: 0006_lesson_reminders
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_lesson_reminders"
down_revision = "0005_disputes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("children") as batch_op:
        batch_op.add_column(sa.Column("lesson_reminders", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("children") as batch_op:
        batch_op.drop_column("lesson_reminders")
