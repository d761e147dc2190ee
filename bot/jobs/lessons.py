"""Reminders before the children's lessons, for the parents who asked for them."""

from __future__ import annotations

from datetime import date

from bot.jobs.context import JobContext
from bot.services import batching
from bot.services.family import timetable


async def lesson_reminders(ctx: JobContext, month: date | None) -> str | None:
    settings = ctx.settings
    quiet = timetable.Quiet(settings.tz, settings.quiet_hours_start, settings.quiet_hours_end)
    queued = await batching.retrying(
        lambda: timetable.remind(ctx.sessionmaker, ctx.clock.now(), quiet), what="lesson reminders"
    )
    return f"{queued} lesson reminders queued" if queued else None
