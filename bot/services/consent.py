"""Consent to the processing of personal data, and what withdrawing it erases."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, enrollment_hooks
from db.models import (
    ApplicationStatus,
    Certificate,
    CertificateApplication,
    CertificateEvent,
    CertificateState,
    Child,
    FsmRecord,
    User,
)


async def accept(session: AsyncSession, user: User, now: datetime | None = None) -> None:
    user.consent_at = now or datetime.now(UTC)
    user.consent_withdrawn_at = None
    await audit.record(
        session,
        actor_id=user.id,
        actor_role="parent",
        action="consent.accept",
        object_type="user",
        object_id=user.id,
    )


async def withdraw(session: AsyncSession, user: User, now: datetime | None = None) -> int:
    """Delete the family's personal data. Issued certificates stay as anonymised, closed register
    entries (the register must be kept); pending applications are cancelled. Returns the number of
    children whose data was deleted."""
    now = now or datetime.now(UTC)
    child_ids = list((await session.scalars(select(Child.id).where(Child.parent_id == user.id))).all())
    if child_ids:
        certificates = (
            await session.scalars(select(Certificate).where(Certificate.child_id.in_(child_ids)))
        ).all()
        for certificate in certificates:
            if certificate.state is not CertificateState.CLOSED:
                certificate.state = CertificateState.CLOSED
                certificate.state_reason = "consent_withdrawn"
            certificate.anonymised = True
            certificate.child_id = None
            session.add(CertificateEvent(certificate_id=certificate.id, action="anonymised", actor_id=None))
        await session.execute(
            update(CertificateApplication)
            .where(
                CertificateApplication.child_id.in_(child_ids),
                CertificateApplication.status == ApplicationStatus.PENDING,
            )
            .values(status=ApplicationStatus.CANCELLED, decided_at=now)
        )
        await enrollment_hooks.end_for_children(session, child_ids, now)
        await session.execute(delete(Child).where(Child.id.in_(child_ids)))
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
