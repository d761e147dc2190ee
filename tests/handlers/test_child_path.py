"""The child's path through the real dispatcher: the child's card → «🎯 Интересы» (saved per child) and
→ «🧭 Что дальше» → the program's card in the catalogue, in Russian and in English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.keyboards.children import ChildCb
from bot.keyboards.desk import RepCb
from bot.services.clock import FrozenClock
from db.models import Child, Direction, EnrollmentStatus, Event, Level, Municipality, User
from tests import factories as make
from tests.conftest import ADMIN_ID
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


NEXT = {
    "ru": {
        "open": "🧭 Что дальше",
        "title": "Что дальше: Ваня",
        "level": "Следующий уровень",
        "back": "К карточке",
    },
    "en": {
        "open": "🧭 What next",
        "title": "What next: Ваня",
        "level": "The next level",
        "back": "Back to the",
    },
}


@pytest.mark.parametrize("locale", ["ru", "en"])
async def test_what_next_suggests_the_next_level_and_opens_its_card(
    h: Harness, session: AsyncSession, municipality: Municipality, locale: str
) -> None:
    words = NEXT[locale]
    await make.user(session, PARENT, locale=locale)
    child = await make.child(session, PARENT, municipality)
    owner = await make.provider(session, municipality)
    first = await make.program(
        session, owner, title="Лего", direction=Direction.TECHNICAL, level=Level.INTRODUCTORY
    )
    group = await make.group(session, first)
    await session.refresh(group, ["program"])
    await make.enrollment_row(session, child, group, EnrollmentStatus.ENDED)
    following = await make.program(
        session, owner, title="Робототехника", direction=Direction.TECHNICAL, level=Level.BASIC
    )
    await make.group(session, following, name="Группа роботов")
    await session.commit()
    child_id = child.id

    card = screen(await h.press(PARENT, ChildCb(action="card", id=child_id).pack(), language_code=locale))
    steps = screen(await h.press(PARENT, card.data_for(words["open"]), language_code=locale))
    assert words["title"] in (steps.text or "") and words["level"] in (steps.text or "")
    assert "Робототехника" in (steps.text or "") and "Лего" not in (steps.text or "")
    program_card = screen(await h.press(PARENT, steps.data_for("Робототехника"), language_code=locale))
    assert "<b>Робототехника</b>" in (program_card.text or "")
    assert "Группа роботов" in (program_card.text or "")

    back = screen(await h.press(PARENT, steps.data_for(words["back"]), language_code=locale))
    assert words["open"] in [text for text, _ in back.buttons]


async def test_what_next_with_nothing_to_suggest_says_what_to_do(
    h: Harness, session: AsyncSession, municipality: Municipality
) -> None:
    child = await make.child(session, PARENT, municipality)
    await session.commit()
    steps = screen(await h.press(PARENT, ChildCb(action="next", id=child.id).pack()))
    assert "Пока нечего предложить" in (steps.text or "") and "🎯 Интересы" in (steps.text or "")


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("ru", "Перешли на уровень выше в этом учебном году</b>"),
        ("en", "Moved up a level this school year</b>"),
    ],
)
async def test_staff_see_how_many_children_moved_up_a_level(
    h: Harness, session: AsyncSession, municipality: Municipality, locale: str, said: str
) -> None:
    await make.user(session, ADMIN_ID, locale=locale)
    child = await make.child(session, PARENT, municipality)
    owner = await make.provider(session, municipality)
    for level in (Level.INTRODUCTORY, Level.BASIC):
        program = await make.program(
            session, owner, title=f"Лего {level}", direction=Direction.TECHNICAL, level=level
        )
        group = await make.group(session, program)
        await session.refresh(group, ["program"])
        await make.enrollment_row(session, child, group, EnrollmentStatus.ACTIVE)
    await session.commit()
    figures = screen(await h.press(ADMIN_ID, RepCb(action="figures").pack(), language_code=locale))
    text = figures.text or ""
    assert f"{said} (" in text and ": 1 " in text.split(said)[1].split("\n")[0]


@pytest.mark.parametrize(
    ("locale", "menu", "suits"), [("ru", "🎉 Мероприятия", "Подходит"), ("en", "🎉 Events", "Suits")]
)
async def test_an_event_says_which_of_the_children_it_suits(
    h: Harness,
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
    locale: str,
    menu: str,
    suits: str,
) -> None:
    await make.user(session, PARENT, locale=locale)
    sporty = await make.child(session, PARENT, municipality)
    artist = await make.child(session, PARENT, municipality)
    sporty.interests, artist.interests = ["sport"], ["arts"]
    session.add(
        Event(
            municipality_id=municipality.id,
            title="Весёлые старты",
            starts_at=clock.now() + timedelta(days=3),
            direction=Direction.SPORT,
        )
    )
    await session.commit()
    page = screen(await h.send(PARENT, menu, language_code=locale))
    text = page.text or ""
    assert "Весёлые старты" in text and f"{suits}: {sporty.first_name}" in text
    assert artist.first_name not in text
