"""The search starts from the family: where the children live and an only child's age; result lines say
where a club is; a card says when the chosen child's age does not fit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.services.clock import FrozenClock
from db.models import Municipality
from tests import factories as make
from tests.handlers.harness import Harness

PARENT = 5001


async def test_a_new_search_is_preset_to_the_childs_place_and_age(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(session, municipality)  # chess for ages 7–12; the child is 10
    elsewhere = await make.municipality(session, "Соседний округ")
    far = await make.provider(session, elsewhere)
    await make.group(session, await make.program(session, far, title="Шахматы в соседнем округе"))
    toddlers = await make.program(session, w.provider, title="Шахматы для малышей", ages=(5, 6))
    await make.group(session, toddlers)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        [panel] = await h.send(PARENT, "🔎 Найти кружок")
        assert "Подходящих программ: <b>1</b>" in (panel.text or "")
        assert any("10" in label for label, _ in panel.buttons), panel.buttons  # the age filter is shown
        [results] = await h.send(PARENT, "шахматы")
        assert "Андроповский округ" in (results.text or "")
        assert "соседнем" not in (results.text or "")


async def test_the_card_says_when_the_age_does_not_fit(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(session, municipality)  # the child is 10
    await make.child(session, PARENT, municipality)  # two children: no age preset
    toddlers = await make.program(session, w.provider, title="Шахматы для малышей", ages=(5, 6))
    await make.group(session, toddlers)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        await h.send(PARENT, "🔎 Найти кружок")
        [results] = await h.send(PARENT, "малышей")
        card = (await h.press(PARENT, results.data_for("малышей")))[0]
        priced = (await h.press(PARENT, card.data_for(w.child.first_name)))[0]
    assert f"{w.child.first_name}</b> 10 лет, а программа для детей 5–6 лет" in (priced.text or "")
