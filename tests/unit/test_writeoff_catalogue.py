"""The write-off over enrollments confirmed and ended by the catalogue's enrollment service: the
reserve made at confirmation is paid month by month, and an early end keeps what is still due."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.clock import FrozenClock
from bot.services.enrollment import requests as enrollments
from bot.services.money import ledger, writeoffs
from db.models import Enrollment, EnrollmentStatus, LedgerEntry, LedgerKind, Municipality
from tests import factories as make
from tests.dates import at, d


async def test_confirmed_mid_month_then_ended_early(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality
) -> None:
    user = await make.user(session)
    teacher = await make.user(session)
    cert = await make.certificate(session, municipality, user.id)
    g = await make.paid_group(session, municipality, price=100_000, member_id=teacher.id)
    assert cert.child is not None
    request = Enrollment(
        child=cert.child,
        parent_id=user.id,
        group=g,
        program_id=g.program.id,
        provider_id=g.program.provider_id,
        certificate_id=cert.id,
        status=EnrollmentStatus.PENDING,
        starts_on=g.starts_on,
        ends_on=g.ends_on,
    )
    session.add(request)
    await session.flush()
    await enrollments.confirm(
        session,
        enrollment_id=request.id,
        provider_ids=frozenset({g.program.provider_id}),
        actor_id=teacher.id,
        now=at(2026, 11, 16, 9),
        today=d(2026, 11, 16),
    )
    await session.commit()
    assert await ledger.reserved_for(session, request.id) == 50_000 + 6 * 100_000
    await session.commit()
    clock = FrozenClock(at(2027, 1, 10, 9))

    await writeoffs.run(sessionmaker, clock, d(2026, 11, 1))
    await writeoffs.run(sessionmaker, clock, d(2026, 12, 1))
    await enrollments.end(
        session,
        enrollment_id=request.id,
        actor_id=user.id,
        reason="family",
        comment=None,
        now=clock.now(),
        parent_id=user.id,
    )
    await session.commit()
    assert await ledger.reserved_for(session, request.id) == 100_000 * 10 // 31  # January's ten days
    await session.commit()
    await writeoffs.run(sessionmaker, clock, d(2027, 1, 1))
    await writeoffs.run(sessionmaker, clock, d(2027, 2, 1))

    paid = (
        await session.scalars(
            select(-LedgerEntry.reserve_delta)
            .where(LedgerEntry.enrollment_id == request.id, LedgerEntry.kind == LedgerKind.WRITEOFF)
            .order_by(LedgerEntry.month)
        )
    ).all()
    assert paid == [50_000, 100_000, 100_000 * 10 // 31]
    assert await ledger.reserved_for(session, request.id) == 0
    assert (await ledger.balance_of(session, cert.id)).balance == 1_000_000 - sum(paid)
