"""The monthly write-off: pro-rating, the reported share, the last month, restarts and catch-up."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.render import render
from bot.services import batching
from bot.services.clock import FrozenClock
from bot.services.errors import DomainError, NotAllowed
from bot.services.money import billing, ledger, writeoffs
from db.models import (
    Enrollment,
    EnrollmentStatus,
    JobRun,
    LedgerEntry,
    LedgerKind,
    LessonReport,
    Municipality,
    OutboxMessage,
)
from tests import factories as make
from tests.dates import at, d, year

SEP, OCT, NOV, DEC = d(2026, 9, 1), d(2026, 10, 1), d(2026, 11, 1), d(2026, 12, 1)


async def _run(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock, month: date
) -> int:
    await session.commit()  # the test's own read transaction would hold the SQLite write lock
    return await writeoffs.run(sessionmaker, clock, month)


async def _writeoffs(session: AsyncSession, enrollment_id: int) -> list[LedgerEntry]:
    rows = await session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.enrollment_id == enrollment_id, LedgerEntry.kind == LedgerKind.WRITEOFF)
        .order_by(LedgerEntry.month)
    )
    found = list(rows)
    await session.commit()
    return found


async def test_full_month_moves_the_monthly_part_from_reserve_to_provider(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
    core: FluentRuntimeCore,
) -> None:
    user = await make.user(session)
    p = await make.paid(session, municipality, user.id, price=100_000)
    await session.commit()
    before = await ledger.balance_of(session, p.certificate.id)

    assert await _run(session, sessionmaker, clock, OCT) == 1

    [entry] = await _writeoffs(session, p.enrollment.id)
    assert (entry.reserve_delta, entry.balance_delta, entry.month) == (-100_000, 0, OCT)
    assert entry.provider_id == p.enrollment.provider_id
    assert entry.key == f"writeoff:{p.enrollment.id}:{OCT:%Y-%m}"
    after = await ledger.balance_of(session, p.certificate.id)
    assert after.balance == before.balance and after.reserved == before.reserved - 100_000
    [notice] = await make.outbox_for(session, user.id)
    assert notice.payload["text_key"] == "money-writeoff-notice"
    assert notice.payload["args"]["amount_kopecks"] == 100_000
    assert notice.payload["args"]["left_kopecks"] == after.balance + after.reserved
    assert "&lt;" in render(core, "ru", notice.payload)[0]  # the title is escaped for HTML


async def test_partial_first_month_is_pro_rated_by_days(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    cert = await make.certificate(session, municipality, user.id)
    g = await make.paid_group(session, municipality, price=90_000)
    e = await make.enroll(session, cert, g, starts_on=d(2026, 11, 21), ends_on=d(2027, 5, 31))
    await session.commit()

    await _run(session, sessionmaker, clock, NOV)

    [entry] = await _writeoffs(session, e.id)
    assert entry.reserve_delta == -90_000 * 10 // 30  # 10 of November's 30 days


async def test_reported_share_reduces_the_amount_and_default_is_full(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    reported = await make.paid(session, municipality, user.id, price=100_000)
    silent = await make.paid(session, municipality, user.id, price=100_000)
    session.add(LessonReport(group_id=reported.enrollment.group_id, month=OCT, share_percent=75))
    await session.commit()

    await _run(session, sessionmaker, clock, OCT)

    assert [e.reserve_delta for e in await _writeoffs(session, reported.enrollment.id)] == [-75_000]
    assert [e.reserve_delta for e in await _writeoffs(session, silent.enrollment.id)] == [-100_000]


async def test_last_month_pays_what_is_due_and_releases_the_rest(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    p = await make.paid(
        session, municipality, user.id, price=100_000, starts_on=d(2026, 10, 1), ends_on=d(2026, 11, 15)
    )
    session.add(LessonReport(group_id=p.enrollment.group_id, month=OCT, share_percent=50))
    await session.commit()
    credited = (await ledger.balance_of(session, p.certificate.id)).balance + 150_000

    await _run(session, sessionmaker, clock, OCT)
    await _run(session, sessionmaker, clock, NOV)

    amounts = [-e.reserve_delta for e in await _writeoffs(session, p.enrollment.id)]
    assert amounts == [50_000, 50_000]  # half of October; 15 of November's 30 days
    assert await ledger.reserved_for(session, p.enrollment.id) == 0
    final = await ledger.balance_of(session, p.certificate.id)
    assert (final.balance, final.reserved) == (credited - 100_000, 0)


async def test_ended_early_enrollment_pays_its_last_month_then_nothing(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    p = await make.paid(session, municipality, user.id, price=100_000)
    await session.commit()
    await _run(session, sessionmaker, clock, SEP)
    await _run(session, sessionmaker, clock, OCT)
    e = await session.get(Enrollment, p.enrollment.id)
    assert e is not None
    e.status = EnrollmentStatus.ENDED
    e.ended_at = at(2026, 11, 30, 12)
    await billing.release_for(session, e)  # keeps November, still due
    await session.commit()
    assert await ledger.reserved_for(session, e.id) == 100_000

    await _run(session, sessionmaker, clock, NOV)
    await _run(session, sessionmaker, clock, DEC)

    assert [-x.reserve_delta for x in await _writeoffs(session, e.id)] == [100_000] * 3
    assert await ledger.reserved_for(session, e.id) == 0


async def test_a_run_killed_half_way_and_repeated_charges_each_enrollment_once(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = await make.user(session)
    ids = [(await make.paid(session, municipality, user.id)).enrollment.id for _ in range(4)]
    await session.commit()
    real_charge = writeoffs.charge_due
    calls = 0

    async def crashing(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("the process died")
        return await real_charge(*args, **kwargs)

    monkeypatch.setattr(writeoffs, "charge_due", crashing)
    monkeypatch.setattr(batching, "BATCH_ROWS", 2)  # each batch commits on its own: two, then two
    with pytest.raises(RuntimeError):
        await _run(session, sessionmaker, clock, OCT)
    assert [len(await _writeoffs(session, i)) for i in ids] == [1, 1, 0, 0]
    assert await writeoffs.month_done(session, OCT) is False

    monkeypatch.setattr(writeoffs, "charge_due", real_charge)
    assert await _run(session, sessionmaker, clock, OCT) == 2
    assert await _run(session, sessionmaker, clock, OCT) == 0  # done: a third run does nothing

    assert [len(await _writeoffs(session, i)) for i in ids] == [1, 1, 1, 1]
    notices = await session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.chat_id == user.id)
    )
    assert notices == 4
    run = await session.scalar(
        select(JobRun).where(JobRun.job == "writeoff", JobRun.slot == f"{year(2026)}-10")
    )
    assert run is not None and run.finished_at is not None


async def test_provider_gets_a_statement_per_program(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    teacher = await make.user(session)
    p = await make.paid(session, municipality, user.id, price=100_000, member_id=teacher.id)
    second = await make.certificate(session, municipality, user.id)
    await make.enroll(session, second, p.enrollment.group)
    await session.commit()

    await _run(session, sessionmaker, clock, OCT)

    [statement] = await make.outbox_for(session, teacher.id)
    assert statement.payload["text_key"] == "money-provider-statement"
    assert statement.payload["args"]["children"] == 2
    assert statement.payload["args"]["amount_kopecks"] == 200_000


async def test_low_balance_warning_once_per_period(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    cert = await make.certificate(session, municipality, user.id)  # 10 000 ₽, threshold 1 000 ₽
    g = await make.paid_group(session, municipality, price=110_000)
    await make.enroll(session, cert, g)  # reserves 9 900 ₽: 100 ₽ left free
    await session.commit()

    assert await writeoffs.warn_low_balance(session, cert, today=clock.today(), now=clock.now()) is True
    assert await writeoffs.warn_low_balance(session, cert, today=clock.today(), now=clock.now()) is False
    low = await session.scalar(
        select(OutboxMessage).where(OutboxMessage.payload["text_key"].as_string() == "money-low-balance")
    )
    assert low is not None and low.payload["args"]["balance_kopecks"] == 10_000


@pytest.mark.parametrize(
    ("local_now", "month"),
    [
        (datetime(2026, 12, 1, 3, 30), date(2026, 11, 1)),  # the run hour passed: November is due
        (datetime(2026, 12, 1, 2, 59), date(2026, 10, 1)),  # not yet: the last due month is October
        (datetime(2026, 12, 17, 12, 0), date(2026, 11, 1)),
        (datetime(2027, 1, 1, 4, 0), date(2026, 12, 1)),
    ],
)
def test_due_month(local_now: datetime, month: date) -> None:
    assert writeoffs.due_month(local_now) == month


async def test_lesson_report_rules(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    teacher = await make.user(session)
    p = await make.paid(session, municipality, user.id, member_id=teacher.id)
    other = await make.paid_group(session, municipality)
    await session.commit()
    mine = frozenset({p.enrollment.provider_id})
    args = {"provider_ids": mine, "actor_id": teacher.id, "month": OCT}

    with pytest.raises(NotAllowed):
        await writeoffs.report_lessons(session, group_id=other.id, percent=50, **args)
    with pytest.raises(DomainError, match=r"^money-lessons-bad-percent$"):
        await writeoffs.report_lessons(session, group_id=p.enrollment.group_id, percent=101, **args)
    await writeoffs.report_lessons(session, group_id=p.enrollment.group_id, percent=40, **args)
    await writeoffs.report_lessons(session, group_id=p.enrollment.group_id, percent=60, **args)
    await session.commit()
    assert await writeoffs.lesson_share(session, p.enrollment.group_id, OCT) == 60

    await _run(session, sessionmaker, clock, OCT)
    with pytest.raises(DomainError, match="money-lessons-too-late"):
        await writeoffs.report_lessons(session, group_id=p.enrollment.group_id, percent=10, **args)


async def test_an_enrollment_confirmed_mid_month_pays_from_the_confirmation(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    cert = await make.certificate(session, municipality, user.id)
    g = await make.paid_group(session, municipality, price=90_000)  # the group began on 1 September
    e = await make.enroll(session, cert, g, starts_on=d(2026, 11, 21))
    e.starts_on = g.starts_on  # as the catalogue keeps it: the group's start, confirmed later
    e.decided_at = at(2026, 11, 21, 10)
    await session.commit()

    await _run(session, sessionmaker, clock, NOV)

    [entry] = await _writeoffs(session, e.id)
    assert entry.reserve_delta == -90_000 * 10 // 30
