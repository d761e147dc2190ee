"""Apply Alembic migrations from code (`python -m bot` does it at start)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config

from db.models.catalog import is_search_index_object

ROOT = Path(__file__).resolve().parent.parent


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's filter when comparing the models with a database: the search index objects exist
    in the migrations only (see db.models.catalog.SEARCH_INDEX_OBJECTS)."""
    return not is_search_index_object(name)


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "db" / "migrations"))
    cfg.attributes["url"] = url
    cfg.attributes["skip_logging"] = True
    return cfg


def upgrade_sync(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


async def upgrade(url: str) -> None:
    # env.py runs its own event loop, so it is given a thread of its own.
    await asyncio.to_thread(upgrade_sync, url)
