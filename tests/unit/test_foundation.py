"""Invariants of the foundation: locales agree, migrations match the models, settings fail clearly."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.i18n import LOCALES_DIR
from db.migrate import include_name
from db.models import Base

KEY = re.compile(r"^([a-z][a-z0-9-]*)\s*=", re.MULTILINE)


def _keys(locale: str) -> dict[str, set[str]]:
    return {
        p.name: set(KEY.findall(p.read_text(encoding="utf-8"))) for p in (LOCALES_DIR / locale).glob("*.ftl")
    }


def test_locales_have_the_same_files_and_keys() -> None:
    ru, en = _keys("ru"), _keys("en")
    assert ru.keys() == en.keys()
    for name in ru:
        assert ru[name] == en[name], f"{name}: only ru {ru[name] - en[name]}, only en {en[name] - ru[name]}"


async def test_migrations_match_the_models(engine: AsyncEngine) -> None:
    def diff(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        changes = await connection.run_sync(diff)
    assert changes == [], f"models changed without a migration: run scripts/regen_migration.sh\n{changes}"


@pytest.mark.parametrize("token", ["", "abc", "123:short", "12345 6:AAAAAAAAAAAAAAAAAAAAAAAA"])
def test_malformed_token_is_refused_or_treated_as_missing(token: str) -> None:
    if token.strip() == "":
        assert Settings(bot_token=token, _env_file=None).bot_token is None  # type: ignore[arg-type,call-arg]
        return
    with pytest.raises(ValidationError):
        Settings(bot_token=token, _env_file=None)  # type: ignore[arg-type,call-arg]


def test_admin_ids_are_comma_separated() -> None:
    settings = Settings(admin_ids="1, 22,333", _env_file=None)  # type: ignore[arg-type,call-arg]
    assert settings.admin_ids == [1, 22, 333]
    with pytest.raises(ValidationError):
        Settings(admin_ids="1;x", _env_file=None)  # type: ignore[arg-type,call-arg]


def test_start_without_token_prints_one_clear_line(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"}
    done = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=Path(__file__).parents[2], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "BOT_TOKEN" in lines[0]
