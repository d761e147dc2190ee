"""Catalogue search: Russian morphology, filters, pages, what parents may see, and the demo data."""

from __future__ import annotations

import os
import random
import uuid
from datetime import date

import pytest
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bot.demo import load_demo
from bot.services.catalogue import catalog, search
from bot.services.clock import FrozenClock
from bot.services.errors import NotFound
from bot.services.rules import is_valid_inn
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import (
    Direction,
    Event,
    Group,
    Level,
    ModerationStatus,
    Municipality,
    Program,
    ProgramFormat,
    Provider,
    ProviderState,
    Register,
)
from tests import factories as make


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
    assert len(providers) >= 10 and all(is_valid_inn(p.inn) for p in providers)
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
    # No students in the demo, so no seat is taken; a few tiny groups fill after one or two requests.
    assert all(g.seats_taken == 0 for g in groups)
    assert any(g.capacity == 1 for g in groups) and any(g.capacity == 2 for g in groups)
    assert await session.scalar(select(func.count(Event.id))) >= 8
    # What families ask: every format, some programs for children with ОВЗ (saying what is adapted)
    # and with a free trial lesson, and a point near the demo towns for all but the online ones.
    assert {p.format for p in published} == set(ProgramFormat)
    assert 5 <= sum(p.ovz_suited for p in published) < len(published) // 2
    assert all(p.ovz_adaptations for p in published if p.ovz_suited)
    assert 0 < sum(p.trial_lesson for p in published) < len(published)
    for p in published:
        if p.latitude is None or p.longitude is None:
            assert p.format is ProgramFormat.ONLINE and p.latitude is p.longitude is None
        else:
            assert p.format is not ProgramFormat.ONLINE
            assert 44.1 < p.latitude < 44.8 and 41.7 < p.longitude < 43.2
    found = await catalog.find(session, catalog.Filters(text="шахматы"), today)
    assert found.total >= 3


def test_query_syntax_leaves_room_for_alternatives_of_a_word() -> None:
    words = [["шахма", "шашк"], ["клуб"]]
    assert search.fts5_query(words) == '("шахма"* OR "шашк"*) AND ("клуб"*)'
    assert search.tsquery(words) == "('шахма':* | 'шашк':*) & ('клуб':*)"


async def test_pages_count_only_when_the_first_page_is_full(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    for n in range(5):
        await make.group(session, await make.program(session, p, title=f"Программа {n}"))
    await session.commit()
    five = await catalog.find(session, catalog.Filters(), clock.today())
    assert (five.total, five.pages, len(five.programs)) == (5, 1, 5)
    assert (await catalog.find(session, catalog.Filters(), clock.today(), 1)).page == 0
    await make.group(session, await make.program(session, p, title="Программа 5"))
    await session.commit()
    six = await catalog.find(session, catalog.Filters(), clock.today())
    assert (six.total, six.pages, len(six.programs)) == (6, 2, 5)
    second = await catalog.find(session, catalog.Filters(), clock.today(), 1)
    assert [x.title for x in second.programs] == ["Программа 5"]
    gone = await catalog.find(session, catalog.Filters(text="астрономия"), clock.today(), 1)
    assert (gone.total, gone.page, gone.relax) == (0, 0, "text")


async def _found(session: AsyncSession, text: str, today: date) -> list[str]:
    return await _titles(session, catalog.Filters(text=text), today)


async def _assert_index_matches_programs(session: AsyncSession) -> None:
    """SQLite: FTS5 compares its index with the programs table, row by row. PostgreSQL maintains
    its expression index itself."""
    if session.get_bind().dialect.name == "sqlite":
        await session.execute(
            text("INSERT INTO programs_fts(programs_fts, rank) VALUES ('integrity-check', 1)")
        )


async def test_word_index_follows_every_writer_of_programs(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    today = clock.today()
    p = await make.provider(session, municipality)
    chess = await make.program(session, p, title="Шахматы", description="Дебюты.")
    await make.group(session, chess)
    await session.commit()
    assert await _found(session, "шахматный", today) == ["Шахматы"]

    chess.title, chess.description = "Шашки", "Игра в шашки."  # the provider's form writes like this
    for column, terms in search.program_terms(chess.title, chess.description, p.name).items():
        setattr(chess, column, terms)
    await session.commit()
    assert await _found(session, "шахматы", today) == []
    assert await _found(session, "игры в шашки", today) == ["Шашки"]

    # A bulk insert (the region generator, imports of many rows) and raw SQL go past the ORM.
    await session.execute(
        insert(Program),
        [
            {
                "provider_id": p.id,
                "municipality_id": municipality.id,
                "title": "Астрономия",
                "description": "",
                "direction": Direction.SCIENCE,
                "level": Level.BASIC,
                "age_min": 7,
                "age_max": 12,
                "register": Register.GENERAL,
                "moderation": ModerationStatus.PUBLISHED,
                "search_terms": search.terms_for("Астрономия", "Звёзды и планеты"),
                "created_at": clock.now(),
                "updated_at": clock.now(),
            }
        ],
    )
    stars = await session.scalar(select(Program).where(Program.title == "Астрономия"))
    assert stars is not None
    await make.group(session, stars)
    await session.commit()
    assert await _found(session, "звезды планет", today) == ["Астрономия"]
    await session.execute(
        text("UPDATE programs SET search_terms = :terms WHERE id = :id"),
        {"terms": "  астроном  телескоп ", "id": stars.id},  # words apart by more than one space
    )
    await session.commit()
    assert await _found(session, "звезды", today) == []
    assert await _found(session, "телескопы", today) == ["Астрономия"]

    chess_id = chess.id
    await session.execute(delete(Group).where(Group.program_id == chess_id))
    await session.execute(delete(Program).where(Program.id == chess_id))
    await session.commit()
    assert await _found(session, "шашки", today) == []
    await _assert_index_matches_programs(session)


async def test_word_search_reads_the_index(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    """The plan of the real query names the word index (PostgreSQL is told to avoid scans, as a
    handful of rows would otherwise be read directly)."""
    p = await make.provider(session, municipality)
    await make.group(session, await make.program(session, p, title="Шахматы"))
    await session.commit()
    condition = search.matches(Program.search_terms, "шахматы")
    assert condition is not None
    dialect = session.get_bind().dialect
    compiled = select(Program.id).where(condition).compile(dialect=dialect)
    params = tuple(compiled.params[name] for name in compiled.positiontup or [])
    connection = await session.connection()
    if dialect.name == "postgresql":
        await connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    explain = "EXPLAIN QUERY PLAN" if dialect.name == "sqlite" else "EXPLAIN"
    plan = "\n".join(str(row) for row in await connection.exec_driver_sql(f"{explain} {compiled}", params))
    assert ("VIRTUAL TABLE" if dialect.name == "sqlite" else "ix_programs_search_terms") in plan, plan
    await session.rollback()


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"), reason="a PostgreSQL server is needed")
async def test_word_search_works_in_a_postgresql_database_with_ctype_c(clock: FrozenClock) -> None:
    """`CREATE DATABASE` inherits the cluster's LC_CTYPE, which may be `C`: there PostgreSQL's
    `lower()` leaves Cyrillic letters as they are and `pg_trgm` finds no trigrams in them. The search
    must not depend on it."""
    admin_url = os.environ["TEST_POSTGRES_URL"]
    name = f"t_c_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(
            text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C'")
        )
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    try:
        await upgrade(url)
        async with create_sessionmaker(engine, clock)() as session:
            assert (
                await session.scalar(text("SELECT datctype FROM pg_database WHERE datname = :n"), {"n": name})
                == "C"
            )
            m = Municipality(name_ru="Андроповский округ", name_en="Andropovsky district", office_ru="")
            session.add(m)
            await session.flush()
            p = await make.provider(session, m)
            await make.group(session, await make.program(session, p, title="Шахматный клуб «Ладья»"))
            await make.group(session, await make.program(session, p, title="Python для школьников"))
            await session.commit()
            assert await _found(session, "шахматы", clock.today()) == ["Шахматный клуб «Ладья»"]
            assert await _found(session, "python java", clock.today()) == [
                "Python для школьников"
            ]  # any word
            assert await _found(session, "питон", clock.today()) == ["Python для школьников"]  # a synonym
            assert await _found(session, "Python школьник", clock.today()) == ["Python для школьников"]
    finally:
        await engine.dispose()
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


WORDS = (  # noqa: SIM905 (words read better as a line of text)
    "шахматы шахматный шашки робототехника роботы робот танцы танец народный футбол мини-футбол "
    "Python программирование программист 3D-моделирование ёлочка йога йоговский мой мои изо "
    "изобразительное искусство театр театральная студия вокал вокальный хор хоровое пение лего "
    "LEGO-конструирование"
).split()


async def test_the_index_finds_what_the_stem_prefix_rule_finds(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    """Against the rule itself (every query stem begins a stored stem), on random titles and queries."""
    rng = random.Random(7)
    p = await make.provider(session, municipality)
    terms: dict[str, str] = {}
    for n in range(40):
        title = f"{n:02d} " + " ".join(rng.sample(WORDS, rng.randint(1, 4)))
        description = " ".join(rng.sample(WORDS, rng.randint(0, 3)))
        await make.group(session, await make.program(session, p, title=title, description=description))
        terms[title] = search.terms_for(title, description)
    await session.commit()
    queries = [" ".join(rng.sample(WORDS, rng.randint(1, 2))) for _ in range(40)] + [
        "йог",
        "мои",
        "лего конструирование",
    ]
    for query in queries:
        wanted = search.query_words(query)  # per word, its stem and its synonyms' stems
        has = {
            t: [any(s.startswith(a) for s in stored.split() for a in word) for word in wanted]
            for t, stored in terms.items()
        }
        some = {t for t, found in has.items() if any(found) or not wanted}  # no word: no condition
        every = {t for t, found in has.items() if all(found)}
        f = catalog.Filters(text=query)
        assert await catalog.count(session, f, clock.today()) == len(some), query  # any word finds
        page = [x.title for x in (await catalog.find(session, f, clock.today())).programs]
        assert set(page) <= some and len(page) == min(len(some), 5), query
        assert set(page[: len(every)]) <= every, query  # all the words before some of them
