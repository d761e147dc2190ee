"""APScheduler 3 runs the jobs declared in bot/jobs/registry.py: the only module that knows APScheduler."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.jobs.context import JobContext
from bot.jobs.registry import JOBS, Cron, Job, run_job

__all__ = ["JobContext", "create_scheduler", "next_run"]


def trigger_for(job: Job, tz: ZoneInfo) -> BaseTrigger:
    if isinstance(job.schedule, Cron):
        return CronTrigger(timezone=tz, **job.schedule.fields)
    return IntervalTrigger(seconds=job.schedule.seconds, timezone=tz)


def next_run(job: Job, tz: ZoneInfo, now: datetime) -> datetime | None:
    """The next scheduled time of a cron job; None for interval jobs, which count from the bot's start."""
    if not isinstance(job.schedule, Cron):
        return None
    return trigger_for(job, tz).get_next_fire_time(None, now)


def create_scheduler(ctx: JobContext) -> AsyncIOScheduler:
    # Every job is idempotent through the database, so a late run is always better than none: the
    # start-up catch-ups are scheduled before the bot has finished starting and must not be dropped
    # as "missed" (APScheduler's default grace is one second); runs that piled up coalesce into one.
    tz = ctx.settings.tz
    scheduler = AsyncIOScheduler(timezone=tz, job_defaults={"misfire_grace_time": None, "coalesce": True})
    for job in JOBS.values():
        scheduler.add_job(
            run_job, trigger_for(job, tz), args=[job, ctx], id=job.name, name=job.name, max_instances=1
        )
        if isinstance(job.schedule, Cron) and job.schedule.catch_up:
            catch_up = f"{job.name}-catch-up"
            scheduler.add_job(run_job, args=[job, ctx], id=catch_up, name=catch_up)
    return scheduler
