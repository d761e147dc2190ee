"""Through the real dispatcher, in Russian and English: staff add a synonym, a parent's search finds
the program by it at once, staff delete it; a pair that cannot be read is refused saying how to
write it; a parent cannot open the screen."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards.catalog import SynCb
from db.models import AuditRecord, Municipality, SearchSynonym
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.handlers.harness import Harness

PARENT = 5077
TEXTS = {
    "ru": ("🔎 Найти кружок", "Синонимы поиска", "1. кодинг = шахматы", "Не получилось понять пару"),
    "en": ("🔎 Find a club", "Search synonyms", "1. кодинг = шахматы", "I could not read a pair"),
}


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_staff_add_and_delete_a_synonym_and_the_search_follows(
    h: Harness, session: AsyncSession, municipality: Municipality, lang: str
) -> None:
    menu, title, line, bad = TEXTS[lang]
    await make.world(session, municipality)  # «Шахматы для начинающих»
    await session.commit()
    screen = (await h.press(ADMIN_ID, SynCb(action="list").pack(), language_code=lang))[0]
    assert title in (screen.text or "")
    [refused] = await h.send(ADMIN_ID, "кодинг", language_code=lang)
    assert bad in (refused.text or "")
    [added] = await h.send(ADMIN_ID, "Кодинг = Шахматы", language_code=lang)
    assert line in (added.text or "")

    await h.send(PARENT, menu, language_code=lang)
    [found] = await h.send(PARENT, "кодинг", language_code=lang)
    assert "Шахматы для начинающих" in (found.text or "")

    after = (await h.press(ADMIN_ID, added.data_for("🗑 1"), language_code=lang))[0]
    assert line not in (after.text or "")
    assert await session.scalar(select(func.count(SearchSynonym.id))) == 0
    actions = set(
        await session.scalars(select(AuditRecord.action).where(AuditRecord.object_type == "search_synonym"))
    )
    assert actions == {"synonym.add", "synonym.delete"}
    await session.rollback()  # the test's reads end before the bot writes again
    await h.send(PARENT, menu, language_code=lang)
    [gone] = await h.send(PARENT, "кодинг", language_code=lang)
    assert "Шахматы для начинающих" not in (gone.text or "")


async def test_a_parent_cannot_open_the_synonyms(
    h: Harness, session: AsyncSession, municipality: Municipality
) -> None:
    await make.world(session, municipality)
    await session.commit()
    await h.send(PARENT, "/synonyms")
    await h.send(PARENT, "кодинг = шахматы")
    assert await session.scalar(select(func.count(SearchSynonym.id))) == 0
