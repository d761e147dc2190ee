"""A municipality's certificate periods (default the school year, 1 September – 31 August)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Certificate, CertificateKind, CertificateState, Period


def school_year(today: date) -> tuple[date, date]:
    start_year = today.year if today.month >= 9 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


async def current_period(session: AsyncSession, municipality_id: int, today: date) -> Period | None:
    return await session.scalar(
        select(Period).where(
            Period.municipality_id == municipality_id, Period.starts_on <= today, Period.ends_on >= today
        )
    )


@dataclass(frozen=True)
class Quota:
    period: Period | None
    used: int

    @property
    def left(self) -> int:
        return max(self.period.financing_quota - self.used, 0) if self.period else 0


async def financing_quota(
    session: AsyncSession, municipality_id: int, today: date, *, lock: bool = False
) -> Quota:
    """Financing certificates of the municipality in force now against the current period's quota.
    With `lock`, the period row is locked first (PostgreSQL; SQLite's write transaction is exclusive
    already), so two approvals at once cannot both take the last place."""
    period = await current_period(session, municipality_id, today)
    if lock and period is not None:
        await session.execute(select(Period.id).where(Period.id == period.id).with_for_update())
    used = await session.scalar(
        select(func.count(Certificate.id)).where(
            Certificate.municipality_id == municipality_id,
            Certificate.kind == CertificateKind.FINANCING,
            Certificate.state != CertificateState.CLOSED,
        )
    )
    return Quota(period=period, used=int(used or 0))
