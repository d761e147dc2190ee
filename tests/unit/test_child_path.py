"""«Что дальше»: the next level in a direction the child attended, related directions his age allows
(his interests first), free seats first, and whether each fits the certificate (the «Что поместится»
rule)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.render import render
from bot.keyboards.children import ChildCb
from bot.services.clock import FrozenClock
from bot.services.desk import reports
from bot.services.errors import NotAllowed
from bot.services.family import interests, path
from bot.services.family.path import Kind
from db.models import (
    CertificateKind,
    Child,
    Direction,
    EnrollmentStatus,
    Level,
    ModerationStatus,
    Municipality,
    Period,
    Program,
    Provider,
    Register,
)
from tests import factories as make
from tests.dates import d

PARENT = 7001


@pytest.fixture
async def owner(session: AsyncSession, municipality: Municipality) -> Provider:
    return await make.provider(session, municipality)


async def club(
    session: AsyncSession,
    owner: Provider,
    title: str,
    direction: Direction,
    level: Level,
    *,
    ages: tuple[int, int] = (7, 14),
    seats: int = 10,
    taken: int = 0,
    **columns: Any,
) -> Program:
    """A published program with one open group of `seats` seats, `taken` of them taken."""
    program = await make.program(
        session, owner, title=title, direction=direction, level=level, ages=ages, **columns
    )
    await make.group(session, program, capacity=seats, taken=taken)
    return program


async def attended(session: AsyncSession, child: Child, program: Program, status: EnrollmentStatus) -> None:
    group = await make.group(session, program, name="Прошлый год")
    await session.refresh(group, ["program"])
    await make.enrollment_row(session, child, group, status)


async def titles(session: AsyncSession, child: Child, today: date) -> list[tuple[str, Kind]]:
    found = await path.next_steps(session, child.id, today, parent_id=PARENT)
    return [(s.program.title, s.kind) for s in found.steps]


async def test_the_next_level_in_the_same_direction_comes_first_then_related_directions(
    session: AsyncSession, municipality: Municipality, owner: Provider, today: date
) -> None:
    child = await make.child(session, PARENT, municipality, birth=d(2016, 5, 1))  # 10
    robots = await club(session, owner, "Роботы 1", Direction.TECHNICAL, Level.INTRODUCTORY)
    await attended(session, child, robots, EnrollmentStatus.ENDED)
    await club(session, owner, "Роботы 2", Direction.TECHNICAL, Level.BASIC)
    await club(session, owner, "Роботы 3", Direction.TECHNICAL, Level.ADVANCED)  # two levels up: not yet
    await club(session, owner, "Опыты", Direction.SCIENCE, Level.BASIC)  # technical ↔ science
    await club(session, owner, "Опыты для малышей", Direction.SCIENCE, Level.INTRODUCTORY)
    await club(session, owner, "Танцы", Direction.ARTS, Level.INTRODUCTORY)  # not related
    assert await titles(session, child, today) == [
        ("Роботы 2", Kind.LEVEL),
        ("Опыты для малышей", Kind.RELATED),  # the lowest level first
        ("Опыты", Kind.RELATED),
    ]


async def test_after_the_advanced_level_and_for_a_request_still_pending(
    session: AsyncSession, municipality: Municipality, owner: Provider, today: date
) -> None:
    child = await make.child(session, PARENT, municipality, birth=d(2016, 5, 1))
    top = await club(session, owner, "Роботы 3", Direction.TECHNICAL, Level.ADVANCED)
    await attended(session, child, top, EnrollmentStatus.ACTIVE)
    asked = await club(session, owner, "Опыты", Direction.SCIENCE, Level.BASIC)
    await attended(session, child, asked, EnrollmentStatus.PENDING)  # asked for: not suggested again
    await club(session, owner, "Роботы 2", Direction.TECHNICAL, Level.BASIC)  # below what he reached
    assert await titles(session, child, today) == []


async def test_only_what_the_childs_age_allows_in_his_municipality_and_open(
    session: AsyncSession, municipality: Municipality, owner: Provider, today: date
) -> None:
    child = await make.child(session, PARENT, municipality, birth=d(2016, 5, 1))  # 10
    first = await club(session, owner, "Футбол 1", Direction.SPORT, Level.INTRODUCTORY)
    await attended(session, child, first, EnrollmentStatus.ENDED)
    await club(session, owner, "Футбол 2 для старших", Direction.SPORT, Level.BASIC, ages=(13, 17))
    hidden = {"moderation": ModerationStatus.PENDING}
    await club(session, owner, "Футбол 2 на модерации", Direction.SPORT, Level.BASIC, **hidden)
    elsewhere = await make.provider(session, await make.municipality(session))
    await club(session, elsewhere, "Футбол 2 в соседнем округе", Direction.SPORT, Level.BASIC)
    await club(session, owner, "Футбол 2", Direction.SPORT, Level.BASIC, ages=(10, 12))
    await club(session, owner, "Походы", Direction.TOURISM, Level.BASIC)  # sport ↔ tourism
    assert await titles(session, child, today) == [("Футбол 2", Kind.LEVEL), ("Походы", Kind.RELATED)]


async def test_the_childs_own_interests_come_before_related_directions_and_free_seats_first(
    session: AsyncSession, municipality: Municipality, owner: Provider, today: date
) -> None:
    child = await make.child(session, PARENT, municipality, birth=d(2016, 5, 1))
    brother = await make.child(session, PARENT, municipality, birth=d(2016, 5, 1))
    art = await club(session, owner, "Рисунок", Direction.ARTS, Level.INTRODUCTORY)
    await attended(session, child, art, EnrollmentStatus.ENDED)
    await club(session, owner, "Театр", Direction.SOCIAL, Level.INTRODUCTORY)  # arts ↔ social
    await club(session, owner, "Шахматы полные", Direction.SPORT, Level.INTRODUCTORY, seats=5, taken=5)
    await club(session, owner, "Шахматы", Direction.SPORT, Level.BASIC)
    await interests.toggle(session, child, "sport")
    assert await titles(session, child, today) == [
        ("Шахматы", Kind.INTEREST),  # a free seat before a lower level without one
        ("Шахматы полные", Kind.INTEREST),
        ("Театр", Kind.RELATED),
    ]
    # His brother attended nothing and follows nothing: nothing to suggest.
    assert await titles(session, brother, today) == []


async def test_each_step_says_whether_it_fits_the_certificate(
    session: AsyncSession, municipality: Municipality, owner: Provider, today: date
) -> None:
    financing = {"kind": CertificateKind.FINANCING, "balance": 300_000}
    child = await make.child(session, PARENT, municipality, birth=d(2016, 5, 1), **financing)
    first = await club(session, owner, "Лего", Direction.TECHNICAL, Level.INTRODUCTORY)
    await attended(session, child, first, EnrollmentStatus.ENDED)
    paid = {"register": Register.CERTIFIED}
    await club(session, owner, "Роботы дорого", Direction.TECHNICAL, Level.BASIC, price=400_000, **paid)
    # the normative cost caps the certificate part: 250 000 a month fits the 300 000 left
    capped = {**paid, "price": 400_000, "normative": 250_000}
    await club(session, owner, "Роботы", Direction.TECHNICAL, Level.BASIC, **capped)
    await club(session, owner, "Роботы бесплатно", Direction.TECHNICAL, Level.BASIC)
    found = await path.next_steps(session, child.id, today, parent_id=PARENT)
    assert {s.program.title: s.fits for s in found.steps} == {
        "Роботы дорого": False,
        "Роботы": True,
        "Роботы бесплатно": True,
    }


async def test_another_familys_child_is_refused(
    session: AsyncSession, municipality: Municipality, today: date
) -> None:
    child = await make.child(session, PARENT, municipality)
    with pytest.raises(NotAllowed):
        await path.next_steps(session, child.id, today, parent_id=PARENT + 1)


def test_the_level_order() -> None:
    assert [path.next_level(level) for level in Level] == [Level.BASIC, Level.ADVANCED, None]


# ---- the daily run: after a club ended, after the school year closed ----


async def ended_club(
    session: AsyncSession, child: Child, owner: Provider, when: datetime, title: str = "Лего"
) -> None:
    program = await club(session, owner, title, Direction.TECHNICAL, Level.INTRODUCTORY)
    group = await make.group(session, program, name="Прошлый год")
    await session.refresh(group, ["program"])
    enrollment = await make.enrollment_row(session, child, group, EnrollmentStatus.ENDED)
    enrollment.ended_at = when


async def test_a_family_hears_once_of_the_next_step_after_a_club_ended(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    owner: Provider,
    clock: FrozenClock,
    core: FluentRuntimeCore,
) -> None:
    child = await make.child(session, PARENT, municipality, birth=d(2016, 5, 1))
    nothing_next = await make.child(session, PARENT + 1, municipality, birth=d(2016, 5, 1))
    long_ago = await make.child(session, PARENT + 2, municipality, birth=d(2016, 5, 1))
    await ended_club(session, child, owner, clock.now() - timedelta(days=1))
    await ended_club(session, child, owner, clock.now() - timedelta(days=1), "Лего 2")  # one message
    await ended_club(session, long_ago, owner, clock.now() - path.LOOK_BACK - timedelta(hours=1))
    await club(session, owner, "Роботы", Direction.TECHNICAL, Level.BASIC)
    # the only next level is for older children: nothing to suggest, nothing sent
    await ended_club(session, nothing_next, owner, clock.now() - timedelta(days=1), "Пазлы")
    await session.execute(update(Program).where(Program.title == "Роботы").values(age_min=10, age_max=10))
    nothing_next.birth_date = d(2014, 5, 1)  # 12
    await session.commit()

    assert await path.suggest(sessionmaker, clock) == 1
    assert await path.suggest(sessionmaker, clock) == 0  # run again: nothing twice
    sent = await make.outbox_for(session, PARENT)
    assert [m.key for m in sent] == [f"path:end:{child.id}:{(clock.now() - timedelta(days=1)).date()}"]
    assert await make.outbox_for(session, PARENT + 1) == []
    assert await make.outbox_for(session, PARENT + 2) == []
    text, markup = render(core, "ru", sent[0].payload)
    assert (
        "Занятия в кружке закончились" in text and f"{child.first_name} может" in text and "«Роботы»" in text
    )
    assert markup is not None
    assert markup.inline_keyboard[0][0].callback_data == ChildCb(action="next", id=child.id).pack()


async def test_when_the_school_year_closed_each_child_who_attended_hears_once(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    owner: Provider,
    clock: FrozenClock,
    core: FluentRuntimeCore,
    today: date,
) -> None:
    session.add(
        Period(
            municipality_id=municipality.id,
            starts_on=today - timedelta(days=400),
            ends_on=today - timedelta(days=2),
        )
    )
    child = await make.child(session, PARENT, municipality, birth=d(2016, 5, 1))
    never_went = await make.child(session, PARENT + 1, municipality, birth=d(2016, 5, 1))
    await interests.toggle(
        session, never_went, "technical"
    )  # he would have a suggestion, but attended nothing
    going = await club(session, owner, "Лего", Direction.TECHNICAL, Level.INTRODUCTORY)
    await attended(session, child, going, EnrollmentStatus.ACTIVE)
    years_ago = await make.child(session, PARENT + 2, municipality, birth=d(2016, 5, 1))
    await ended_club(session, years_ago, owner, clock.now() - timedelta(days=500), "Лего давно")
    await club(session, owner, "Роботы", Direction.TECHNICAL, Level.BASIC)
    await session.commit()

    assert await path.suggest(sessionmaker, clock) == 1
    assert await path.suggest(sessionmaker, clock) == 0
    sent = await make.outbox_for(session, PARENT)
    assert len(sent) == 1 and sent[0].key.startswith(f"path:year:{child.id}:")
    assert "Учебный год закончился" in render(core, "ru", sent[0].payload)[0]
    assert "school year has ended" in render(core, "en", sent[0].payload)[0]
    assert await make.outbox_for(session, PARENT + 1) == []
    assert await make.outbox_for(session, PARENT + 2) == []  # his club ended before that year began


# ---- the staff figure ----


async def test_children_who_moved_up_a_level_in_the_same_direction(
    session: AsyncSession, municipality: Municipality, owner: Provider, clock: FrozenClock
) -> None:
    levels = {}
    for direction in (Direction.TECHNICAL, Direction.SPORT, Direction.ARTS):
        for level in Level:
            levels[direction, level] = await club(session, owner, f"{direction} {level}", direction, level)
    science = await club(session, owner, "Опыты", Direction.SCIENCE, Level.BASIC)

    async def history(*steps: tuple[Program, EnrollmentStatus]) -> Child:
        child = await make.child(session, PARENT, municipality)
        for program, status in steps:
            await attended(session, child, program, status)
        return child

    ended, active, pending = EnrollmentStatus.ENDED, EnrollmentStatus.ACTIVE, EnrollmentStatus.PENDING
    tech, sport, arts = Direction.TECHNICAL, Direction.SPORT, Direction.ARTS
    # moved up: introductory → basic; basic → advanced in two directions (counted once in all)
    await history((levels[tech, Level.INTRODUCTORY], ended), (levels[tech, Level.BASIC], active))
    await history(
        (levels[sport, Level.BASIC], ended),
        (levels[arts, Level.BASIC], ended),
        (levels[sport, Level.ADVANCED], active),
        (levels[arts, Level.ADVANCED], ended),
    )
    # did not: down a level, another direction, an earlier request never confirmed, the same level
    await history((levels[tech, Level.ADVANCED], ended), (levels[tech, Level.BASIC], active))
    await history((levels[arts, Level.INTRODUCTORY], ended), (science, active))
    await history((levels[tech, Level.INTRODUCTORY], pending), (levels[tech, Level.BASIC], active))
    await history((levels[sport, Level.BASIC], ended), (levels[sport, Level.BASIC], active))

    moved = await reports.moved_up(session, {municipality.id})
    assert moved.children == 2
    assert moved.by_direction == {
        Direction.TECHNICAL: 1,
        Direction.SCIENCE: 0,
        Direction.ARTS: 1,
        Direction.SOCIAL: 0,
        Direction.TOURISM: 0,
        Direction.SPORT: 1,
    }
    assert (await reports.moved_up(session, {municipality.id + 100})).children == 0  # another scope
    later = reports.Window(since=clock.now() + timedelta(hours=1))  # requested before the window
    assert (await reports.moved_up(session, {municipality.id}, later)).children == 0
