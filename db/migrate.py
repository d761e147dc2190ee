"""Apply Alembic migrations from code (`python -m bot` does it at start).

A database already at the head revision is the usual start; it is recognised with one query, so
Alembic (about 11 MiB and half a second at start) is only imported when there is something to do."""

from __future__ import annotations

import ast
import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from alembic.config import Config

from db.models.catalog import is_search_index_object

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ROOT / "db" / "migrations" / "versions"
# `revision = "0001"` and `down_revision: str | None = None` at the top level of a migration file
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's filter when comparing the models with a database: the search index objects exist
    in the migrations only (see db.models.catalog.SEARCH_INDEX_OBJECTS)."""
    return not is_search_index_object(name)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "db" / "migrations"))
    cfg.attributes["url"] = url
    cfg.attributes["skip_logging"] = True
    return cfg


def upgrade_sync(url: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def head_revision() -> str | None:
    """The single head of the migration files, read as text; None when there is not exactly one or
    a file says it in a form this reader does not know (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        found = {name: value for name, value in _ASSIGNMENT.findall(path.read_text(encoding="utf-8"))}
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found.get("down_revision", "None"))
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        downs = down if isinstance(down, tuple | list) else (down,)
        parents.update(d for d in downs if isinstance(d, str))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def at_head(url: str) -> bool:
    """True when the database's recorded revision is the head of the migration files."""
    head = head_revision()
    if head is None:
        return False
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            versions = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
    except SQLAlchemyError:  # no such table yet: a new database
        return False
    finally:
        await engine.dispose()
    return [v for (v,) in versions] == [head]


async def upgrade(url: str) -> None:
    if await at_head(url):
        return
    # env.py runs its own event loop, so it is given a thread of its own.
    await asyncio.to_thread(upgrade_sync, url)
