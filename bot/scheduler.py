"""APScheduler 3 jobs. Jobs take IDs and open their own sessions; each feature registers its jobs here.
Jobs are idempotent through the database (JobRun, unique ledger and outbox keys), so a job that runs
late or twice does its work once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery import Sender
from bot.handlers import broadcasts
from bot.services import enrollment, events, rollover, writeoffs
from bot.services.clock import Clock


@dataclass
class JobContext:
    settings: Settings
    bot: Bot
    sessionmaker: async_sessionmaker[AsyncSession]
    core: FluentRuntimeCore
    clock: Clock
    sender: Sender


JobRegistrar = Callable[[AsyncIOScheduler, JobContext], None]

REGISTRARS: list[JobRegistrar] = [
    broadcasts.register_jobs,
    events.register_jobs,
    enrollment.register_jobs,
    writeoffs.register_jobs,
    rollover.register_jobs,
]


def create_scheduler(ctx: JobContext) -> AsyncIOScheduler:
    # Every job is idempotent through the database, so a late run is always better than none: the
    # start-up catch-ups are scheduled before the bot has finished starting and must not be dropped
    # as "missed" (APScheduler's default grace is one second); runs that piled up coalesce into one.
    scheduler = AsyncIOScheduler(
        timezone=ctx.settings.tz, job_defaults={"misfire_grace_time": None, "coalesce": True}
    )
    for register in REGISTRARS:
        register(scheduler, ctx)
    return scheduler
