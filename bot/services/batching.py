"""What the long jobs share: batches that keep each transaction short, notices queued by the batch,
and retries until a job succeeds.

SQLite has one write lock and every transaction takes it at BEGIN (db/engine.py), so a job that
walks 100,000 rows in one transaction stops every parent's /start for minutes. Jobs walk their rows
in batches, each in its own transaction; `BatchSize` shrinks a batch when its transaction ran longer
than `BATCH_SECONDS`, so the lock is never held much longer than that. A job that fails (the lock
was not free, the process hit an error) is run again by `retrying`, until it succeeds: every job is
idempotent through unique keys and JobRun rows, so a repeated run does only what is left."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

from bot.services import outbox
from bot.services.outbox import Notice

log = logging.getLogger(__name__)

T = TypeVar("T")

BATCH_ROWS = 250  # the most rows a batch takes
BATCH_SECONDS = 0.05  # what one batch's transaction should take at most, about
# On SQLite a job pauses after each batch for a share of the time it took, within PAUSE_SECONDS.
PAUSE_SHARE = 0.25
PAUSE_SECONDS = (0.005, 0.025)
RETRY_DELAYS: Sequence[float] = (1, 5, 15, 60, 300)  # seconds; the last one repeats


class BatchSize:
    """How many rows the next batch takes: at most `most`, fewer after a batch that held its
    transaction longer than `BATCH_SECONDS`, grown back after quick ones. On SQLite, after each
    batch the job pauses a little, so that the parents' updates waiting for the write lock get it:
    SQLite's busy handler polls every few ms at first, and without a pause the job would take the
    lock back first every time."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], most: int | None = None) -> None:
        self.sessionmaker = sessionmaker
        self.most = most or BATCH_ROWS
        self.rows = self.most
        # Below this, a batch's fixed cost (its statements, the commit) would outweigh its rows.
        self.least = max(self.most // 10, 1)
        bind = sessionmaker.kw.get("bind")
        self.pauses = bind is not None and bind.dialect.name == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One batch's transaction, committed at the end; timed from the moment it holds the lock
        (BEGIN waits for it on SQLite) to the end of COMMIT, then sized and paused by that time."""
        async with self.sessionmaker.begin() as session:
            await session.connection()
            # A duration, not a time of day: the monotonic counter, not the injected Clock.
            started = time.perf_counter()
            yield session
        elapsed = time.perf_counter() - started
        if elapsed > BATCH_SECONDS:
            self.rows = max(int(self.rows * BATCH_SECONDS / elapsed), self.least)
        elif elapsed < BATCH_SECONDS / 2:
            self.rows = min(self.rows * 2, self.most)
        if self.pauses:
            await asyncio.sleep(min(max(elapsed * PAUSE_SHARE, PAUSE_SECONDS[0]), PAUSE_SECONDS[1]))


async def by_id_ranges(
    sessionmaker: async_sessionmaker[AsyncSession],
    column: InstrumentedAttribute[int],
    work: Callable[[AsyncSession, ColumnElement[bool]], Awaitable[int | None]],
) -> int:
    """Call `work(session, in_range)` for consecutive ranges of `column` (an integer primary key) up
    to its largest value when called, each range in a batch transaction; returns the sum of what
    `work` returned. Ranges, not `ORDER BY id LIMIT n` after other filters: SQLite would take an
    index of a filter and sort every candidate to find the next few."""
    async with sessionmaker.begin() as session:
        last = await session.scalar(select(func.max(column))) or 0
    size = BatchSize(sessionmaker)
    after = total = 0
    while after < last:
        upto = after + size.rows
        async with size.transaction() as session:
            total += await work(session, (column > after) & (column <= upto)) or 0
        after = upto
    return total


@dataclass
class Notices:
    """The notices of one batch, queued with one INSERT; a key queued before (or twice in the
    batch) is queued once, as `outbox.enqueue` does."""

    items: dict[str, Notice] = field(default_factory=dict)

    def add(self, notice: Notice | None) -> bool:
        if notice is None or notice.key in self.items:
            return False
        self.items[notice.key] = notice
        return True

    async def enqueue(self, session: AsyncSession, now: datetime) -> None:
        await outbox.enqueue_notices(session, list(self.items.values()), now)
        self.items = {}


async def retrying(job: Callable[[], Awaitable[T]], *, what: str) -> T:
    """Run `job` until it succeeds, waiting RETRY_DELAYS between attempts (the last one repeats)."""
    attempt = 0
    while True:
        try:
            return await job()
        except Exception as exc:  # any failure: the job is idempotent, so trying again is safe
            delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
            attempt += 1
            # The class only: a database error's text may quote row values (personal data).
            cause = type(getattr(exc, "orig", None) or exc).__name__
            log.warning("%s failed (attempt %d, %s); retrying in %s s", what, attempt, cause, delay)
            await asyncio.sleep(delay)
