"""Migrations at start: a database at the head is recognised without Alembic; any other is upgraded."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from db.migrate import ROOT, alembic_config, at_head, head_revision, upgrade


def test_the_head_read_from_the_files_is_alembics() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert head_revision() == script.get_current_head()


async def _tables(url: str) -> set[str]:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    return names


async def test_a_database_behind_the_head_is_upgraded(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    assert not await at_head(url), "a new database"
    await upgrade(url)
    assert await at_head(url)
    assert {"users", "programs", "outbox"} <= await _tables(url)

    await asyncio.to_thread(command.downgrade, alembic_config(url), "base")  # env.py runs its own loop
    assert not await at_head(url)
    assert "users" not in await _tables(url)
    await upgrade(url)
    assert await at_head(url)
    assert "users" in await _tables(url)


async def test_a_database_at_the_head_starts_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await upgrade(url)
    code = (
        "import asyncio, sys\n"
        "from db.migrate import upgrade\n"
        f"asyncio.run(upgrade({url!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    assert out.decode().strip() == "[]"
