"""Consent to the processing of personal data, and what withdrawing it erases."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.accounts import audit
from bot.services.family import children, closing
from db.models import Child, FsmRecord, User


async def accept(session: AsyncSession, user: User, now: datetime) -> None:
    user.consent_at = now
    user.consent_withdrawn_at = None
    await audit.record(
        session,
        actor_id=user.id,
        actor_role="parent",
        action="consent.accept",
        object_type="user",
        object_id=user.id,
    )


async def withdraw(session: AsyncSession, user: User, now: datetime, today: date) -> int:
    """Delete the family's personal data. Issued certificates close (`closing.close`) and stay as
    anonymised register entries (the register must be kept); pending applications are cancelled.
    Returns the number of children whose data was deleted."""
    child_ids = list((await session.scalars(select(Child.id).where(Child.parent_id == user.id))).all())
    await children.forget(
        session, child_ids, cause=closing.Cause.CONSENT_WITHDRAWN, actor_id=user.id, now=now, today=today
    )
    await session.execute(delete(FsmRecord).where(FsmRecord.key.like(f"%:{user.id}:{user.id}:%")))
    user.consent_at = None
    user.consent_withdrawn_at = now
    user.interests = []
    await audit.record(
        session,
        actor_id=user.id,
        actor_role="parent",
        action="consent.withdraw",
        object_type="user",
        object_id=user.id,
        children=len(child_ids),
    )
    return len(child_ids)
