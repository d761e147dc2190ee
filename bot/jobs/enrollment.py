"""Deadlines of requests and waiting-list offers."""

from __future__ import annotations

from datetime import date

from bot.jobs.context import JobContext
from bot.services.enrollment import requests as enrollment


async def enrollment_deadlines(ctx: JobContext, month: date | None) -> str | None:
    done = await enrollment.run_deadlines(ctx)
    if not any(done.values()):
        return None
    return ", ".join(f"{what.replace('_', ' ')}: {count}" for what, count in done.items())
