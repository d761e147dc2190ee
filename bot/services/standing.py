"""What a child holds: the certificate in force, the active one, an application waiting for the Support
Centre. Plain reads, shared by certificates, children and enrollment (which must not import each other)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ApplicationStatus, Certificate, CertificateApplication, CertificateState


async def current_certificate(session: AsyncSession, child_id: int) -> Certificate | None:
    """The child's certificate in force (active or suspended); at most one."""
    return await session.scalar(
        select(Certificate)
        .where(Certificate.child_id == child_id, Certificate.state != CertificateState.CLOSED)
        .order_by(Certificate.id.desc())
    )


async def active_certificate(session: AsyncSession, child_id: int) -> Certificate | None:
    """The certificate the child can use now (a suspended one cannot be)."""
    return await session.scalar(
        select(Certificate).where(
            Certificate.child_id == child_id, Certificate.state == CertificateState.ACTIVE
        )
    )


async def pending_application(session: AsyncSession, child_id: int) -> CertificateApplication | None:
    return await session.scalar(
        select(CertificateApplication).where(
            CertificateApplication.child_id == child_id,
            CertificateApplication.status == ApplicationStatus.PENDING,
        )
    )


async def has_certificate_or_application(session: AsyncSession, child_id: int) -> bool:
    return (
        await current_certificate(session, child_id) is not None
        or await pending_application(session, child_id) is not None
    )
