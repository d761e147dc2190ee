"""The jobs, declared once: the scheduler runs them on their schedule and `./run.sh job <name>` runs one
on demand through the same `run_job`."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs import comms, enrollment, lessons, money, path
from bot.jobs.context import JobContext
from bot.jobs.progress import PROGRESS_EVERY_SECONDS
from bot.services.comms import events
from bot.services.family import timetable
from bot.services.money import writeoffs
from db.models import JobRun

log = logging.getLogger(__name__)

LAST_RUN = "last-run"  # the JobRun slot holding a job's latest finished run, for `./run.sh jobs`


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


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job(
            "broadcast-progress",
            "edits the progress message of each running broadcast; finishes it when nothing is left",
            Every(seconds=PROGRESS_EVERY_SECONDS),
            comms.broadcast_progress,
        ),
        Job(
            "event-reminders",
            "queues the reminders parents asked for, the day before an event at 10:00",
            Every(seconds=events.REMINDER_JOB_MINUTES * 60),
            comms.event_reminders,
        ),
        Job(
            "lesson-reminders",
            "queues the lesson reminders parents asked for, 2 h before (the evening before a morning lesson)",
            Every(seconds=timetable.REMINDER_JOB_MINUTES * 60),
            lessons.lesson_reminders,
        ),
        Job(
            "enrollment-deadlines",
            "reminds providers of undecided requests, expires overdue ones and waiting-list offers",
            Every(seconds=10 * 60),
            enrollment.enrollment_deadlines,
        ),
        Job(
            "money-writeoff",
            "moves the month that ended from each paid enrollment's reserve to the provider",
            Cron(f"on the 1st at {writeoffs.RUN_HOUR:02}:00", {"day": 1, "hour": writeoffs.RUN_HOUR}, True),
            money.writeoff,
            takes_month=True,
        ),
        Job(
            "money-lessons-reminder",
            "asks providers with paid enrollments for the share of lessons given this month",
            Cron("on the month's last day at 12:00", {"day": "last", "hour": 12}),
            money.lessons_reminder,
        ),
        Job(
            "money-rollover",
            "ends periods (balance expires, next nominal credited), closes certificates at 18",
            Cron("daily at 00:30", {"hour": 0, "minute": 30}, True),
            money.daily_rollover,
        ),
        Job(
            "child-path",
            "suggests the next step to families whose child's club ended or whose school year closed (once)",
            Cron("daily at 11:00", {"hour": 11}, True),
            path.next_steps,
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
