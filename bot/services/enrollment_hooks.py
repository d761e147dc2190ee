"""Seam between the family's data and enrollments: consent withdrawal ends them through the
enrollment service, so seats, reserves and waiting lists stay right."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession


async def end_for_children(session: AsyncSession, child_ids: list[int], now: datetime) -> None:
    from bot.services import enrollment  # the enrollment service imports far more than consent needs

    await enrollment.end_for_children(session, child_ids, now)
