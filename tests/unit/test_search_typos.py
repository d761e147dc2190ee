"""What a parent means: typos, the wrong keyboard layout and synonyms still find the program, and the
bot says what it searched for instead."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.demo import load_demo
from bot.services.catalogue import catalog, search
from bot.services.clock import FrozenClock
from db.models import ModerationStatus, Program

# (typed, a program of the demo it must find on the first page, whether the bot says it searched for
# another spelling)
MEANT = [
    ("шахмоты", "Шахматы для начинающих", True),
    ("шахматы", "Шахматы для начинающих", False),
    ("if[vfns", "Шахматы для начинающих", True),
    ("робатехника", "Робототехника и программирование Arduino", True),
    ("роботехника", "Робототехника и программирование Arduino", True),
    ("hj,jnjnt[ybrf", "Робототехника и программирование Arduino", True),
    ("изобразительное искуство", "Изобразительное искусство", True),
    ("изо", "Изобразительное искусство", False),
    ("фортипиано", "Фортепиано", True),
    ("астраномия", "Астрономия для школьников", True),
    ("хореографичекий", "Хореографический ансамбль «Радуга»", False),  # its stem is right already
    # English words of the catalogue: a typo, and typed on the Russian layout
    ("pyhton", "Программирование на Python", True),
    ("ardiuno", "Робототехника и программирование Arduino", True),
    ("знерщт", "Программирование на Python", True),
    ("дупщ", "Робототехника на LEGO Education", True),
]


def test_words_and_synonyms_become_alternatives() -> None:
    assert search.query_words("питон") == [["питон", "pytho"]]
    assert search.query_words("изо")[0][0] == "изобразитель"  # too short alone, found through synonyms
    vocabulary = search.Vocabulary.of(["Шахматы для начинающих", "Робототехника"])
    assert search.understood("шахмоты", vocabulary) == "шахматы"
    assert search.understood("if[vfns", vocabulary) == "шахматы"  # typed on the Latin layout
    assert search.understood("фквгштщ", search.Vocabulary.of(["Arduino"])) == "arduino"  # on the Russian one
    assert (
        search.understood("ыекфтпу", search.Vocabulary.of(["Arduino"])) is None
    )  # «strange»: not a word of it
    assert search.understood("шахматы", vocabulary) is None  # nothing to correct
    assert search.understood("кот", vocabulary) is None  # too short to guess


@pytest.fixture
async def demo(session: AsyncSession, clock: FrozenClock) -> None:
    await load_demo(session, clock.today())
    await session.commit()


@pytest.mark.parametrize(("typed", "title", "corrected"), MEANT)
async def test_a_parent_finds_what_he_meant(
    demo: None, session: AsyncSession, clock: FrozenClock, typed: str, title: str, corrected: bool
) -> None:
    page = await catalog.find(session, catalog.Filters(text=typed), clock.today())
    assert title in [p.title for p in page.programs], (typed, page.searched_for)
    assert (page.searched_for is not None) is corrected, page.searched_for  # it says what it searched for


async def test_nine_typos_in_ten_find_their_program_on_the_first_page(
    demo: None, session: AsyncSession, clock: FrozenClock
) -> None:
    """A letter dropped, two swapped or a vowel mistaken in the longest word of every demo program's
    title."""
    rnd = random.Random(7)
    titles = sorted(
        set(
            await session.scalars(
                select(Program.title).where(Program.moderation == ModerationStatus.PUBLISHED)
            )
        )
    )
    found = tried = 0
    for title in titles:
        words = [w for w in search.WORD.findall(search.normalise(title)) if len(w) >= 6]
        if not words:
            continue
        word = max(words, key=len)
        i = rnd.randrange(1, len(word) - 2)
        vowel = next((j for j in range(1, len(word)) if word[j] in "аоеиуяы"), i)
        wrong = {"а": "о", "о": "а", "е": "и", "и": "е"}.get(word[vowel], "а")
        for typo in (
            word[:i] + word[i + 1 :],
            word[:i] + word[i + 1] + word[i] + word[i + 2 :],
            word[:vowel] + wrong + word[vowel + 1 :],
        ):
            if typo == word:
                continue
            tried += 1
            page = await catalog.find(session, catalog.Filters(text=typo), clock.today())
            found += title in [p.title for p in page.programs]
    assert tried >= 50
    assert found / tried >= 0.9, f"{found} of {tried}"
