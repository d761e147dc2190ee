"""No month of the write-off can be skipped: a run that fails (the database locked by another
connection, an error half-way) is retried until it succeeds, and every month that fell due while
the bot was down is charged when it starts."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.jobs.scheduler import create_scheduler
from bot.services import batching
from bot.services.clock import FrozenClock
from bot.services.money import writeoffs
from db.engine import create_engine, create_sessionmaker
from db.models import JobRun, LedgerEntry, LedgerKind, Municipality, OutboxMessage
from tests import factories as make
from tests.dates import at, d, year
from tests.job_context import job_context

SEP, OCT, NOV = d(2026, 9, 1), d(2026, 10, 1), d(2026, 11, 1)


async def _charged(session: AsyncSession, enrollment_id: int) -> list[date | None]:
    months = await session.scalars(
        select(LedgerEntry.month)
        .where(LedgerEntry.enrollment_id == enrollment_id, LedgerEntry.kind == LedgerKind.WRITEOFF)
        .order_by(LedgerEntry.month)
    )
    found = list(months)
    await session.commit()
    return found


async def _done(session: AsyncSession) -> list[str]:
    slots = await session.scalars(
        select(JobRun.slot)
        .where(JobRun.job == "writeoff", JobRun.finished_at.is_not(None))
        .order_by(JobRun.slot)
    )
    found = list(slots)
    await session.commit()
    return found


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batching, "RETRY_DELAYS", (0.05,))


@pytest.fixture
async def impatient(
    db_url: str, engine: Any, clock: FrozenClock
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions that give up after 100 ms of waiting for SQLite's write lock (the bot waits 30 s)."""
    job_engine = create_engine(db_url)

    @event.listens_for(job_engine.sync_engine, "connect")
    def _short_wait(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA busy_timeout=100")
        cursor.close()

    yield create_sessionmaker(job_engine, clock)
    await job_engine.dispose()


@pytest.mark.skipif(bool(os.environ.get("TEST_POSTGRES_URL")), reason="SQLite's file lock")
@pytest.mark.usefixtures("quick_retries")
async def test_a_write_off_that_finds_the_database_locked_is_retried_until_it_succeeds(
    session: AsyncSession,
    impatient: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    settings: Settings,
    core: FluentRuntimeCore,
    db_url: str,
) -> None:
    user = await make.user(session)
    p = await make.paid(session, municipality, user.id, starts_on=NOV)
    await session.commit()
    ctx, _ = job_context(settings, impatient, core, FrozenClock(at(2026, 12, 1, 0, 30)))
    # Another process holds the write lock, as the daily check did for minutes at every start.
    blocker = sqlite3.connect(str(make_url(db_url).database), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")

    failures: list[str] = []
    failed = asyncio.Event()

    class Failures(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "write-off failed" in record.getMessage():
                failures.append(record.getMessage())
                failed.set()

    handler = Failures()
    logging.getLogger(batching.__name__).addHandler(handler)
    try:
        job = asyncio.create_task(writeoffs.run_due(ctx))
        await asyncio.wait_for(failed.wait(), 10)
        assert "OperationalError" in failures[0]
        assert blocker.execute("SELECT count(*) FROM ledger_entries WHERE kind = 'writeoff'").fetchone() == (
            0,
        )
        assert not job.done()  # still trying
        blocker.execute("ROLLBACK")
        await asyncio.wait_for(job, 30)
    finally:
        logging.getLogger(batching.__name__).removeHandler(handler)
    blocker.close()

    assert await _charged(session, p.enrollment.id) == [NOV]
    assert await _done(session) == [f"{year(2026)}-11"]


@pytest.mark.usefixtures("quick_retries")
async def test_a_write_off_that_fails_half_way_is_retried_and_charges_everyone_once(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    settings: Settings,
    core: FluentRuntimeCore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = await make.user(session)
    ids = [(await make.paid(session, municipality, user.id, starts_on=NOV)).enrollment.id for _ in range(3)]
    await session.commit()
    real = writeoffs.charge_due
    calls = 0

    async def failing_once(*args: Any, **kwargs: Any) -> int | None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OperationalError("INSERT …", {}, Exception("database is locked"))
        return await real(*args, **kwargs)

    monkeypatch.setattr(writeoffs, "charge_due", failing_once)
    monkeypatch.setattr(batching, "BATCH_ROWS", 1)
    ctx, _ = job_context(settings, sessionmaker, core, FrozenClock(at(2026, 12, 1, 0, 30)))

    await asyncio.wait_for(writeoffs.run_due(ctx), 30)

    assert calls == 5  # 1, 2 (failed); the retry: 1 again (charged before: nothing to do), 2, 3
    assert [await _charged(session, i) for i in ids] == [[NOV], [NOV], [NOV]]
    notices = (await session.scalars(select(OutboxMessage.key).where(OutboxMessage.chat_id == user.id))).all()
    assert sorted(notices) == sorted(f"mo-writeoff:{i}:{NOV:%Y-%m}" for i in ids)
    assert await _done(session) == [f"{year(2026)}-11"]


async def test_a_bot_down_across_two_month_boundaries_charges_both_months_at_start(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    settings: Settings,
    core: FluentRuntimeCore,
) -> None:
    user = await make.user(session)
    p = await make.paid(session, municipality, user.id, starts_on=SEP)
    await session.commit()
    clock = FrozenClock(at(2026, 10, 1, 0, 30))  # 03:30 in Moscow on 1 October
    ctx, _ = job_context(settings, sessionmaker, core, clock)
    await writeoffs.run_due(ctx)
    assert await _done(session) == [f"{year(2026)}-09"]

    # Down from 2 October to 3 December: October and November fell due meanwhile.
    clock.set(at(2026, 12, 3, 9, 0))
    scheduler = create_scheduler(ctx)
    catch_up = scheduler.get_job("money-writeoff-catch-up")
    assert catch_up is not None
    await catch_up.func(*catch_up.args)

    assert await _charged(session, p.enrollment.id) == [SEP, OCT, NOV]
    assert await _done(session) == [f"{year(2026)}-09", f"{year(2026)}-10", f"{year(2026)}-11"]
    months = {m.payload["args"]["month"] for m in await make.outbox_for(session, user.id)}
    assert months == {f"09.{year(2026)}", f"10.{year(2026)}", f"11.{year(2026)}"}


async def test_months_due_start_after_the_last_month_done_or_at_the_one_left_unfinished(
    session: AsyncSession,
) -> None:
    december_run = datetime(year(2026), 12, 1, 4, 0)  # local time, after the run hour

    assert await writeoffs.months_due(session, december_run) == [NOV]  # nothing ever ran: the last due
    session.add(JobRun(job="writeoff", slot=f"{year(2026)}-08", finished_at=at(2026, 9, 1)))
    await session.flush()
    assert await writeoffs.months_due(session, december_run) == [SEP, OCT, NOV]
    session.add(JobRun(job="writeoff", slot=f"{year(2026)}-09"))  # started, never finished
    session.add(JobRun(job="writeoff", slot=f"{year(2026)}-10", finished_at=at(2026, 11, 1)))
    await session.flush()
    assert await writeoffs.months_due(session, december_run) == [SEP, NOV]
