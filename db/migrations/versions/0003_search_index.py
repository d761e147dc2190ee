"""catalogue search index

The word search over `programs.search_terms` (Russian stems, space-separated, written by
`bot.services.catalogue.search.terms_for`) gets an index, and the catalogue's filters composite indexes:

- SQLite: an external-content FTS5 table `programs_fts` over `search_terms`, filled from the
  existing rows and kept in sync by triggers on every insert, delete and change of
  `search_terms` (whoever writes: the provider's form, imports, demo data, bulk inserts, raw SQL).
  The tokenizer keeps diacritics (`й` stays apart from `и`), as the LIKE search did.
- PostgreSQL: a GIN index over the stems as a `tsvector` built from the array of stems, not by a
  text search configuration: nothing is lowercased or parsed, so it works whatever the database's
  `LC_CTYPE`. (`CREATE DATABASE "name"` inherits the cluster's, which may be `C`: there `lower()`
  leaves Cyrillic as it is and `pg_trgm` finds no trigrams in it, so a later trigram index needs a
  database created with a Unicode LC_CTYPE such as `C.UTF-8` or `ru_RU.UTF-8`.)

Revision ID: 0003_search_index
Revises: 0001
"""

from alembic import op

revision = "0003_search_index"
down_revision = "0002_outbox_claim"
branch_labels = None
depends_on = None

PROGRAM_COLUMNS = [
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
GROUP_COLUMNS = ["program_id", "ends_on", "enrollment_open", "archived", "seats_taken", "capacity", "weekdays"]

SQLITE_UP = [
    "CREATE VIRTUAL TABLE programs_fts USING fts5("
    "search_terms, content='programs', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "INSERT INTO programs_fts(programs_fts) VALUES ('rebuild')",
    """CREATE TRIGGER programs_fts_insert AFTER INSERT ON programs BEGIN
        INSERT INTO programs_fts(rowid, search_terms) VALUES (new.id, new.search_terms);
    END""",
    """CREATE TRIGGER programs_fts_delete AFTER DELETE ON programs BEGIN
        INSERT INTO programs_fts(programs_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
    END""",
    """CREATE TRIGGER programs_fts_update AFTER UPDATE OF id, search_terms ON programs BEGIN
        INSERT INTO programs_fts(programs_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
        INSERT INTO programs_fts(rowid, search_terms) VALUES (new.id, new.search_terms);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER programs_fts_update",
    "DROP TRIGGER programs_fts_delete",
    "DROP TRIGGER programs_fts_insert",
    "DROP TABLE programs_fts",
]
# The same expression as `bot.services.search.stem_vector`, or the planner will not use the index.
POSTGRES_UP = [
    "CREATE INDEX ix_programs_search_terms ON programs "
    "USING gin (array_to_tsvector(array_remove(string_to_array(search_terms, ' '), '')))",
]
POSTGRES_DOWN = ["DROP INDEX ix_programs_search_terms"]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    op.drop_index("ix_groups_program_id", table_name="groups")
    op.create_index("ix_groups_catalogue", "groups", GROUP_COLUMNS)
    op.create_index("ix_programs_catalogue", "programs", PROGRAM_COLUMNS)
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
    op.drop_index("ix_programs_catalogue", table_name="programs")
    op.drop_index("ix_groups_catalogue", table_name="groups")
    op.create_index("ix_groups_program_id", "groups", ["program_id"])
