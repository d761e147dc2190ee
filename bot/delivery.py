"""The outbox sender: the one path by which the bot sends anything unprompted.

Each message goes through three steps, none of which holds a database transaction across the network:
1. claim and render (one short transaction per batch): due rows are read, rows for unreachable users are
   skipped, quiet hours defer the rest, and each row is rendered in its recipient's language;
2. send, outside any transaction, paced under Telegram's limits: a global rate (a leaky bucket) and one
   message per `send_per_chat_interval` to one chat; different chats are served concurrently;
3. record the result (one short transaction per message): sent, retry later, failed or unreachable.

Steps 2 and 3 run as one shielded unit: cancelling the sender (a graceful stop, a restart, a cancelled
task) lets every send that already started finish and be recorded, so nothing is sent twice or lost.
The one remaining duplicate window is a hard crash of the process (power loss, SIGKILL) between
Telegram's acceptance and the commit of step 3 — a few milliseconds per message in flight; such a
message stays pending and is sent again after the restart. No message is ever marked sent unsent.

Rows stay `pending` while in flight: the claim lives in this process's memory (one sender per
database), so a crash never strands a message in a half-state."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n.cores import FluentRuntimeCore
from aiolimiter import AsyncLimiter
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.formatting import day, rub
from bot.services.clock import Clock
from bot.services.outbox import quiet_hours_end
from db.models import OutboxMessage, OutboxStatus, User

log = logging.getLogger(__name__)

PERMANENT_ERRORS = (TelegramBadRequest, TelegramNotFound, TelegramEntityTooLarge)
"""Telegram refused the message itself: sending it again cannot help."""
DRAIN_TIMEOUT = 30.0  # seconds a stopping sender waits for sends already under way


def localize_args(args: dict[str, Any], locale: str) -> dict[str, Any]:
    """Arguments are stored raw; money and dates are formatted in the recipient's language here:
    `x_kopecks` (int) also gives `x` as money, `x_date` (ISO date) also gives `x` as a date."""
    out = dict(args)
    for name, value in args.items():
        if name.endswith("_kopecks") and isinstance(value, int):
            out[name.removesuffix("_kopecks")] = rub(value, locale)
        elif name.endswith("_date") and isinstance(value, str):
            out[name.removesuffix("_date")] = day(date.fromisoformat(value), locale)
    return out


def _text(core: FluentRuntimeCore, locale: str, spec: dict[str, Any]) -> str:
    if "text" in spec:
        return str(spec["text"])
    return core.get(spec["text_key"], locale, **localize_args(spec.get("args", {}), locale))


def render(
    core: FluentRuntimeCore, locale: str, payload: dict[str, Any]
) -> tuple[str, InlineKeyboardMarkup | None]:
    rows = [
        [
            InlineKeyboardButton(
                text=_text(core, locale, spec), callback_data=spec.get("callback_data"), url=spec.get("url")
            )
            for spec in row
        ]
        for row in payload.get("buttons") or []
    ]
    return _text(core, locale, payload), InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


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
    """One claimed outbox row, rendered and ready to send."""

    outbox_id: int
    chat_id: int
    text: str
    markup: InlineKeyboardMarkup | None
    photo: str | None
    attempts: int


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
        # Enough sends in flight to reach the rate with ~1 s of network latency, bounded for the database.
        self.concurrency = concurrency or max(4, min(64, math.ceil(settings.send_rate_per_second)))
        self.limiter = limiter_for(settings.send_rate_per_second)
        self.chats = ChatPacer(settings.send_per_chat_interval)
        self._resume_at = 0.0  # after a 429 the whole sender waits until then (loop time)
        self._wake = asyncio.Event()
        self._freed = asyncio.Event()
        self._workers: dict[int, asyncio.Task[None]] = {}  # chat id -> its delivery task
        self._attempts: set[asyncio.Task[bool]] = set()  # shielded send+record units under way

    def wake(self) -> None:
        """Called after a transaction that queued messages committed, so they go out at once."""
        self._wake.set()

    async def run(self, poll_interval: float = 1.0) -> None:
        """Deliver until cancelled; on cancellation, sends already under way finish and are recorded."""
        try:
            while True:
                self._wake.clear()
                free = self.concurrency - len(self._workers)
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
        while taken := await self._start_due(self.concurrency - len(self._workers)):
            total += taken
            await asyncio.gather(*self._workers.values())
        return total

    async def _wait_for_slots(self, needed: int) -> None:
        while self.concurrency - len(self._workers) < needed:
            self._freed.clear()
            await self._freed.wait()

    async def _drain(self) -> None:
        workers = list(self._workers.values())
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        if self._attempts:
            await asyncio.wait(self._attempts, timeout=DRAIN_TIMEOUT)

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
        return taken

    async def _claim(self, limit: int) -> tuple[list[Delivery], int]:
        now = self.clock.now()
        settings = self.settings
        morning = quiet_hours_end(now, settings.tz, settings.quiet_hours_start, settings.quiet_hours_end)
        async with self.sessionmaker.begin() as session:
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
            # The earliest due message of each chat not served right now: a chat with a long backlog
            # takes one slot and never holds up the others.
            first_of_chat = (
                select(func.min(OutboxMessage.id))
                .where(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.not_before <= now,
                    OutboxMessage.chat_id.not_in(list(self._workers)),
                )
                .group_by(OutboxMessage.chat_id)
            )
            rows = (
                await session.execute(
                    select(
                        OutboxMessage.id,
                        OutboxMessage.chat_id,
                        OutboxMessage.payload,
                        OutboxMessage.attempts,
                        User.locale,
                        User.unreachable_since,
                    )
                    .outerjoin(User, User.id == OutboxMessage.chat_id)
                    .where(OutboxMessage.id.in_(first_of_chat))
                    # Personal notifications overtake the backlog of a broadcast.
                    .order_by(OutboxMessage.broadcast_id.is_not(None), OutboxMessage.id)
                    .limit(limit)
                )
            ).all()
            deliveries: list[Delivery] = []
            unreachable: list[int] = []
            broken: dict[int, str] = {}
            for row in rows:
                if row.unreachable_since is not None:
                    unreachable.append(row.id)
                    continue
                try:
                    text, markup = render(self.core, row.locale or settings.default_locale, row.payload)
                except Exception as error:  # a missing translation or argument: nothing to send
                    broken[row.id] = f"render: {type(error).__name__}"
                    continue
                deliveries.append(
                    Delivery(row.id, row.chat_id, text, markup, row.payload.get("photo"), row.attempts)
                )
            if unreachable:
                await _set_status(session, unreachable, OutboxStatus.SKIPPED, "unreachable")
            for outbox_id, reason in broken.items():
                await _set_status(session, [outbox_id], OutboxStatus.FAILED, reason)
        return deliveries, len(rows)

    # ------------------------------------------------------------------------- 2. send, paced
    async def _deliver(self, delivery: Delivery) -> None:
        try:
            while True:
                await self._pace(delivery.chat_id)
                attempt = asyncio.ensure_future(self._attempt(delivery))
                self._attempts.add(attempt)
                attempt.add_done_callback(self._attempts.discard)
                if not await asyncio.shield(attempt):
                    return
        except Exception:  # the result could not be recorded; the row stays pending
            log.exception("outbox: delivery of message %s broke off", delivery.outbox_id)
        finally:
            self._workers.pop(delivery.chat_id, None)
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
            await self._record_unreachable(delivery)
        except PERMANENT_ERRORS as error:
            await self._record_failure(delivery, str(error.message), permanent=True)
        except Exception as error:  # network and server errors: retry with backoff, bounded
            await self._record_failure(delivery, f"{type(error).__name__}: {error}", permanent=False)
        else:
            await self._record_sent(delivery, message.message_id)
        finally:
            self.chats.sent(delivery.chat_id, loop.time())
        return False

    # ------------------------------------------------------------------------- 3. record
    async def _record_sent(self, delivery: Delivery, message_id: int) -> None:
        async with self.sessionmaker.begin() as session:
            # Unconditional: even a row cancelled meanwhile was in fact delivered.
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == delivery.outbox_id)
                .values(
                    status=OutboxStatus.SENT,
                    sent_at=self.clock.now(),
                    telegram_message_id=message_id,
                    attempts=delivery.attempts + 1,
                )
            )

    async def _record_unreachable(self, delivery: Delivery) -> None:
        async with self.sessionmaker.begin() as session:
            await _set_status(session, [delivery.outbox_id], OutboxStatus.SKIPPED, "forbidden")
            await session.execute(
                update(User)
                .where(User.id == delivery.chat_id, User.unreachable_since.is_(None))
                .values(unreachable_since=self.clock.now())
            )

    async def _record_failure(self, delivery: Delivery, reason: str, *, permanent: bool) -> None:
        attempts = delivery.attempts + 1
        values: dict[str, Any] = {"attempts": attempts, "last_error": reason[:300]}
        if permanent or attempts >= self.settings.send_max_attempts:
            values["status"] = OutboxStatus.FAILED
            log.warning("outbox: message %s failed for good after %s attempts", delivery.outbox_id, attempts)
        else:
            values["not_before"] = self.clock.now() + timedelta(seconds=backoff_seconds(attempts))
        async with self.sessionmaker.begin() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == delivery.outbox_id, OutboxMessage.status == OutboxStatus.PENDING)
                .values(**values)
            )


async def _set_status(session: AsyncSession, ids: list[int], status: OutboxStatus, reason: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=status, last_error=reason)
    )
