"""A municipality's certificate periods (default the school year, 1 September – 31 August)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Period


def school_year(today: date) -> tuple[date, date]:
    start_year = today.year if today.month >= 9 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


async def current_period(session: AsyncSession, municipality_id: int, today: date) -> Period | None:
    return await session.scalar(
        select(Period).where(
            Period.municipality_id == municipality_id, Period.starts_on <= today, Period.ends_on >= today
        )
    )
