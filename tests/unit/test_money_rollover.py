"""Period rollover and the 18th birthday: expiry, the next nominal, closing, and the notices ahead."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.clock import FrozenClock
from bot.services.family import rollover
from bot.services.money import ledger
from db.models import (
    CertificateEvent,
    CertificateKind,
    CertificateState,
    EnrollmentStatus,
    LedgerEntry,
    LedgerKind,
    Municipality,
    Period,
)
from tests import factories as make
from tests.dates import at, d


async def _texts(session: AsyncSession, chat_id: int) -> list[str]:
    found = [r.payload["text_key"] for r in await make.outbox_for(session, chat_id)]
    await session.commit()
    return found


async def test_period_end_expires_the_rest_and_credits_the_next_nominal(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality
) -> None:
    user = await make.user(session)
    financing = await make.certificate(session, municipality, user.id)
    accounting = await make.certificate(session, municipality, user.id, kind=CertificateKind.ACCOUNTING)
    await ledger.post(
        session,
        certificate_id=financing.id,
        kind=LedgerKind.RESERVE,
        key="spent",
        balance_delta=-400_000,
        reserve_delta=400_000,
    )
    await session.commit()
    clock = FrozenClock(at(2027, 9, 1, 9, 0))

    await rollover.run(sessionmaker, clock)
    await rollover.run(sessionmaker, clock)  # a second run the same day changes nothing

    periods = (await session.scalars(select(Period).order_by(Period.starts_on))).all()
    assert [(p.starts_on, p.ends_on) for p in periods] == [
        (d(2026, 9, 1), d(2027, 8, 31)),
        (d(2027, 9, 1), d(2028, 8, 31)),
    ]
    assert periods[1].nominal_kopecks == 1_000_000 and periods[1].financing_quota == 2
    kinds = (
        await session.scalars(
            select(LedgerEntry.kind)
            .where(LedgerEntry.certificate_id == financing.id)
            .order_by(LedgerEntry.id)
        )
    ).all()
    assert kinds == [LedgerKind.CREDIT, LedgerKind.RESERVE, LedgerKind.EXPIRE, LedgerKind.CREDIT]
    assert await ledger.balance_of(session, financing.id) == ledger.Balance(
        balance=1_000_000, reserved=400_000
    )
    assert await ledger.balance_of(session, accounting.id) == ledger.Balance(0, 0)


async def test_a_certificate_closes_on_the_18th_birthday(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    cert = await make.certificate(session, municipality, user.id, born=d(2008, 11, 23))
    g = await make.paid_group(session, municipality, price=50_000)
    enrollment = await make.enroll(session, cert, g)
    await session.commit()
    assert await ledger.reserved_for(session, enrollment.id) > 0
    await session.commit()

    await rollover.run(sessionmaker, clock)

    await session.refresh(cert)
    assert cert.state is CertificateState.CLOSED and cert.state_reason == "age_18"
    # The enrollment ends through the enrollment service: the seat is freed, the free balance expires,
    # and only what was studied but not yet written off stays reserved for the provider.
    await session.refresh(enrollment)
    await session.refresh(g)
    assert enrollment.status is EnrollmentStatus.ENDED and g.seats_taken == 0
    left = await ledger.balance_of(session, cert.id)
    assert left.balance == 0
    assert 0 < left.reserved == await ledger.reserved_for(session, enrollment.id)
    closed = await session.scalar(
        select(func.count(CertificateEvent.id)).where(
            CertificateEvent.certificate_id == cert.id, CertificateEvent.action == "close"
        )
    )
    assert closed == 1
    assert "certificates-closed" in await _texts(session, user.id)


async def test_families_are_told_30_days_ahead_once(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality
) -> None:
    user = await make.user(session)
    await make.certificate(session, municipality, user.id, born=d(2009, 8, 20))
    await session.commit()
    clock = FrozenClock(at(2027, 8, 5, 9, 0))  # period ends 31.08, 18 on 20.08

    await rollover.run(sessionmaker, clock)
    await rollover.run(sessionmaker, clock)

    assert sorted(await _texts(session, user.id)) == ["money-period-ending", "money-turns-eighteen"]


async def test_nothing_is_told_too_early(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    await make.certificate(session, municipality, user.id, born=d(2010, 1, 1))
    await session.commit()
    await rollover.run(sessionmaker, clock)
    assert await _texts(session, user.id) == []
