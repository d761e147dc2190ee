"""What a child holds: the certificate in force, the active one, an application waiting for the Support
Centre, an enrollment of his parent's. Plain reads, shared by certificates, children, enrollment and money
(which must not import each other)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.errors import NotAllowed, NotFound
from db.models import ApplicationStatus, Certificate, CertificateApplication, CertificateState, Enrollment


async def parents_enrollment(session: AsyncSession, enrollment_id: int, parent_id: int) -> Enrollment:
    """The enrollment (or request), read afresh, if `parent_id` is the parent who made it; else refused."""
    enrollment = await session.get(Enrollment, enrollment_id, populate_existing=True)
    if enrollment is None:
        raise NotFound()
    if enrollment.parent_id != parent_id:
        raise NotAllowed()
    return enrollment


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
