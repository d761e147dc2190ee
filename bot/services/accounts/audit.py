"""The audit log: every decision by staff and providers."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.errors import NotAllowed, NotFound
from db.models import (
    AuditRecord,
    Certificate,
    CertificateApplication,
    Enrollment,
    Event,
    Group,
    Period,
    Program,
    Provider,
)


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
    entry = add(
        session,
        actor_id=actor_id,
        actor_role=actor_role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        **details,
    )
    await session.flush()
    return entry


def add(
    session: AsyncSession,
    *,
    actor_id: int | None,
    actor_role: str,
    action: str,
    object_type: str,
    object_id: int,
    **details: Any,
) -> AuditRecord:
    """`record` without the flush, for many entries written at once (an import of thousands of rows)."""
    entry = AuditRecord(
        actor_id=actor_id,
        actor_role=actor_role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    session.add(entry)
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


async def _municipality_of(session: AsyncSession, object_type: str, object_id: int) -> int | None:
    """The municipality an audited object belongs to, which decides which staff may read its history."""
    if object_type in ("enrollment", "group"):
        program_of = Enrollment.program_id if object_type == "enrollment" else Group.program_id
        owner = Enrollment if object_type == "enrollment" else Group
        query = (
            select(Program.municipality_id).join(owner, program_of == Program.id).where(owner.id == object_id)
        )
        return await session.scalar(query)
    models: dict[str, Any] = {
        "program": Program,
        "provider": Provider,
        "certificate": Certificate,
        "certificate_application": CertificateApplication,
        "event": Event,
        "period": Period,
    }
    model = models.get(object_type)
    if model is None:
        raise NotFound()
    return await session.scalar(select(model.municipality_id).where(model.id == object_id))


AUDITED_TYPES = (
    "program",
    "provider",
    "group",
    "enrollment",
    "certificate",
    "certificate_application",
    "event",
    "period",
)


async def staff_history(
    session: AsyncSession, scope: Collection[int], object_type: str, object_id: int, limit: int = 20
) -> list[AuditRecord]:
    """An object's history for staff of its municipality only."""
    municipality_id = await _municipality_of(session, object_type, object_id)
    if municipality_id is None:
        raise NotFound()
    if municipality_id not in scope:
        raise NotAllowed()
    return await history(session, object_type, object_id, limit)
