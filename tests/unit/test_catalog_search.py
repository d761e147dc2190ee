"""Catalogue search: Russian morphology, filters, pages, what parents may see, and the demo data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.demo import inn_is_valid, load_demo
from bot.services import catalog, search
from bot.services.clock import FrozenClock
from bot.services.errors import NotFound
from db.models import (
    Direction,
    Event,
    Group,
    Level,
    ModerationStatus,
    Municipality,
    Program,
    Provider,
    ProviderState,
    Register,
)
from tests import enroll_factories as make


def test_stems_normalise_case_and_yo() -> None:
    assert search.terms_for("Робототехника", "ЁЛКА и ёжик") == " робототехник елк и ежик "
    assert search.query_stems("шахматный шахматы") == ["шахмат", "шахма"]


async def _titles(session: AsyncSession, f: catalog.Filters, today: date) -> list[str]:
    return [p.title for p in (await catalog.find(session, f, today)).programs]


async def test_morphology_finds_other_word_forms(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    robots = await make.program(session, p, title="Кружок по робототехнике", description="Собираем роботов.")
    chess = await make.program(session, p, title="Шахматный клуб «Ладья»", description="Турниры и дебюты.")
    dance = await make.program(session, p, title="Танцы", description="Народный танец для начинающих.")
    for prog in (robots, chess, dance):
        await make.group(session, prog)
    await session.commit()
    today = clock.today()
    assert await _titles(session, catalog.Filters(text="робототехника"), today) == [robots.title]
    assert await _titles(session, catalog.Filters(text="Шахматы"), today) == [chess.title]
    assert await _titles(session, catalog.Filters(text="шахматная"), today) == [chess.title]
    assert await _titles(session, catalog.Filters(text="роботы"), today) == [robots.title]
    assert await _titles(session, catalog.Filters(text="народные танцы"), today) == [dance.title]
    assert await _titles(session, catalog.Filters(text="турнир"), today) == [chess.title]
    assert await _titles(session, catalog.Filters(text="100%_"), today) == []


async def test_filters_and_the_filter_to_relax(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    chess = await make.program(session, p, title="Шахматы", direction=Direction.SPORT, ages=(6, 10))
    await make.group(session, chess, capacity=5, taken=5, weekdays=0b1)  # Mondays, full
    paid = await make.program(
        session,
        p,
        title="Робототехника",
        direction=Direction.TECHNICAL,
        register=Register.CERTIFIED,
        price=200_000,
    )
    await make.group(session, paid, weekdays=0b100)  # Wednesdays
    await session.commit()
    today = clock.today()
    F = catalog.Filters
    assert await _titles(session, F(direction=Direction.SPORT), today) == ["Шахматы"]
    assert await _titles(session, F(age=11), today) == ["Робототехника"]
    assert await _titles(session, F(funding="free"), today) == ["Шахматы"]
    assert await _titles(session, F(funding="paid"), today) == ["Робототехника"]
    assert await _titles(session, F(weekday=2), today) == ["Робототехника"]
    assert await _titles(session, F(free_seats=True), today) == ["Робототехника"]
    assert await _titles(session, F(municipality_id=municipality.id + 1), today) == []
    empty = await catalog.find(session, F(direction=Direction.SPORT, free_seats=True), today)
    assert (empty.total, empty.relax) == (0, "free_seats")
    empty = await catalog.find(session, F(text="астрономия", age=8), today)
    assert empty.relax == "text"


async def test_pages_of_five(session: AsyncSession, municipality: Municipality, clock: FrozenClock) -> None:
    p = await make.provider(session, municipality)
    for n in range(12):
        await make.group(session, await make.program(session, p, title=f"Программа {n:02d}"))
    await session.commit()
    first = await catalog.find(session, catalog.Filters(), clock.today(), 0)
    last = await catalog.find(session, catalog.Filters(), clock.today(), 2)
    assert (first.total, first.pages, len(first.programs)) == (12, 3, 5)
    assert [x.title for x in last.programs] == ["Программа 10", "Программа 11"]
    beyond = await catalog.find(session, catalog.Filters(), clock.today(), 99)
    assert beyond.page == 2


async def test_parents_see_only_published_programs_of_active_providers_with_open_groups(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    suspended = await make.provider(session, municipality)
    suspended.state = ProviderState.SUSPENDED
    shown = await make.program(session, p, title="Видна")
    await make.group(session, shown)
    pending = await make.program(session, p, title="На модерации", moderation=ModerationStatus.PENDING)
    await make.group(session, pending)
    closed = await make.program(session, p, title="Приём закрыт")
    (await make.group(session, closed)).enrollment_open = False
    await make.group(session, await make.program(session, suspended, title="Поставщик приостановлен"))
    await make.program(session, p, title="Без групп")
    await session.commit()
    assert await _titles(session, catalog.Filters(), clock.today()) == ["Видна"]
    try:
        await catalog.program_card(session, pending.id, clock.today())
    except NotFound:
        pass
    else:
        raise AssertionError("a program in moderation was shown")


async def test_demo_data_is_rich_and_loads_once(session: AsyncSession) -> None:
    today = date(2026, 11, 23)
    await load_demo(session, today)
    summary = await load_demo(session, today)
    assert "Added now: 0 programs, 0 events" in summary
    assert await session.scalar(select(func.count(Municipality.id))) == 3
    providers = (await session.scalars(select(Provider))).all()
    assert len(providers) >= 10 and all(inn_is_valid(p.inn) for p in providers)
    assert {len(p.inn) for p in providers} == {10, 12}
    published = (
        await session.scalars(select(Program).where(Program.moderation == ModerationStatus.PUBLISHED))
    ).all()
    assert len(published) >= 60
    assert {p.direction for p in published} == set(Direction)
    assert {p.register for p in published} == set(Register)
    assert {p.level for p in published} == set(Level)
    assert all(p.search_terms for p in published)
    groups = (await session.scalars(select(Group))).unique().all()
    assert any(g.free_seats == 0 for g in groups) and any(g.free_seats == 1 for g in groups)
    assert await session.scalar(select(func.count(Event.id))) >= 8
    found = await catalog.find(session, catalog.Filters(text="шахматы"), today)
    assert found.total >= 3
