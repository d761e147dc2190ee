"""Through the real dispatcher, in Russian and English: a plain question is read as filters and the
results say so, each with a button to take it off; the wrong layout and a synonym find the program."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Municipality
from tests import factories as make
from tests.handlers.harness import Harness

SOMEONE = 5077  # a new user: no filters preset, his language is his client's
MENU = {"ru": "🔎 Найти кружок", "en": "🔎 Find a club"}


@pytest.fixture
async def world(session: AsyncSession, municipality: Municipality) -> make.World:
    return await make.world(session, municipality)  # «Шахматы для начинающих», ages 7–12


@pytest.mark.parametrize(
    ("lang", "typed", "told", "age_button"),
    [("ru", "шахматы 8 лет Андроповский", "Ищу: шахматы · 8 лет · Андроповский округ", "✖️ 8 лет"),
     ("en", "chess 8 years Andropovsky", "for: chess · 8 years old · Andropovsky district", "✖️ 8 years old")],
)  # fmt: skip
async def test_a_question_is_read_as_filters_that_can_be_taken_off(
    h: Harness, world: make.World, lang: str, typed: str, told: str, age_button: str
) -> None:
    await h.send(SOMEONE, MENU[lang], language_code=lang)
    [results] = await h.send(SOMEONE, typed, language_code=lang)
    assert told in (results.text or ""), results.text
    assert "Шахматы для начинающих" in (results.text or "")
    again = (await h.press(SOMEONE, results.data_for(age_button), language_code=lang))[0]
    assert told not in (again.text or "") and "Шахматы для начинающих" in (again.text or "")
    assert age_button not in [label for label, _ in again.buttons]  # the age is off; the place stays on
    [older] = await h.send(SOMEONE, "шахматы 15 лет", language_code=lang)
    assert "Шахматы для начинающих" not in (older.text or "")  # 7–12: the age read is applied


@pytest.mark.parametrize(
    ("lang", "typed"), [(lang, typed) for lang in ("ru", "en") for typed in ("if[vfns", "chess", "шахмоты")]
)
async def test_the_wrong_layout_and_a_synonym_find_the_program(
    h: Harness, world: make.World, lang: str, typed: str
) -> None:
    await h.send(SOMEONE, MENU[lang], language_code=lang)
    [results] = await h.send(SOMEONE, typed, language_code=lang)
    assert "Шахматы для начинающих" in (results.text or ""), results.text
