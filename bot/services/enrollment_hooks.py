"""Seam between the family's data and enrollments: the enrollment service fills this in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Enrollment, EnrollmentStatus, WaitlistEntry, WaitlistStatus


async def end_for_children(session: AsyncSession, child_ids: list[int], now: datetime) -> None:
    await session.execute(
        update(Enrollment)
        .where(Enrollment.child_id.in_(child_ids), Enrollment.status == EnrollmentStatus.PENDING)
        .values(status=EnrollmentStatus.WITHDRAWN, decided_at=now)
    )
    await session.execute(
        update(WaitlistEntry)
        .where(
            WaitlistEntry.child_id.in_(child_ids),
            WaitlistEntry.status.in_([WaitlistStatus.WAITING, WaitlistStatus.OFFERED]),
        )
        .values(status=WaitlistStatus.CANCELLED)
    )
