"""The child's path through the real dispatcher: the child's card → «🎯 Интересы» (saved per child) and
→ «🧭 Что дальше» → the program's card in the catalogue, in Russian and in English."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.keyboards.children import ChildCb
from db.models import Child, Municipality, User
from tests import factories as make
from tests.handlers.harness import Harness, Sent

PARENT, OTHER = 5301, 5302

WORDS = {
    "ru": {"interests": "🎯 Интересы", "arts": "Художественное", "done": "Готово", "title": "Интересы: Ваня"},
    "en": {"interests": "🎯 Interests", "arts": "Arts", "done": "Done", "title": "Interests: Ваня"},
}


async def interests_of(sessionmaker: async_sessionmaker[AsyncSession], *ids: int) -> list[list[str]]:
    """Children's interests and then the parent's, read in a short transaction of their own."""
    async with sessionmaker() as s:
        kids = [await s.scalar(select(Child.interests).where(Child.id == i)) for i in ids]
        return [*kids, await s.scalar(select(User.interests).where(User.id == PARENT))]


def screen(sent: list[Sent]) -> Sent:
    """The screen an update left: its last message sent or edited."""
    return [s for s in sent if s.method in ("SendMessage", "EditMessageText", "EditMessageReplyMarkup")][-1]


@pytest.mark.parametrize("locale", ["ru", "en"])
async def test_a_childs_interests_are_ticked_on_his_card_and_saved_for_him(
    h: Harness,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    locale: str,
) -> None:
    words = WORDS[locale]
    await make.user(session, PARENT, locale=locale)
    child = await make.child(session, PARENT, municipality)
    sister = await make.child(session, PARENT, municipality)
    await session.commit()
    child_id, sister_id = child.id, sister.id
    card = screen(await h.press(PARENT, ChildCb(action="card", id=child_id).pack(), language_code=locale))
    chooser = screen(await h.press(PARENT, card.data_for(words["interests"]), language_code=locale))
    assert words["title"] in (chooser.text or "")
    assert not any(text.startswith("✅") for text, _ in chooser.buttons)

    ticked = screen(await h.press(PARENT, chooser.data_for(words["arts"]), language_code=locale))
    assert ("✅ " + words["arts"]) in [text for text, _ in ticked.buttons]
    # The child's own list; his sister's and the family-wide one stay as they were.
    assert await interests_of(sessionmaker, child_id, sister_id) == [["arts"], [], []]

    unticked = screen(await h.press(PARENT, ticked.data_for(words["arts"]), language_code=locale))
    assert not any(text.startswith("✅") for text, _ in unticked.buttons)
    back = screen(await h.press(PARENT, unticked.data_for(words["done"]), language_code=locale))
    assert words["interests"] in [text for text, _ in back.buttons]  # the child's card again


async def test_another_familys_child_cannot_be_ticked(
    h: Harness,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
) -> None:
    child = await make.child(session, PARENT, municipality)
    await make.user(session, OTHER)
    await session.commit()
    child_id = child.id
    sent = await h.press(OTHER, ChildCb(action="intd", id=child_id, value="arts").pack())
    assert h.alerts(sent)
    assert await interests_of(sessionmaker, child_id) == [[], []]
