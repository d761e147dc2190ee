"""The monthly write-off, the providers' lessons reminder and the daily rollover of periods and ages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.jobs.context import JobContext
from bot.services.family import rollover
from bot.services.money import writeoffs
from db.models import JobRun


async def writeoff(ctx: JobContext, month: date | None) -> str | None:
    if month is None:  # as scheduled: whatever fell due and is not done yet
        before = await months_written_off(ctx)
        await writeoffs.run_due(ctx)
        done = sorted(await months_written_off(ctx) - before)
        return f"written off: {', '.join(done)}" if done else None
    async with ctx.sessionmaker() as session:
        if await writeoffs.month_done(session, month):
            return f"{writeoffs.slot(month)} was written off before: nothing to do"
    charged = await writeoffs.run(ctx.sessionmaker, ctx.clock, month)
    return f"{writeoffs.slot(month)} written off: {charged} enrollments charged"


async def months_written_off(ctx: JobContext) -> set[str]:
    async with ctx.sessionmaker() as session:
        slots = await session.scalars(
            select(JobRun.slot).where(JobRun.job == writeoffs.JOB, JobRun.finished_at.is_not(None))
        )
        return set(slots)


async def lessons_reminder(ctx: JobContext, month: date | None) -> str | None:
    await writeoffs.remind_providers(ctx)
    return "this month's lessons-report reminders queued for providers with paid enrollments (once each)"


async def daily_rollover(ctx: JobContext, month: date | None) -> str | None:
    await rollover.run_job(ctx)
    return "period ends and 18th birthdays checked; what fell due is done"
