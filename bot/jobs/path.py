"""The child's next step, suggested after a club ended or the school year closed."""

from __future__ import annotations

from datetime import date

from bot.jobs.context import JobContext
from bot.services.family import path


async def next_steps(ctx: JobContext, month: date | None) -> str | None:
    queued = await path.run_job(ctx)
    return f"{queued} next-step suggestions queued" if queued else None
