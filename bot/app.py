"""The running application: migrations, bot, dispatcher, outbox sender, scheduler, long polling.
`python -m bot` runs it; the end-to-end tests start and stop it the same way."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommandScopeDefault
from aiogram_i18n.cores import FluentRuntimeCore

from bot.config import Settings
from bot.delivery.sender import Sender
from bot.factory import create_bot, create_dispatcher
from bot.handlers.common.menu import bot_commands_for
from bot.i18n import LOCALES, load_core
from bot.jobs.context import JobContext
from bot.jobs.scheduler import create_scheduler
from bot.services.clock import Clock
from bot.startup import check_bot_api
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade

log = logging.getLogger(__name__)


async def set_commands(bot: Bot, core: FluentRuntimeCore, default_locale: str) -> None:
    """The command menu in each language the bot speaks, and the default language for the rest."""
    for locale in LOCALES:
        await bot.set_my_commands(bot_commands_for(core, locale), language_code=locale)
    await bot.set_my_commands(bot_commands_for(core, default_locale), scope=BotCommandScopeDefault())


class App:
    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or Clock(settings.tz)
        self.engine = create_engine(settings.database_url)
        self.sessionmaker = create_sessionmaker(self.engine, self.clock)
        self.bot = create_bot(settings)
        self._tasks: list[asyncio.Task[None]] = []

    async def prepare(self) -> None:
        await upgrade(self.settings.database_url)
        self.core = await load_core(self.settings.default_locale)
        self.sender = Sender(self.bot, self.sessionmaker, self.core, self.settings, self.clock)
        self.dp: Dispatcher = create_dispatcher(
            self.settings, self.sessionmaker, clock=self.clock, after_commit=self.sender.wake, core=self.core
        )
        self.dp["sender"] = self.sender
        self.scheduler = create_scheduler(
            JobContext(self.settings, self.bot, self.sessionmaker, self.core, self.clock, self.sender)
        )
        await set_commands(self.bot, self.core, self.settings.default_locale)

    async def run(self, *, handle_signals: bool = True) -> None:
        """Run until stopped (a signal, or `stop()` from another task)."""
        await check_bot_api(self.bot, self.settings)
        await self.prepare()
        self._tasks.append(asyncio.create_task(self.sender.run(), name="outbox-sender"))
        self.scheduler.start()
        try:
            await self.dp.start_polling(
                self.bot,
                handle_signals=handle_signals,
                close_bot_session=False,
                allowed_updates=self.dp.resolve_used_update_types(),
            )
        finally:
            await self._shutdown()

    async def stop(self) -> None:
        with contextlib.suppress(RuntimeError):  # polling had not started or already stopped
            await self.dp.stop_polling()

    async def _shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        await self.bot.session.close()
        await self.engine.dispose()
