"""What a job gets: settings, the bot, a session factory, the translations, the clock and the sender."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery.sender import Sender
from bot.jobs.progress import ProgressReporter
from bot.services.clock import Clock


@dataclass
class JobContext:
    settings: Settings
    bot: Bot
    sessionmaker: async_sessionmaker[AsyncSession]
    core: FluentRuntimeCore
    clock: Clock
    sender: Sender
    progress: ProgressReporter = field(init=False)  # remembers what each progress message shows

    def __post_init__(self) -> None:
        self.progress = ProgressReporter(self)
