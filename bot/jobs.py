"""The scheduled jobs, declared once: the scheduler runs them on their schedule and `./run.sh job <name>`
runs one on demand through the same `run_job`. Each is idempotent through the database (JobRun rows,
unique ledger and outbox keys), so a run that comes late, twice, or by hand does its work once."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery import Sender
from bot.handlers.broadcasts import PROGRESS_EVERY_SECONDS, ProgressReporter
from bot.services import enrollment, events, rollover, writeoffs
from bot.services.clock import Clock
from db.models import JobRun

log = logging.getLogger(__name__)

LAST_RUN = "last-run"  # the JobRun slot holding a job's latest finished run, for `./run.sh jobs`


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


@dataclass(frozen=True)
class Every:
    """An interval while the bot runs; the first run comes one interval after the start."""

    seconds: int

    def __str__(self) -> str:
        if self.seconds % 60:
            return f"every {self.seconds} s"
        return f"every {self.seconds // 60} min"


@dataclass(frozen=True)
class Cron:
    """APScheduler cron fields in the bot's time zone (TIMEZONE); `text` says the same for people."""

    text: str
    fields: dict[str, int | str]
    catch_up: bool = False  # also run once when the bot starts: a run missed while it was down

    def __str__(self) -> str:
        return f"{self.text}, and at start" if self.catch_up else self.text


# What a run did, for the log and the CLI; None when there was nothing to do (an idle bot logs nothing).
Work = Callable[[JobContext, date | None], Awaitable[str | None]]


@dataclass(frozen=True)
class Job:
    name: str
    about: str
    schedule: Every | Cron
    work: Work
    takes_month: bool = False  # `--month YYYY-MM` picks the month; without it, as scheduled

    @property
    def records_runs(self) -> bool:
        """Runs are recorded in the database, except those every few seconds."""
        return not (isinstance(self.schedule, Every) and self.schedule.seconds < 60)


async def _broadcast_progress(ctx: JobContext, month: date | None) -> str | None:
    await ctx.progress.refresh()
    return None


async def _event_reminders(ctx: JobContext, month: date | None) -> str | None:
    queued = await events.remind(ctx)
    return f"{queued} event reminders queued" if queued else None


async def _enrollment_deadlines(ctx: JobContext, month: date | None) -> str | None:
    done = await enrollment.run_deadlines(ctx)
    if not any(done.values()):
        return None
    return ", ".join(f"{what.replace('_', ' ')}: {count}" for what, count in done.items())


async def _writeoff(ctx: JobContext, month: date | None) -> str | None:
    if month is None:  # as scheduled: whatever fell due and is not done yet
        before = await _months_written_off(ctx)
        await writeoffs.run_due(ctx)
        done = sorted(await _months_written_off(ctx) - before)
        return f"written off: {', '.join(done)}" if done else None
    async with ctx.sessionmaker() as session:
        if await writeoffs.month_done(session, month):
            return f"{writeoffs.slot(month)} was written off before: nothing to do"
    charged = await writeoffs.run(ctx.sessionmaker, ctx.clock, month)
    return f"{writeoffs.slot(month)} written off: {charged} enrollments charged"


async def _months_written_off(ctx: JobContext) -> set[str]:
    async with ctx.sessionmaker() as session:
        slots = await session.scalars(
            select(JobRun.slot).where(JobRun.job == writeoffs.JOB, JobRun.finished_at.is_not(None))
        )
        return set(slots)


async def _lessons_reminder(ctx: JobContext, month: date | None) -> str | None:
    await writeoffs.remind_providers(ctx)
    return "this month's lessons-report reminders queued for providers with paid enrollments (once each)"


async def _rollover(ctx: JobContext, month: date | None) -> str | None:
    await rollover.run_job(ctx)
    return "period ends and 18th birthdays checked; what fell due is done"


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job(
            "broadcast-progress",
            "edits the progress message of each running broadcast; finishes it when nothing is left",
            Every(seconds=PROGRESS_EVERY_SECONDS),
            _broadcast_progress,
        ),
        Job(
            "event-reminders",
            "queues the reminders parents asked for, the day before an event at 10:00",
            Every(seconds=events.REMINDER_JOB_MINUTES * 60),
            _event_reminders,
        ),
        Job(
            "enrollment-deadlines",
            "reminds providers of undecided requests, expires overdue ones and waiting-list offers",
            Every(seconds=10 * 60),
            _enrollment_deadlines,
        ),
        Job(
            "money-writeoff",
            "moves the month that ended from each paid enrollment's reserve to the provider",
            Cron(f"on the 1st at {writeoffs.RUN_HOUR:02}:00", {"day": 1, "hour": writeoffs.RUN_HOUR}, True),
            _writeoff,
            takes_month=True,
        ),
        Job(
            "money-lessons-reminder",
            "asks providers with paid enrollments for the share of lessons given this month",
            Cron("on the month's last day at 12:00", {"day": "last", "hour": 12}),
            _lessons_reminder,
        ),
        Job(
            "money-rollover",
            "ends periods (balance expires, next nominal credited), closes certificates at 18",
            Cron("daily at 00:30", {"hour": 0, "minute": 30}, True),
            _rollover,
        ),
    )
}


async def run_job(job: Job, ctx: JobContext, month: date | None = None) -> str | None:
    """One run, scheduled or by hand: the work, then its record, then the sender is woken for what it
    queued. Returns what it did (None: nothing to do)."""
    if month is not None and not job.takes_month:
        raise ValueError(f"{job.name} takes no month")
    summary = await job.work(ctx, month)
    if job.records_runs:
        await _record_run(ctx, job.name)
    ctx.sender.wake()
    if summary is not None:
        log.info("%s: %s", job.name, summary)
    return summary


async def _record_run(ctx: JobContext, name: str) -> None:
    # A bot and a CLI recording a job's very first run at once: one insert wins, which is all we need.
    with contextlib.suppress(IntegrityError):
        async with ctx.sessionmaker.begin() as session:
            row = await session.scalar(select(JobRun).where(JobRun.job == name, JobRun.slot == LAST_RUN))
            if row is None:
                session.add(JobRun(job=name, slot=LAST_RUN, finished_at=ctx.clock.now()))
            else:
                row.finished_at = ctx.clock.now()


async def last_runs(session: AsyncSession) -> dict[str, datetime]:
    rows = await session.execute(
        select(JobRun.job, JobRun.finished_at).where(JobRun.slot == LAST_RUN, JobRun.finished_at.is_not(None))
    )
    return {name: finished for name, finished in rows if finished is not None}
