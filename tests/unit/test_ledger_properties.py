"""Property test: whatever sequence of credits, reserves, write-offs, lesson reports, early ends,
expiries and disputes (refunds: reversals of write-offs) runs through the services on a real SQLite
database, the balance and the reserve are the sums of the entries, never negative, every entry has the
shape of its kind, no enrollment is charged twice for a month and no refund exceeds its write-off."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.clock import FrozenClock
from bot.services.errors import DomainError
from bot.services.money import billing, disputes, ledger, writeoffs
from db.models import (
    Dispute,
    Enrollment,
    EnrollmentStatus,
    LedgerEntry,
    LedgerKind,
    LessonReport,
    Municipality,
    Period,
)
from tests import factories as make
from tests.dates import at, d

MONTHS = [date(2026 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(9, 21)]  # Sep 2026 .. Aug 2027

ops = st.lists(
    st.one_of(
        st.tuples(st.just("credit"), st.integers(0, 1)),
        st.tuples(st.just("reserve"), st.integers(0, 2)),
        st.tuples(st.just("writeoff"), st.integers(0, 2), st.integers(0, 5)),
        st.tuples(st.just("writeoff"), st.integers(0, 2), st.integers(0, 5)),
        st.tuples(st.just("report"), st.integers(0, 2), st.integers(0, 5), st.integers(0, 100)),
        st.tuples(st.just("end"), st.integers(0, 2), st.integers(0, 8)),
        st.tuples(st.just("expire"), st.integers(0, 1)),
        # a dispute of a month: the provider agrees (share None) or confirms a share, staff settle
        st.tuples(
            st.just("dispute"),
            st.integers(0, 2),
            st.integers(0, 5),
            st.none() | st.integers(0, 100),
            st.booleans(),
        ),
    ),
    max_size=20,
)

SHAPES = {
    LedgerKind.CREDIT: lambda b, r: b > 0 and r == 0,
    LedgerKind.RESERVE: lambda b, r: b < 0 and r == -b,
    LedgerKind.WRITEOFF: lambda b, r: b == 0 and r <= 0,
    LedgerKind.RELEASE: lambda b, r: b > 0 and r == -b,
    LedgerKind.EXPIRE: lambda b, r: b < 0 and r == 0,
    LedgerKind.REFUND: lambda b, r: b > 0 and r == 0,
}


async def _apply(
    session: AsyncSession, op: tuple[Any, ...], cert_id: int, enrollments: list[int], periods: list[int]
) -> None:
    clock = FrozenClock(at(2027, 9, 1, 9))
    name = op[0]
    if name == "credit":
        await ledger.credit(session, cert_id, 600_000, period_id=periods[op[1]])
    elif name == "expire":
        await ledger.expire(session, cert_id, period_id=periods[op[1]])
    else:
        enrollment = await session.get(Enrollment, enrollments[op[1]])
        assert enrollment is not None
        if name == "reserve" and await ledger.reserved_for(session, enrollment.id) == 0:
            program = enrollment.group.program
            certificate = await make.certificate_by_id(session, cert_id)
            start, end = billing.study_range(enrollment)
            await billing.reserve_for(
                session, enrollment, await billing.quote(session, program, certificate, start=start, end=end)
            )
        elif name == "writeoff":
            await writeoffs.charge(session, enrollment, MONTHS[op[2]], clock)
        elif name == "report":
            month = MONTHS[op[2]]
            if (
                await session.scalar(
                    select(LessonReport).where(
                        LessonReport.group_id == enrollment.group_id, LessonReport.month == month
                    )
                )
                is None
            ):
                session.add(LessonReport(group_id=enrollment.group_id, month=month, share_percent=op[3]))
        elif name == "dispute":  # of one of the months written off (if none, a refused dispute)
            paid = list(
                await session.scalars(
                    select(LedgerEntry.month)
                    .where(
                        LedgerEntry.enrollment_id == enrollment.id, LedgerEntry.kind == LedgerKind.WRITEOFF
                    )
                    .order_by(LedgerEntry.month)
                )
            )
            month = paid[op[2] % len(paid)] if paid else MONTHS[op[2]]
            assert month is not None
            await _dispute(session, enrollment, month, op[3], op[4])
        elif name == "end" and enrollment.status is EnrollmentStatus.ACTIVE:
            month = MONTHS[op[2]]
            enrollment.status = EnrollmentStatus.ENDED
            last = calendar.monthrange(month.year, month.month)[1]
            enrollment.ended_at = datetime(month.year, month.month, last, 12, tzinfo=UTC)
            await billing.release_for(session, enrollment)


async def _dispute(
    session: AsyncSession, enrollment: Enrollment, month: date, share: int | None, for_family: bool
) -> None:
    """Through the dispute service as the three parties would (a refusal rolls the op back)."""
    writeoff = await ledger.written_off(session, enrollment.id, month)
    now = writeoff.created_at if writeoff is not None else at(2027, 9, 1, 9)
    assert enrollment.parent_id is not None
    await disputes.open_dispute(
        session, enrollment_id=enrollment.id, month=month, parent_id=enrollment.parent_id, now=now
    )
    dispute_id = await session.scalar(
        select(Dispute.id).where(Dispute.enrollment_id == enrollment.id, Dispute.month == month)
    )
    assert dispute_id is not None
    provider = frozenset({enrollment.provider_id})
    if share is None:
        await disputes.agree(session, dispute_id=dispute_id, provider_ids=provider, actor_id=1, now=now)
        return
    await disputes.confirm(
        session, dispute_id=dispute_id, provider_ids=provider, actor_id=1, percent=share, now=now
    )
    scope = {enrollment.group.program.municipality_id}
    await disputes.settle(
        session, dispute_id=dispute_id, scope=scope, actor_id=2, for_family=for_family, now=now
    )


async def _check(session: AsyncSession, cert_id: int, enrollments: list[int]) -> None:
    entries = (await session.scalars(select(LedgerEntry).where(LedgerEntry.certificate_id == cert_id))).all()
    balance = await ledger.balance_of(session, cert_id)
    assert balance.balance == sum(e.balance_delta for e in entries) >= 0
    assert balance.reserved == sum(e.reserve_delta for e in entries) >= 0
    for e in entries:
        assert SHAPES[e.kind](e.balance_delta, e.reserve_delta), (e.kind, e.balance_delta, e.reserve_delta)
    for enrollment_id in enrollments:
        assert await ledger.reserved_for(session, enrollment_id) >= 0
    twice = await session.scalar(
        select(func.count()).select_from(
            select(LedgerEntry.enrollment_id, LedgerEntry.month)
            .where(LedgerEntry.kind == LedgerKind.WRITEOFF, LedgerEntry.certificate_id == cert_id)
            .group_by(LedgerEntry.enrollment_id, LedgerEntry.month)
            .having(func.count() > 1)
            .subquery()
        )
    )
    assert twice == 0
    paid = await session.execute(
        select(LedgerEntry.enrollment_id, LedgerEntry.month, func.sum(ledger.PAID))
        .where(LedgerEntry.kind.in_(ledger.PAID_KINDS), LedgerEntry.certificate_id == cert_id)
        .group_by(LedgerEntry.enrollment_id, LedgerEntry.month)
    )
    assert all(amount >= 0 for _, _, amount in paid), "a refund exceeded its write-off"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sequence=ops,
    prices=st.lists(st.integers(1, 300_000), min_size=3, max_size=3),
    starts=st.lists(st.integers(0, 3), min_size=3, max_size=3),
)
async def test_ledger_invariants_hold_for_any_sequence(
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    sequence: list[tuple[Any, ...]],
    prices: list[int],
    starts: list[int],
) -> None:
    async with sessionmaker.begin() as session:
        periods = list((await session.scalars(select(Period.id).order_by(Period.starts_on))).all())
        if len(periods) == 1:
            session.add(
                Period(municipality_id=municipality.id, starts_on=d(2027, 9, 1), ends_on=d(2028, 8, 31))
            )
            await session.flush()
            periods = list((await session.scalars(select(Period.id).order_by(Period.starts_on))).all())
        user = await make.user(session)
        here = await session.get(Municipality, municipality.id)
        assert here is not None
        cert = await make.certificate(session, here, user.id, credit=False)
        enrollments = []
        for price, start in zip(prices, starts, strict=True):
            g = await make.paid_group(
                session, municipality, price=price, starts_on=MONTHS[start], ends_on=d(2027, 5, 31)
            )
            enrollments.append(await make.pending(session, cert, g))
        cert_id = cert.id
    # Most sequences start from a credited certificate with its enrollments reserved.
    for op in [("credit", 0), ("reserve", 0), ("reserve", 1), ("reserve", 2), *sequence]:
        async with sessionmaker() as session:
            try:
                async with session.begin():
                    await _apply(session, op, cert_id, enrollments, periods)
            except DomainError:
                pass  # a refusal changes nothing; the invariants must still hold
        async with sessionmaker() as session:
            await _check(session, cert_id, enrollments)
