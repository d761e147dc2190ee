"""search relevance and staff synonyms

Relevance ranks a title word above a description word above a word of the provider's name, so the
programs get the title's stems and the provider name's stems in columns of their own (written by
`bot.services.catalogue.search.program_terms`; existing rows are filled here), and the word index
covers all three:

- SQLite: `programs_fts` is made again with the columns `title_terms, search_terms, provider_terms`
  (bm25 weighs them), with its triggers.
- PostgreSQL: the GIN index is over the stems of `search_terms || ' ' || provider_terms` (the same
  expression as `search.stem_vector(search.MATCHED)`).

`search_synonyms` holds the synonyms Support Centre staff add to the built-in list.

Revision ID: 0007_search_relevance
"""

from __future__ import annotations

from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from bot.services.catalogue.search import program_terms

revision = "0007_search_relevance"
down_revision = "0006_lesson_reminders"
branch_labels = None
depends_on = None

COLUMNS = "title_terms, search_terms, provider_terms"
NEW = ", ".join(f"new.{c}" for c in COLUMNS.split(", "))
OLD = ", ".join(f"old.{c}" for c in COLUMNS.split(", "))
SQLITE_DROP = [
    "DROP TRIGGER programs_fts_update",
    "DROP TRIGGER programs_fts_delete",
    "DROP TRIGGER programs_fts_insert",
    "DROP TABLE programs_fts",
]
SQLITE_UP = [
    *SQLITE_DROP,
    f"CREATE VIRTUAL TABLE programs_fts USING fts5({COLUMNS}, "
    "content='programs', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "INSERT INTO programs_fts(programs_fts) VALUES ('rebuild')",
    f"""CREATE TRIGGER programs_fts_insert AFTER INSERT ON programs BEGIN
        INSERT INTO programs_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    f"""CREATE TRIGGER programs_fts_delete AFTER DELETE ON programs BEGIN
        INSERT INTO programs_fts(programs_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
    END""",
    f"""CREATE TRIGGER programs_fts_update AFTER UPDATE OF id, {COLUMNS} ON programs BEGIN
        INSERT INTO programs_fts(programs_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
        INSERT INTO programs_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
]
# Back to 0003's one-column index on downgrade: its own statements, loaded from its file.
_spec = spec_from_file_location("search_index_0003", Path(__file__).with_name("0003_search_index.py"))
assert _spec is not None and _spec.loader is not None
_0003 = module_from_spec(_spec)
_spec.loader.exec_module(_0003)
POSTGRES_UP = [
    "DROP INDEX ix_programs_search_terms",
    "CREATE INDEX ix_programs_search_terms ON programs USING gin "
    "(array_to_tsvector(array_remove(string_to_array(search_terms || ' ' || provider_terms, ' '), '')))",
]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def _terms(id_: int, title: str, description: str, provider: str) -> dict[str, object]:
    terms = program_terms(title, description, provider)
    return {"id": id_, "title": terms["title_terms"], "provider": terms["provider_terms"]}


def upgrade() -> None:
    op.add_column("programs", sa.Column("title_terms", sa.Text(), nullable=False, server_default=""))
    op.add_column("programs", sa.Column("provider_terms", sa.Text(), nullable=False, server_default=""))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT programs.id, programs.title, programs.description, providers.name "
            "FROM programs JOIN providers ON providers.id = programs.provider_id"
        )
    ).all()
    if rows:
        bind.execute(
            sa.text("UPDATE programs SET title_terms = :title, provider_terms = :provider WHERE id = :id"),
            [_terms(id_, title, description or "", name) for id_, title, description, name in rows],
        )
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})
    op.create_table(
        "search_synonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=60), nullable=False),
        sa.Column("synonym", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_synonyms")),
        sa.UniqueConstraint("word", "synonym", name=op.f("uq_search_synonyms_word_synonym")),
    )


def downgrade() -> None:
    # Dropping a column makes SQLite copy the table, which would take the triggers with it: the index
    # goes first and comes back as 0003 made it, over the one-column stems.
    op.drop_table("search_synonyms")
    _run({"sqlite": SQLITE_DROP, "postgresql": ["DROP INDEX ix_programs_search_terms"]})
    with op.batch_alter_table("programs") as batch_op:
        batch_op.drop_column("provider_terms")
        batch_op.drop_column("title_terms")
    _run({"sqlite": _0003.SQLITE_UP, "postgresql": _0003.POSTGRES_UP})
