"""The daily check walks the certificates in batches, each its own transaction: cut short, it picks up
where it stopped, and nothing is credited, expired or told twice."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import batching
from bot.services.clock import FrozenClock
from bot.services.family import rollover
from bot.services.money import ledger
from db.models import JobRun, LedgerEntry, LedgerKind, Municipality, OutboxMessage
from tests import factories as make
from tests.dates import at


async def test_a_period_rollover_cut_short_and_run_again_credits_each_certificate_once(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = await make.user(session)
    ids = [(await make.certificate(session, municipality, user.id)).id for _ in range(4)]
    await session.commit()
    clock = FrozenClock(at(2027, 9, 1, 9, 0))  # the period ended on 31 August
    monkeypatch.setattr(batching, "BATCH_ROWS", 1)  # one certificate a transaction
    real = rollover.close_period
    calls = 0

    async def dying(*args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("the process died")
        await real(*args, **kwargs)

    monkeypatch.setattr(rollover, "close_period", dying)
    with pytest.raises(RuntimeError):
        await rollover.run(sessionmaker, clock)
    assert await session.scalar(select(func.count(JobRun.id)).where(JobRun.job == "rollover")) == 0
    credits = select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == LedgerKind.CREDIT)
    assert await session.scalar(credits) == 4 + 2  # this period's four, the next one's first two
    await session.commit()

    monkeypatch.setattr(rollover, "close_period", real)
    await rollover.run(sessionmaker, clock)
    await rollover.run(sessionmaker, clock)

    for certificate_id in ids:
        assert await ledger.balance_of(session, certificate_id) == ledger.Balance(1_000_000, 0)
        kinds = await session.scalars(
            select(LedgerEntry.kind)
            .where(LedgerEntry.certificate_id == certificate_id)
            .order_by(LedgerEntry.id)
        )
        assert list(kinds) == [LedgerKind.CREDIT, LedgerKind.EXPIRE, LedgerKind.CREDIT]
    assert await session.scalar(select(func.count(JobRun.id)).where(JobRun.job == "rollover")) == 1
    assert await session.scalar(select(func.count(OutboxMessage.id))) == 0  # nothing to tell this day
