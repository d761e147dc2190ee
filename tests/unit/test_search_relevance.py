"""Relevance, staff synonyms and a plain question read as filters."""

from __future__ import annotations

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.catalogue import catalog, search
from bot.services.clock import FrozenClock
from db.models import Direction, Municipality, SearchSynonym
from tests import factories as make


async def _titles(session: AsyncSession, text: str, clock: FrozenClock, **filters: object) -> list[str]:
    page = await catalog.find(session, catalog.Filters(text=text, **filters), clock.today())  # type: ignore[arg-type]
    return [p.title for p in page.programs]


async def test_title_before_description_before_provider_all_words_before_some(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    p.name = "Шахматная школа «Ладья»"
    other = await make.provider(session, municipality)
    programs = [
        (other, "Клуб «Дебют»", "Шахматы и шашки для всех."),  # in the description
        (p, "Логика и счёт", "Задачи на смекалку."),  # only the provider's name
        (other, "Шахматы", "Турниры по выходным."),  # in the title
        (other, "Шахматы онлайн", "Турниры и разборы партий."),  # both words, one in the title
        (other, "Турниры", "Готовимся к соревнованиям."),  # the other word only
    ]
    for provider, title, description in programs:
        await make.group(session, await make.program(session, provider, title=title, description=description))
    await session.commit()
    assert await _titles(session, "шахматы", clock) == [
        "Шахматы",
        "Шахматы онлайн",
        "Клуб «Дебют»",
        "Логика и счёт",
    ]
    two = await _titles(session, "шахматы турниры", clock)
    assert two[:2] == ["Шахматы", "Шахматы онлайн"]  # every word: in the title first
    assert set(two[2:]) == {"Турниры", "Клуб «Дебют»", "Логика и счёт"}  # then some of them


async def test_english_words_rank_as_russian_ones_and_survive_typos(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    academy = await make.provider(session, municipality)
    academy.name = "Python Academy"
    other = await make.provider(session, municipality)
    for provider, title, description in [
        (other, "Robotics club", "Build robots and program them in Python."),  # in the description
        (academy, "Scratch for kids", "Animations and games."),  # only the provider's name
        (other, "Python for beginners", "Your first games."),  # in the title
    ]:
        await make.group(session, await make.program(session, provider, title=title, description=description))
    await session.commit()
    order = ["Python for beginners", "Robotics club", "Scratch for kids"]
    assert await _titles(session, "python", clock) == order
    page = await catalog.find(session, catalog.Filters(text="pyhton"), clock.today())
    assert ([p.title for p in page.programs], page.searched_for) == (order, "python")
    page = await catalog.find(session, catalog.Filters(text="знерщт"), clock.today())  # the Russian layout
    assert ([p.title for p in page.programs], page.searched_for) == (order, "python")


async def test_a_free_seat_before_a_full_group_at_equal_relevance(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    await make.group(
        session, await make.program(session, p, title="Шахматы А", description=""), capacity=5, taken=5
    )
    await make.group(
        session, await make.program(session, p, title="Шахматы Б", description=""), capacity=5, taken=1
    )
    await session.commit()
    assert await _titles(session, "шахматы", clock) == ["Шахматы Б", "Шахматы А"]


async def test_staff_synonyms_widen_the_search_and_follow_changes(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    await make.group(
        session, await make.program(session, p, title="Программирование на Scratch", description="")
    )
    await session.commit()
    assert await _titles(session, "кодинг", clock) == []
    session.add(SearchSynonym(word="кодинг", synonym="программирование"))
    await session.commit()
    assert await _titles(session, "кодинг", clock) == ["Программирование на Scratch"]
    await session.execute(delete(SearchSynonym))
    await session.commit()
    assert await _titles(session, "кодинг", clock) == []  # the cache follows the table


@pytest.mark.parametrize(
    ("typed", "pair"),
    [
        ("питон = Python", ("питон", "python")),
        ("ИЗО = изобразительное искусство", ("изо", "изобразительное искусство")),
        ("лего = LEGO-конструирование", ("лего", "lego конструирование")),
        ("футбол=мини-футбол", ("футбол", "мини футбол")),
        ("футбол", None),
        ("= python", None),
        ("танцы = танцы", None),
        ("народные танцы = хореография ансамбль", None),  # neither side is one word
    ],
)
def test_a_synonym_pair_as_staff_type_it(typed: str, pair: tuple[str, str] | None) -> None:
    assert search.synonym_pair(typed) == pair


def test_staff_pairs_work_both_ways_and_keep_the_built_in_ones() -> None:
    merged = search.merged([("кодинг", "программирование"), ("изо", "графика")])
    assert merged["кодинг"] == ("программирование",)
    assert "кодинг" in merged["программирование"] and "scratch" in merged["программирование"]
    assert merged["изо"][-1] == "графика" and "рисование" in merged["изо"]


QUESTIONS = [
    ("танцы 7 лет Курсавка", search.Question("танцы", 7, 1)),
    ("для 7-летней дочки спорт", search.Question("дочки", 7, None, "sport")),
    ("техническое творчество в Минеральных Водах", search.Question("творчество", None, 2, "technical")),
    ("возраст 12 шахматы", search.Question("шахматы", 12)),
    ("шахматы 30 лет", search.Question("шахматы")),  # not a child's age: no filter
    ("dance 7 years Kursavka", search.Question("dance", 7, 1)),
    ("chess for a 10-year-old, Andropovsky", search.Question("chess", 10, 1)),
    ("sport age 9", search.Question("", 9, None, "sport")),
]


@pytest.mark.parametrize(("typed", "read"), QUESTIONS)
def test_a_plain_question_is_read_as_filters(typed: str, read: search.Question) -> None:
    places = {
        1: search.place_stems(
            "Андроповский муниципальный округ",
            "Andropovsky municipal district",
            offices=[
                "Опорный центр: с. Курсавка, ул. Стратийчука, 57",
                "Support Centre: Kursavka, 57 Stratiychuka St",
            ],
        ),
        2: search.place_stems(
            "Минераловодский округ", offices=["Опорный центр: г. Минеральные Воды, ул. Бибика, 2"]
        ),
    }
    assert search.question(typed, places, range(5, 19)) == read


async def test_a_question_becomes_filters_that_find_the_program(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    elsewhere = await make.municipality(session, "Кочубеевский округ")
    here, there = await make.provider(session, municipality), await make.provider(session, elsewhere)
    dance = await make.program(session, here, title="Танцы", direction=Direction.ARTS, ages=(6, 9))
    older = await make.program(
        session, here, title="Танцы для старших", direction=Direction.ARTS, ages=(12, 16)
    )
    far = await make.program(
        session, there, title="Танцы в Кочубеевском", direction=Direction.ARTS, ages=(6, 9)
    )
    for program in (dance, older, far):
        await make.group(session, program)
    await session.commit()
    f, read = await catalog.read_question(session, catalog.Filters(), "танцы 7 лет Андроповский")
    assert (f.text, f.age, f.municipality_id, read) == (
        "танцы",
        7,
        municipality.id,
        ("age", "municipality_id"),
    )
    assert [p.title for p in (await catalog.find(session, f, clock.today())).programs] == ["Танцы"]
