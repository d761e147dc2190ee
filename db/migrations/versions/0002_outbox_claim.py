"""outbox claim index: the sender takes the next due rows in order without grouping the queue;
the quiet-hours index names respect_quiet_hours, so SQLite no longer prefers it for the claim

Revision ID: 0002_outbox_claim
Revises: 0001
"""

from alembic import op

revision = "0002_outbox_claim"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_claim", ["status", "broadcast_id", "id"], unique=False)
        batch_op.drop_index("ix_outbox_due")
        batch_op.create_index("ix_outbox_due", ["status", "respect_quiet_hours", "not_before"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_due")
        batch_op.create_index("ix_outbox_due", ["status", "not_before"], unique=False)
        batch_op.drop_index("ix_outbox_claim")
