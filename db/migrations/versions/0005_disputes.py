"""disputes of a month's write-off («Ребёнок не занимался»); the ledger's new kind "refund" needs no
change (kinds are stored as strings without a CHECK constraint)

Revision ID: 0005_disputes
Revises: 0004_audit_object_bigint
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = "0005_disputes"
down_revision = "0004_audit_object_bigint"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disputes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrollment_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "provider_agreed",
                "provider_confirmed",
                "staff_settled",
                name="disputestate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("share_percent", sa.Integer(), nullable=True),
        sa.Column(
            "settled_for",
            sa.Enum("family", "provider", name="disputeside", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("refund_kopecks", sa.BigInteger(), nullable=False),
        sa.Column("opened_by", sa.BigInteger(), nullable=False),
        sa.Column("answered_by", sa.BigInteger(), nullable=True),
        sa.Column("answered_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("settled_by", sa.BigInteger(), nullable=True),
        sa.Column("settled_at", db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"], name=op.f("fk_disputes_enrollment_id_enrollments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disputes")),
        sa.UniqueConstraint("enrollment_id", "month", name=op.f("uq_disputes_enrollment_id_month")),
    )
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disputes_enrollment_id"), ["enrollment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_disputes_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disputes_state"))
        batch_op.drop_index(batch_op.f("ix_disputes_enrollment_id"))
    op.drop_table("disputes")
