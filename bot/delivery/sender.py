"""The outbox sender: the one path by which the bot sends anything unprompted.

Each message goes through three steps, none of which holds a database transaction across the network:
1. claim and render (one short transaction per batch): the next due rows are read through an index
   (personal notices first, then broadcasts in order), rows for unreachable users are skipped, quiet
   hours defer the rest, each row is rendered in its recipient's language, and the claimed rows get
   their attempt marker (`attempts + 1`) in the same transaction;
2. send, outside any transaction, paced under Telegram's limits: a global rate (a leaky bucket) and one
   message per `send_per_chat_interval` to one chat; different chats are served concurrently;
3. record the result through the `Recorder`: results are written in group commits (below).

Exactly once, and the one window left. A message Telegram accepted is a duplicate if the process dies
(power loss, SIGKILL) before its "sent" is committed: the row is still pending and goes out again
after the restart. Nothing can close that window (Telegram has no idempotency key), so it is kept as
short as a commit allows, and the choices below are made for that:
- "sent" is written as soon as Telegram answers, not on a timer: the recorder writes everything that
  arrived while its previous commit ran, then the next batch at once. When the sender is idle a
  result is committed alone, a few milliseconds after the answer; under load the batches grow by
  themselves (to a few dozen at 200 msg/s), so writes stay a handful of short transactions a second
  instead of one per message, and a result never waits for a batch to fill or a timer to fire. A
  timer batch (every ~100 ms) would widen the window to 50 ms on average for no gain in throughput.
- A chat is held by its delivery until the result is committed, so the next message to that chat is
  neither claimed nor sent before its predecessor is on record, and no row is claimed twice. The
  sending slot, though, is freed when Telegram answers, so a slow commit never starves the sends.
- The sender's own transactions (claim, record) take turns on an asyncio lock instead of meeting in
  SQLite's busy handler, which sleeps in steps of up to 100 ms: that sleep was the window before.
- The attempt marker written at claim time makes a crash visible and bounded: a row claimed
  `send_max_attempts` times without any recorded result (each claim died with the process) fails
  for good instead of crashing the sender forever. Cancelled before sending, a claim is given back.
`scripts/bench_broadcast.py --kill-every 2` measures the window: at 200 msg/s, killed 29 times in a
broadcast to 10,000 (SQLite, a shared 2-core machine), 8 duplicates a kill on average, 2 at the
median, 0 losses; the per-message record it replaced, same run conditions: 28 a kill, 27 at the
median. The figure scales with the rate: a kill loses what was accepted in the last commit's time.
Cancelling the sender (a graceful stop) lets every send that already started finish and be
recorded, so then nothing is sent twice or lost.

Rows stay `pending` while in flight: the claim lives in this process's memory (one sender per
database), so a crash never strands a message in a half-state."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n.cores import FluentRuntimeCore
from aiolimiter import AsyncLimiter
from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery.render import render
from bot.services.clock import Clock
from bot.services.outbox import expired, quiet_hours_end
from db.models import OutboxMessage, OutboxStatus, User

log = logging.getLogger(__name__)

PERMANENT_ERRORS = (TelegramBadRequest, TelegramNotFound, TelegramEntityTooLarge)
"""Telegram refused the message itself: sending it again cannot help."""
DRAIN_TIMEOUT = 30.0  # seconds a stopping sender waits for sends already under way


# ----------------------------------------------------------------------------------- pacing and policy
def backoff_seconds(attempt: int, cap: float = 300.0) -> float:
    """Delay before trying again after the `attempt`-th transient failure: 2, 4, 8 … s, at most `cap`."""
    return min(float(2**attempt), cap)


def limiter_for(rate: float) -> AsyncLimiter:
    """A leaky bucket draining `rate` sends a second with room for a tenth of a second's burst. Any
    one-second window then holds at most `rate + burst` sends (27 at the default 25/s, under Telegram's
    30/s), while the burst absorbs the event loop's timer jitter so the configured rate is reachable."""
    burst = burst_for(rate)
    return AsyncLimiter(burst, burst / rate)


def burst_for(rate: float) -> float:
    return max(1.0, math.floor(rate / 10))


class ChatPacer:
    """At most one message per `interval` seconds to one chat. Times are the event loop's monotonic
    clock; a send is stamped when Telegram answered, so the next one reaches it at least `interval` later."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._free_at: dict[int, float] = {}

    def delay(self, chat_id: int, now: float) -> float:
        return max(0.0, self._free_at.get(chat_id, 0.0) - now)

    def sent(self, chat_id: int, now: float) -> None:
        self._free_at[chat_id] = now + self.interval
        if len(self._free_at) > 10_000:  # forget chats whose pause is over, so memory stays bounded
            self._free_at = {c: t for c, t in self._free_at.items() if t > now}


@dataclass(frozen=True)
class Delivery:
    """One claimed outbox row, rendered and ready to send; `attempts` counts this one."""

    outbox_id: int
    chat_id: int
    text: str
    markup: InlineKeyboardMarkup | None
    photo: str | None
    attempts: int


@dataclass(frozen=True)
class Outcome:
    """The result of one attempt, to be written: `values` for the outbox row (only while it is still
    pending, unless `sent`), and after a 403 the chat to mark unreachable since when."""

    outbox_id: int
    values: dict[str, Any]
    sent: bool = False
    unreachable: tuple[int, datetime] | None = None


@dataclass
class Claimed:
    """One claim's rows by what becomes of them; `write` records that in the claim's transaction."""

    deliveries: list[Delivery] = field(default_factory=list)
    unreachable: list[int] = field(default_factory=list)
    abandoned: list[int] = field(default_factory=list)
    broken: dict[int, str] = field(default_factory=dict)
    late: list[int] = field(default_factory=list)

    async def write(self, session: AsyncSession, max_attempts: int) -> None:
        if self.deliveries:  # the attempt marker, committed before anything is sent
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([d.outbox_id for d in self.deliveries]))
                .values(attempts=OutboxMessage.attempts + 1)
            )
        if self.unreachable:
            await _set_status(session, self.unreachable, OutboxStatus.SKIPPED, "unreachable")
        if self.abandoned:
            log.warning("outbox: %s messages got no result in %s attempts", len(self.abandoned), max_attempts)
            await _set_status(
                session, self.abandoned, OutboxStatus.FAILED, "no result: the sender stopped mid-send"
            )
        if self.late:
            await _set_status(session, self.late, OutboxStatus.CANCELLED, "expired: its moment passed")
        for outbox_id, reason in self.broken.items():
            await _set_status(session, [outbox_id], OutboxStatus.FAILED, reason)


class Recorder:
    """Writes outcomes in group commits. `record` returns once its outcome is committed; meanwhile
    one writer task commits everything queued, then what arrived during that commit, and so on, at
    most `max_batch` outcomes per transaction. A failed commit (a lock, a lost connection) is retried
    with the same outcomes until it succeeds: a sent message is never left to be sent again because
    its record failed once."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], writing: asyncio.Lock, max_batch: int = 500
    ) -> None:
        self.sessionmaker = sessionmaker
        self.writing = writing
        self.max_batch = max_batch
        self.commits = 0  # transactions written, for the benchmark
        self._queue: list[tuple[Outcome, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, outcome: Outcome) -> None:
        future = asyncio.get_running_loop().create_future()
        self._queue.append((outcome, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued(), name="outbox-recorder")
        await future

    async def close(self) -> None:
        """Stop writing; outcomes still queued (the database stayed unavailable) are not recorded."""
        if self._writer is not None:
            self._writer.cancel()
            await asyncio.gather(self._writer, return_exceptions=True)
        for _, future in self._queue:
            future.cancel()
        self._queue.clear()

    async def _write_queued(self) -> None:
        delay = 0.05
        while self._queue:
            batch = self._queue[: self.max_batch]
            try:
                async with self.writing, self.sessionmaker.begin() as session:
                    await _write_outcomes(session, [outcome for outcome, _ in batch])
            except Exception:
                log.exception("outbox: recording %s results failed, trying again", len(batch))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            delay = 0.05
            self.commits += 1
            del self._queue[: len(batch)]  # others were only appended meanwhile
            for _, future in batch:
                if not future.done():
                    future.set_result(None)


async def _write_outcomes(session: AsyncSession, outcomes: list[Outcome]) -> None:
    # Sent rows in one executemany by primary key, unconditional: even a row cancelled meanwhile
    # was in fact delivered.
    sent = [{"id": o.outbox_id, **o.values} for o in outcomes if o.sent]
    if sent:
        await session.execute(update(OutboxMessage), sent)
    for outcome in outcomes:
        if outcome.sent:
            continue
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outcome.outbox_id, OutboxMessage.status == OutboxStatus.PENDING)
            .values(**outcome.values)
        )
        if outcome.unreachable is not None:
            chat_id, since = outcome.unreachable
            await session.execute(
                update(User)
                .where(User.id == chat_id, User.unreachable_since.is_(None))
                .values(unreachable_since=since)
            )


def claim_query(now: datetime, busy: list[int], *, personal: bool, limit: int) -> Select[Any]:
    """The next due rows in the order they go out: personal notices by id, then broadcasts by
    broadcast and id. Both walk `ix_outbox_claim` (status, broadcast_id, id) in that order and stop
    after `limit` rows instead of grouping the whole queue. (`ix_outbox_due` starts with status and
    respect_quiet_hours, which this query does not name, so SQLite never prefers it for `not_before
    <= now`, true of nearly every row, and a sort of the whole queue.)"""
    query = (
        select(
            OutboxMessage.id,
            OutboxMessage.chat_id,
            OutboxMessage.payload,
            OutboxMessage.attempts,
            User.locale,
            User.unreachable_since,
        )
        .outerjoin(User, User.id == OutboxMessage.chat_id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.not_before <= now)
    )
    if busy:  # a chat with a delivery under way waits for its result
        query = query.where(OutboxMessage.chat_id.not_in(busy))
    if personal:
        query = query.where(OutboxMessage.broadcast_id.is_(None)).order_by(OutboxMessage.id)
    else:
        query = query.where(OutboxMessage.broadcast_id.is_not(None)).order_by(
            OutboxMessage.broadcast_id, OutboxMessage.id
        )
    return query.limit(limit)


class Sender:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        core: FluentRuntimeCore,
        settings: Settings,
        clock: Clock,
        *,
        concurrency: int | None = None,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.core = core
        self.settings = settings
        self.clock = clock
        # Enough deliveries waiting for their turn or Telegram's answer to reach the rate with ~1 s of
        # network latency. One waiting for its record no longer counts: records are grouped, and a slow
        # commit must not starve the sends.
        self.concurrency = concurrency or max(4, min(64, math.ceil(settings.send_rate_per_second)))
        self.limiter = limiter_for(settings.send_rate_per_second)
        self.chats = ChatPacer(settings.send_per_chat_interval)
        # The sender's write transactions take turns here rather than in SQLite's busy handler.
        self._writing = asyncio.Lock()
        self.recorder = Recorder(sessionmaker, self._writing)
        self._resume_at = 0.0  # after a 429 the whole sender waits until then (loop time)
        self._wake = asyncio.Event()
        self._freed = asyncio.Event()
        self._workers: dict[int, asyncio.Task[None]] = {}  # chat id -> its delivery task, until recorded
        self._sending: set[int] = set()  # outbox ids claimed and not yet answered: the slots taken
        self._attempts: set[asyncio.Task[bool]] = set()  # shielded send+record units under way
        self._unsent: list[int] = []  # claimed, then cancelled before sending: claims to give back

    def wake(self) -> None:
        """Called after a transaction that queued messages committed, so they go out at once."""
        self._wake.set()

    async def run(self, poll_interval: float = 1.0) -> None:
        """Deliver until cancelled; on cancellation, sends already under way finish and are recorded."""
        try:
            while True:
                self._wake.clear()
                free = self.concurrency - len(self._sending)
                try:
                    taken = await self._start_due(free)
                except Exception:  # the database was unavailable: try again at the next poll
                    log.exception("outbox: claiming due messages failed")
                    taken = 0
                if taken and taken == free:  # more may be due: refill once a quarter is free
                    await self._wait_for_slots(max(1, self.concurrency // 4))
                else:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), timeout=poll_interval)
        finally:
            await self._drain()

    async def send_all_due(self) -> int:
        """Deliver everything due now and wait for the results (scripts and tests)."""
        total = 0
        while taken := await self._start_due(self.concurrency - len(self._sending)):
            total += taken
            await asyncio.gather(*self._workers.values())
        return total

    async def _wait_for_slots(self, needed: int) -> None:
        while self.concurrency - len(self._sending) < needed:
            self._freed.clear()
            await self._freed.wait()

    async def _drain(self) -> None:
        workers = list(self._workers.values())
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        if self._attempts:
            await asyncio.wait(self._attempts, timeout=DRAIN_TIMEOUT)
        await self.recorder.close()
        if self._unsent:
            with contextlib.suppress(Exception):  # not given back: one attempt more is counted
                async with self._writing, self.sessionmaker.begin() as session:
                    await session.execute(
                        update(OutboxMessage)
                        .where(
                            OutboxMessage.id.in_(self._unsent), OutboxMessage.status == OutboxStatus.PENDING
                        )
                        .values(attempts=OutboxMessage.attempts - 1)
                    )
            self._unsent.clear()

    # ------------------------------------------------------------------------- 1. claim and render
    async def _start_due(self, limit: int) -> int:
        """Claim up to `limit` due messages and start sending them; returns how many rows it took
        (some may have been skipped instead): fewer than `limit` means nothing else is due."""
        if limit <= 0:
            return 0
        deliveries, taken = await self._claim(limit)
        for delivery in deliveries:
            task = asyncio.create_task(self._deliver(delivery), name=f"outbox-{delivery.outbox_id}")
            self._workers[delivery.chat_id] = task
            self._sending.add(delivery.outbox_id)
        return taken

    async def _claim(self, limit: int) -> tuple[list[Delivery], int]:
        now = self.clock.now()
        settings = self.settings
        morning = quiet_hours_end(now, settings.tz, settings.quiet_hours_start, settings.quiet_hours_end)
        busy = list(self._workers)
        async with self._writing, self.sessionmaker.begin() as session:
            if morning > now:
                await session.execute(
                    update(OutboxMessage)
                    .where(
                        OutboxMessage.status == OutboxStatus.PENDING,
                        OutboxMessage.respect_quiet_hours.is_(True),
                        OutboxMessage.not_before < morning,
                    )
                    .values(not_before=morning)
                )
            rows = list((await session.execute(claim_query(now, busy, personal=True, limit=limit))).all())
            if len(rows) < limit:
                broadcast = claim_query(now, busy, personal=False, limit=limit - len(rows))
                rows += (await session.execute(broadcast)).all()
            claimed = self._sort(rows, now)
            await claimed.write(session, settings.send_max_attempts)
        return claimed.deliveries, len(rows)

    def _sort(self, rows: list[Any], now: datetime) -> Claimed:
        """What becomes of each claimed row: rendered for sending, skipped (the chat blocked the
        bot), cancelled (its moment passed: a lesson reminder after the lesson began), abandoned (every
        claim so far died with the process) or failed (it cannot render)."""
        claimed = Claimed()
        chats: set[int] = set()
        for row in rows:
            if row.chat_id in chats:  # a chat's next message waits for the result of this one
                continue
            chats.add(row.chat_id)
            if row.unreachable_since is not None:
                claimed.unreachable.append(row.id)
                continue
            if expired(row.payload, now):
                claimed.late.append(row.id)
                continue
            if row.attempts >= self.settings.send_max_attempts:
                claimed.abandoned.append(row.id)
                continue
            try:
                text, markup = render(self.core, row.locale or self.settings.default_locale, row.payload)
            except Exception as error:  # a missing translation or argument: nothing to send
                claimed.broken[row.id] = f"render: {type(error).__name__}"
                continue
            claimed.deliveries.append(
                Delivery(row.id, row.chat_id, text, markup, row.payload.get("photo"), row.attempts + 1)
            )
        return claimed

    # ------------------------------------------------------------------------- 2. send, paced
    async def _deliver(self, delivery: Delivery) -> None:
        sending = False
        try:
            while True:
                await self._pace(delivery.chat_id)
                attempt = asyncio.ensure_future(self._attempt(delivery))
                self._attempts.add(attempt)
                attempt.add_done_callback(self._attempts.discard)
                sending = True
                if not await asyncio.shield(attempt):
                    return
                sending = False
        except asyncio.CancelledError:
            if not sending:  # nothing went out for this claim: give it back
                self._unsent.append(delivery.outbox_id)
            raise
        except Exception:  # the result could not be recorded; the row stays pending
            log.exception("outbox: delivery of message %s broke off", delivery.outbox_id)
        finally:
            self._workers.pop(delivery.chat_id, None)
            self._answered(delivery)

    def _answered(self, delivery: Delivery) -> None:
        """Its slot is free for the next claim; the chat stays busy until the result is recorded."""
        self._sending.discard(delivery.outbox_id)
        self._freed.set()

    async def _pace(self, chat_id: int) -> None:
        loop = asyncio.get_running_loop()
        while True:
            wait = max(self._resume_at - loop.time(), self.chats.delay(chat_id, loop.time()))
            if wait > 0:
                await asyncio.sleep(wait)
            await self.limiter.acquire()
            if self._resume_at <= loop.time():  # no 429 arrived while this one waited its turn
                return

    async def _attempt(self, delivery: Delivery) -> bool:
        """Send once and record the result. True: Telegram asked to wait, send the same message again."""
        loop = asyncio.get_running_loop()
        try:
            if delivery.photo:
                message = await self.bot.send_photo(
                    delivery.chat_id, delivery.photo, caption=delivery.text, reply_markup=delivery.markup
                )
            else:
                message = await self.bot.send_message(
                    delivery.chat_id, delivery.text, reply_markup=delivery.markup
                )
        except TelegramRetryAfter as error:
            self._resume_at = max(self._resume_at, loop.time() + error.retry_after)
            log.warning("outbox: flood control, pausing all sends for %s s", error.retry_after)
            return True
        except TelegramForbiddenError:
            outcome = Outcome(
                delivery.outbox_id,
                {"status": OutboxStatus.SKIPPED, "last_error": "forbidden"},
                unreachable=(delivery.chat_id, self.clock.now()),
            )
        except PERMANENT_ERRORS as error:
            outcome = self._failure(delivery, str(error.message), permanent=True)
        except Exception as error:  # network and server errors: retry with backoff, bounded
            outcome = self._failure(delivery, f"{type(error).__name__}: {error}", permanent=False)
        else:
            outcome = Outcome(
                delivery.outbox_id,
                {
                    "status": OutboxStatus.SENT,
                    "sent_at": self.clock.now(),
                    "telegram_message_id": message.message_id,
                },
                sent=True,
            )
        finally:
            self.chats.sent(delivery.chat_id, loop.time())
        self._answered(delivery)
        await self.recorder.record(outcome)
        return False

    def _failure(self, delivery: Delivery, reason: str, *, permanent: bool) -> Outcome:
        values: dict[str, Any] = {"last_error": reason[:300]}
        if permanent or delivery.attempts >= self.settings.send_max_attempts:
            values["status"] = OutboxStatus.FAILED
            log.warning(
                "outbox: message %s failed for good after %s attempts", delivery.outbox_id, delivery.attempts
            )
        else:
            values["not_before"] = self.clock.now() + timedelta(seconds=backoff_seconds(delivery.attempts))
        return Outcome(delivery.outbox_id, values)


async def _set_status(session: AsyncSession, ids: list[int], status: OutboxStatus, reason: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=status, last_error=reason)
    )
