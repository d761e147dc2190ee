"""Money a parent can plan with (issue 13): a typical month of a club, the warning a request gives when
it leaves less, the low-balance notice when the reserve is taken, «Что поместится» and the comparison,
and the certificate card's history with the money's movements."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.clock import FrozenClock
from bot.services.enrollment import requests as enrollment
from bot.services.errors import NotAllowed
from bot.services.family import certificates
from bot.services.money import balances, billing, ledger, writeoffs
from bot.services.standing import active_certificate
from db.models import (
    Certificate,
    LedgerEntry,
    LedgerKind,
    Municipality,
    OutboxMessage,
    Register,
)
from tests import factories as make

PARENT = 5001


async def certificate_of(session: AsyncSession, w: make.World) -> Certificate:
    cert = await active_certificate(session, w.child.id)
    assert cert is not None
    return cert


async def test_a_typical_month_is_the_median_of_open_paid_programs(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    assert await billing.typical_monthly(session, municipality.id, clock.today()) == 0  # no programs
    await make.paid_choice(session, municipality, clock, balance=1_000_000)
    # open paid programs: 1 000, 1 500 (teenagers), 2 000, 3 000 and 50 000 ₽; the draft and the free
    # one do not count: the median is 2 000 ₽
    assert await billing.typical_monthly(session, municipality.id, clock.today()) == 200_000


@pytest.mark.parametrize(("balance", "little"), [(500_000, True), (10_000_000, False)])
async def test_a_request_says_when_it_leaves_less_than_a_typical_month(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock, balance: int, little: bool
) -> None:
    w = await make.paid_choice(session, municipality, clock, balance)
    eligible = await enrollment.check(
        session, parent_id=PARENT, child_id=w.child.id, group_id=w.group.id, today=clock.today()
    )
    assert eligible.typical_monthly == 200_000
    assert eligible.quote.left == balance - eligible.quote.reserve_total
    assert eligible.leaves_little is little


async def test_confirmation_reserves_warns_of_a_low_balance_once_and_tells_the_provider(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    municipality.low_balance_threshold_kopecks = 300_000
    w = await make.paid_choice(session, municipality, clock, balance=500_000)
    cert = await certificate_of(session, w)
    low = select(func.count(OutboxMessage.id)).where(
        OutboxMessage.payload["text_key"].as_string() == "money-low-balance"
    )
    request = await enrollment.request(
        session, parent_id=PARENT, child_id=w.child.id, group_id=w.group.id, now=clock.now(),
        today=clock.today(), tz=clock.tz,
    )  # fmt: skip
    assert await session.scalar(low) == 0  # a request moves no money
    done = await enrollment.confirm(
        session,
        enrollment_id=request.id,
        provider_ids=frozenset({w.provider.id}),
        actor_id=w.provider_user,
        now=clock.now(),
        today=clock.today(),
    )
    assert await session.scalar(low) == 1  # the money left the free balance now, not a month later
    told = await session.scalar(
        select(OutboxMessage).where(OutboxMessage.payload["text_key"].as_string() == "enroll-note-confirmed")
    )
    assert told is not None and told.payload["args"]["left_kopecks"] == done.quote.left
    assert done.leaves_little and done.typical_monthly == 200_000
    money = await ledger.balance_of(session, cert.id)
    assert money.reserved == done.quote.reserve_total > 0
    assert money.balance == done.quote.left == 500_000 - done.quote.reserve_total
    # the ledger is its entries: the sums are what the movements say
    entries = list(
        await session.scalars(
            select(LedgerEntry).where(LedgerEntry.certificate_id == cert.id).order_by(LedgerEntry.id)
        )
    )
    assert [e.kind for e in entries] == [LedgerKind.CREDIT, LedgerKind.RESERVE]
    assert sum(e.balance_delta for e in entries) == money.balance
    assert sum(e.reserve_delta for e in entries) == money.reserved
    # the same crossing is not told twice: neither again, nor by the monthly write-off
    assert not await writeoffs.warn_low_balance(session, cert, today=clock.today(), now=clock.now())
    assert await session.scalar(low) == 1


async def test_what_still_fits_pages_the_programs_the_free_balance_pays(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.paid_choice(session, municipality, clock, balance=2_500_000)  # 25 000 ₽ free
    cert = await certificate_of(session, w)
    fits = await balances.fits(session, cert.id, PARENT, clock.today(), 0)
    assert fits.free == 2_500_000 and fits.months_left == 10  # November to August
    shown = [(f.program.title, f.monthly, f.months, f.whole) for f in fits.shown.items]
    assert shown == [
        ("Рисование", 100_000, 10, True),  # 10 000 ₽ to the end of the period
        ("Шахматы для начинающих", 200_000, 10, True),  # its part, not its price
        ("Робототехника", 300_000, 8, False),  # 30 000 ₽ would be needed: 8 months fit
    ]  # cheapest first; not the draft, the free, the teenagers' one or the 50 000 ₽ one
    assert fits.shown.total == 3 and fits.shown.pages == 1
    with pytest.raises(NotAllowed):
        await balances.fits(session, cert.id, 777_001, clock.today(), 0)


async def test_what_still_fits_is_paged(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.paid_choice(session, municipality, clock, balance=2_500_000)
    for n in range(4):
        prog = await make.program(
            session, w.provider, title=f"Кружок {n}", register=Register.CERTIFIED, price=50_000
        )
        await make.group(session, prog)
    await session.commit()
    cert = await certificate_of(session, w)
    first = await balances.fits(session, cert.id, PARENT, clock.today(), 0)
    last = await balances.fits(session, cert.id, PARENT, clock.today(), 99)  # an old button, a shrunk list
    assert first.shown.total == 7 and first.shown.pages == 2 and len(first.shown.items) == 5
    assert last.shown.page == 1 and [f.program.title for f in last.shown.items] == [
        "Шахматы для начинающих",
        "Робототехника",
    ]


async def test_the_comparison_quotes_as_a_request_would(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.paid_choice(session, municipality, clock, balance=1_000_000)
    cert = await certificate_of(session, w)
    fits = await balances.fits(session, cert.id, PARENT, clock.today(), 0)
    a, b = fits.shown.items[0].program, fits.shown.items[1].program
    _, both = await balances.compare(session, cert.id, PARENT, (a.id, b.id), clock.today())
    assert [c.program.id for c in both] == [a.id, b.id]
    period_end = (await certificates.card(session, cert, clock.today())).period
    assert period_end is not None
    for compared in both:
        assert compared.quote == await billing.quote(
            session, compared.program, cert, start=clock.today(), end=period_end.ends_on
        )
    # 10 000 ₽ pays the first's 1 000 ₽ to the end; for the second it stretches to 1 003 ₽ a month
    assert both[0].quote.certificate_monthly == 100_000 and both[0].quote.family_monthly == 0
    assert both[1].quote.certificate_monthly == 100_300 and both[1].quote.family_monthly == 149_700


async def test_the_card_lists_the_money_movements_with_the_changes_of_state(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.paid_choice(session, municipality, clock, balance=1_000_000)
    await make.enrolled(session, w, clock)
    cert = await certificate_of(session, w)
    card = await certificates.card(session, cert, clock.today())
    assert [line.entry.kind for line in card.money] == [LedgerKind.RESERVE, LedgerKind.CREDIT]  # newest first
    assert card.money[0].program_title == w.program.title


@given(
    price=st.integers(1, 5_000_000),
    normative=st.integers(0, 5_000_000),
    balance=st.integers(0, 10_000_000),
    start=st.dates(date(2026, 9, 1), date(2027, 8, 31)),
    days=st.integers(0, 400),
    typical=st.integers(0, 5_000_000),
)
def test_what_stays_free_is_the_balance_less_the_reserve(
    price: int, normative: int, balance: int, start: date, days: int, typical: int
) -> None:
    """The split the request, the confirmation, «Что поместится» and the comparison all show: a reserve
    never takes more than the free balance, what stays free is the rest, and the warning is exactly
    «less than a typical month left»."""
    q = billing.split(price, normative, balance, start=start, end=start + timedelta(days=days))
    assert 0 <= q.reserve_total <= balance
    assert q.left == balance - q.reserve_total
    assert q.certificate_monthly + q.family_monthly == price
    assert q.leaves_less_than(typical) is (q.left < typical)
    if q.shortfall == 0:  # the balance pays every month: the certificate pays its whole part
        assert q.certificate_monthly == q.cap_monthly == billing.cap_of(price, normative)
