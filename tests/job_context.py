"""A job's context on the test database and clock, with Telegram mocked: what the jobs' tests run."""

from __future__ import annotations

from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery.sender import Sender
from bot.jobs.context import JobContext
from bot.services.clock import FrozenClock
from tests.handlers.harness import MockedSession, mocked_bot


def job_context(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    clock: FrozenClock,
) -> tuple[JobContext, MockedSession]:
    """The context and the mocked Telegram session whose `sent` lists what the sender sent."""
    bot, api = mocked_bot(settings, clock)
    sender = Sender(bot, sessionmaker, core, settings, clock)
    return JobContext(settings, bot, sessionmaker, core, clock, sender), api
