"""Shared fixtures: a real SQLite database per test (never a mock), settings, a ready i18n core."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.config import Settings
from bot.i18n import load_core
from bot.services.clock import FrozenClock
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import Municipality, Period

TEST_TOKEN = "123456:TEST-token-for-fake-server"
ADMIN_ID = 900_001


@pytest.fixture
async def db_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh SQLite file per test; with TEST_POSTGRES_URL set (an admin URL such as
    postgresql+asyncpg://postgres:postgres@127.0.0.1/postgres), a fresh PostgreSQL database instead."""
    admin_url = os.environ.get("TEST_POSTGRES_URL")
    if not admin_url:
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(
        bot_token=TEST_TOKEN,  # type: ignore[arg-type]
        database_url=db_url,
        admin_ids=[ADMIN_ID],
        bot_api_base_url="http://127.0.0.1:1",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    await upgrade(db_url)  # the real migrations, as production runs them
    engine = create_engine(db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


@pytest.fixture
async def core():  # type: ignore[no-untyped-def]
    return await load_core("ru")


@pytest.fixture
async def municipality(session: AsyncSession) -> Municipality:
    """A municipality with a current period: nominal 10 000 ₽, quota 2 financing certificates."""
    m = Municipality(name_ru="Андроповский округ", name_en="Andropovsky district", office_ru="ул. Ленина, 1")
    session.add(m)
    await session.flush()
    session.add(
        Period(
            municipality_id=m.id,
            starts_on=date(2026, 9, 1),
            ends_on=date(2027, 8, 31),
            nominal_kopecks=1_000_000,
            financing_quota=2,
            child_population=1000,
        )
    )
    await session.commit()
    return m
