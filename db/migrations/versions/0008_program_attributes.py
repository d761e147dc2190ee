"""What families ask about a program: its format (in person / at the child's school / online / mixed),
whether it suits children with disabilities (ОВЗ) and what is adapted, a free trial lesson, and where
it is (latitude and longitude, for «Рядом со мной»).

Existing programs get server defaults (in person, not marked for ОВЗ, no trial lesson, no place), so
they stay valid. The catalogue's covering index gets the new columns, so the new filters and the
distance order still read programs from the index alone; `ix_programs_location` finds the programs
in a box around the parent (the nearest are looked for there first).

Revision ID: 0008_program_attributes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_program_attributes"
down_revision = "0007_search_relevance"
branch_labels = None
depends_on = None

OLD_COLUMNS = [
    "moderation",
    "title",
    "id",
    "provider_id",
    "municipality_id",
    "direction",
    "age_min",
    "age_max",
    "register",
]
NEW_COLUMNS = ["format", "ovz_suited", "trial_lesson", "latitude", "longitude"]


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): on SQLite a copied table would lose the word index's triggers.
    op.add_column(
        "programs",
        sa.Column(
            "format",
            sa.Enum("in_person", "at_school", "online", "mixed", name="programformat", native_enum=False, length=32),
            nullable=False,
            server_default="in_person",
        ),
    )
    op.add_column("programs", sa.Column("ovz_suited", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column(
        "programs", sa.Column("ovz_adaptations", sa.String(length=300), nullable=False, server_default="")
    )
    op.add_column("programs", sa.Column("trial_lesson", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("programs", sa.Column("latitude", sa.Double(), nullable=True))
    op.add_column("programs", sa.Column("longitude", sa.Double(), nullable=True))
    op.drop_index("ix_programs_catalogue", table_name="programs")
    op.create_index("ix_programs_catalogue", "programs", OLD_COLUMNS + NEW_COLUMNS)
    op.create_index("ix_programs_location", "programs", ["moderation", "latitude", "longitude"])


def downgrade() -> None:
    op.drop_index("ix_programs_location", table_name="programs")
    op.drop_index("ix_programs_catalogue", table_name="programs")
    op.create_index("ix_programs_catalogue", "programs", OLD_COLUMNS)
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL), for the triggers' sake as above.
    for column in [*NEW_COLUMNS, "ovz_adaptations"]:
        op.execute(f"ALTER TABLE programs DROP COLUMN {column}")
