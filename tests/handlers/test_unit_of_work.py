"""The update's unit of work: reading takes no write lock; a write met by another writer is run again;
no Bot API call is made with a transaction open (the mocked session in harness.py refuses such a call
in every handler test)."""

from __future__ import annotations

import asyncio
import sqlite3
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.jobs.progress import ProgressReporter
from bot.keyboards.common import ConsentCb
from db.models import Municipality, User
from tests.handlers.harness import Harness

PARENT = 5011


@pytest.fixture
def sqlite_path(db_url: str) -> str:
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        pytest.skip("SQLite's write lock")
    return url.database


async def test_reading_is_answered_while_another_writer_holds_the_database(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], sqlite_path: str
) -> None:
    async with Harness(settings, sessionmaker) as h:
        await h.send(PARENT, "/start")
        await h.press(PARENT, ConsentCb(action="accept").pack())
        writer = sqlite3.connect(sqlite_path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")  # a long job holds the write lock
        try:
            for text in ("/help", "🎉 Мероприятия", "/menu", "👶 Мои дети", "⚙️ Настройки"):
                try:
                    replies = await asyncio.wait_for(h.send(PARENT, text), timeout=5)
                except TimeoutError:
                    raise AssertionError(f"{text!r} waited for the write lock") from None
                assert replies and replies[-1].text, text
        finally:
            writer.execute("ROLLBACK")
            writer.close()


async def test_a_write_waits_for_the_other_writer_and_is_done_once(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], sqlite_path: str
) -> None:
    async with Harness(settings, sessionmaker) as h:
        await h.send(PARENT, "/start")
        writer = sqlite3.connect(sqlite_path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        accepting = asyncio.create_task(h.press(PARENT, ConsentCb(action="accept").pack()))
        await asyncio.sleep(0.3)  # let the update read and reach its write (it then waits for the lock)
        assert not accepting.done(), "a write went through while another writer held the lock"
        # It changes what the update has read.
        writer.execute("UPDATE users SET locale = 'en' WHERE id = :id", {"id": PARENT})
        writer.execute("COMMIT")
        writer.close()
        replies = await asyncio.wait_for(accepting, timeout=35)
    # Run again after the other writer's change, it answers in the language that writer set.
    assert any("Consent received" in (r.text or "") for r in replies), [r.text for r in replies]
    async with sessionmaker() as session:
        user = await session.scalar(select(User).where(User.id == PARENT))
        assert user is not None and user.consent_at is not None and user.locale == "en"


async def test_the_idle_broadcast_check_takes_no_write_lock(
    sessionmaker: async_sessionmaker[AsyncSession], sqlite_path: str
) -> None:
    """It runs every 3 seconds: with no broadcast going, it only reads."""
    reporter = ProgressReporter(SimpleNamespace(sessionmaker=sessionmaker))  # type: ignore[arg-type]
    writer = sqlite3.connect(sqlite_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        await asyncio.wait_for(reporter.refresh(), timeout=5)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


async def test_an_update_reads_the_form_once_and_the_roles_in_one_statement(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    """The catalogue's search reads and writes its form state several times in the handler; the row
    is fetched once. Person without a form: one SELECT too (a missing row is remembered)."""
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(" ".join(statement.split()))

    async with Harness(settings, sessionmaker) as h:
        await h.send(PARENT, "/start")
        event.listen(engine.sync_engine, "before_cursor_execute", seen)
        try:
            for text in ("/help", "🔎 Найти кружок", "шахматы"):
                statements.clear()
                sent = await h.send(PARENT, text)
                assert sent, text
                reads = [s for s in statements if s.startswith("SELECT") and "FROM fsm_states" in s]
                roles = [s for s in statements if "memberships" in s]
                assert len(reads) == 1, (text, reads)
                assert len(roles) == 1, (text, roles)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", seen)
