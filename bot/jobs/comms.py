"""Broadcast progress and event reminders."""

from __future__ import annotations

from datetime import date

from bot.jobs.context import JobContext
from bot.services.comms import events


async def broadcast_progress(ctx: JobContext, month: date | None) -> str | None:
    await ctx.progress.refresh()
    return None


async def event_reminders(ctx: JobContext, month: date | None) -> str | None:
    queued = await events.remind(ctx)
    return f"{queued} event reminders queued" if queued else None
