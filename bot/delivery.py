"""The outbox sender: the one path by which the bot sends anything unprompted.

It takes due messages from the outbox, renders each in the recipient's language, sends it, and marks
it sent only after Telegram accepted it, so a crash or restart resumes where it stopped."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.formatting import day, rub
from bot.services.clock import Clock
from bot.services.outbox import quiet_hours_end
from db.models import OutboxMessage, OutboxStatus, User

log = logging.getLogger(__name__)


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


class Sender:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        core: FluentRuntimeCore,
        settings: Settings,
        clock: Clock,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.core = core
        self.settings = settings
        self.clock = clock
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Called after a transaction that queued messages committed, so they go out at once."""
        self._wake.set()

    async def run(self, poll_interval: float = 1.0) -> None:
        while True:
            sent = await self.send_due()
            if sent == 0:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=poll_interval)

    async def send_due(self, limit: int = 50) -> int:
        now = self.clock.now()
        async with self.sessionmaker() as session:
            rows = (
                await session.scalars(
                    select(OutboxMessage)
                    .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.not_before <= now)
                    .order_by(OutboxMessage.id)
                    .limit(limit)
                )
            ).all()
        for row in rows:
            await asyncio.shield(self._deliver(row.id))
        return len(rows)

    async def _deliver(self, outbox_id: int) -> None:
        async with self.sessionmaker.begin() as session:
            row = await session.get(OutboxMessage, outbox_id)
            if row is None or row.status is not OutboxStatus.PENDING:
                return
            now = self.clock.now()
            if row.respect_quiet_hours:
                morning = quiet_hours_end(
                    now, self.settings.tz, self.settings.quiet_hours_start, self.settings.quiet_hours_end
                )
                if morning > now:
                    row.not_before = morning
                    return
            user = await session.get(User, row.chat_id)
            if user is not None and user.unreachable_since is not None:
                row.status = OutboxStatus.SKIPPED
                return
            locale = user.locale if user is not None else self.settings.default_locale
            text, markup = render(self.core, locale, row.payload)
            row.attempts += 1
            try:
                if row.payload.get("photo"):
                    msg = await self.bot.send_photo(
                        row.chat_id, row.payload["photo"], caption=text, reply_markup=markup
                    )
                else:
                    msg = await self.bot.send_message(row.chat_id, text, reply_markup=markup)
            except TelegramRetryAfter as error:
                row.attempts -= 1
                row.not_before = now + timedelta(seconds=error.retry_after)
                return
            except TelegramForbiddenError:
                row.status = OutboxStatus.SKIPPED
                row.last_error = "forbidden"
                if user is not None:
                    user.unreachable_since = now
                return
            except TelegramBadRequest as error:
                row.status = OutboxStatus.FAILED
                row.last_error = str(error.message)[:300]
                return
            except Exception as error:  # network and server errors: retry with backoff, bounded
                row.last_error = type(error).__name__
                if row.attempts >= self.settings.send_max_attempts:
                    row.status = OutboxStatus.FAILED
                else:
                    row.not_before = now + timedelta(seconds=2**row.attempts)
                return
            row.status = OutboxStatus.SENT
            row.sent_at = datetime.now(UTC)
            row.telegram_message_id = msg.message_id
