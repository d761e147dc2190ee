"""The audit log: every decision by staff and providers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditRecord


async def record(
    session: AsyncSession,
    *,
    actor_id: int | None,
    actor_role: str,
    action: str,
    object_type: str,
    object_id: int,
    **details: Any,
) -> AuditRecord:
    entry = AuditRecord(
        actor_id=actor_id,
        actor_role=actor_role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    session.add(entry)
    await session.flush()
    return entry


async def history(
    session: AsyncSession, object_type: str, object_id: int, limit: int = 50
) -> list[AuditRecord]:
    rows = await session.scalars(
        select(AuditRecord)
        .where(AuditRecord.object_type == object_type, AuditRecord.object_id == object_id)
        .order_by(AuditRecord.created_at.desc(), AuditRecord.id.desc())
        .limit(limit)
    )
    return list(rows)
