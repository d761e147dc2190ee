"""Shared fixtures: a real SQLite database per test (never a mock), settings, a ready i18n core, and the
test clock.

The clock starts at the real now unless `--now` (or TEST_NOW) moves it: the suite must pass on any date,
so the data the fixtures make (the current period, children's ages) is placed relative to it.
`./test.sh --now 2027-12-31T23:30+03:00` replays a run on that date."""

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
from tests.dates import MSK, academic_year, start_clock_at

TEST_TOKEN = "123456:TEST-token-for-fake-server"
ADMIN_ID = 900_001


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--now",
        default=os.environ.get("TEST_NOW") or None,
        help="when the test clock starts: ISO 8601 (a date alone means 09:00 Moscow time); "
        "default the real now; env TEST_NOW",
    )


def parse_now(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC).replace(microsecond=0)  # the one place tests read the real clock
    moment = datetime.fromisoformat(value)
    if len(value) == 10:  # a date alone
        moment = moment.replace(hour=9)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=MSK)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[NOW_KEY] = parse_now(config.getoption("--now"))
    start_clock_at(config.stash[NOW_KEY])


def pytest_report_header(config: pytest.Config) -> str:
    now = config.stash[NOW_KEY]
    return f"test clock starts at {now.astimezone(MSK).isoformat()} (replay with --now {now.isoformat()})"


NOW_KEY = pytest.StashKey[datetime]()


@pytest.fixture
def now(request: pytest.FixtureRequest) -> datetime:
    """When this test's clock starts (aware)."""
    return request.config.stash[NOW_KEY]


@pytest.fixture
def today(now: datetime) -> date:
    """The test clock's local date (Moscow)."""
    return now.astimezone(MSK).date()


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
        # No quiet hours: the clock may start at 23:30; the tests of quiet hours set their own.
        quiet_hours_start=0,
        quiet_hours_end=0,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    await upgrade(db_url)  # the real migrations, as production runs them
    engine = create_engine(db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine, clock: FrozenClock) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine, clock)


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture
def clock(now: datetime) -> FrozenClock:
    """The test's clock, standing still at `now` until a test moves or sets it."""
    return FrozenClock(now)


@pytest.fixture
async def core():  # type: ignore[no-untyped-def]
    return await load_core("ru")


@pytest.fixture
async def municipality(session: AsyncSession, today: date) -> Municipality:
    """A municipality with a current period (the academic year of the test clock): nominal 10 000 ₽,
    quota 2 financing certificates."""
    starts_on, ends_on = academic_year(today)
    m = Municipality(name_ru="Андроповский округ", name_en="Andropovsky district", office_ru="ул. Ленина, 1")
    session.add(m)
    await session.flush()
    session.add(
        Period(
            municipality_id=m.id,
            starts_on=starts_on,
            ends_on=ends_on,
            nominal_kopecks=1_000_000,
            financing_quota=2,
            child_population=1000,
        )
    )
    await session.commit()
    return m
