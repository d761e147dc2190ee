"""Seam between certificates, the family's data and enrollments: a closing certificate and consent
withdrawal end them through the enrollment service, so seats, reserves and waiting lists stay right."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession


async def end_for_children(
    session: AsyncSession, child_ids: list[int], now: datetime, *, reason: str = "family"
) -> int:
    from bot.services.enrollment import requests as enrollment  # imports far more than closing needs

    return await enrollment.end_for_children(session, child_ids, now, reason=reason)
