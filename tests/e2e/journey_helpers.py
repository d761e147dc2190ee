"""Shared steps of the cross-feature journey tests: a demo world, people, and the end-of-test checks.

The journeys walk the real bot over HTTP the way people do: by the visible texts of buttons, typing in
Russian, waiting for the reply that matters."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.demo import PLACES, load_demo
from db.models import Group, Municipality, Program, ProviderMembership, User
from tests.e2e.fake_bot_api import FakeBotAPI, FakeUser

ANDROPOV = PLACES[0].name_ru


@dataclass(frozen=True)
class Target:
    """A program of the demo data and the group a parent will ask for."""

    program_id: int
    provider_id: int
    group_id: int
    group_name: str


async def demo_world(sessionmaker: async_sessionmaker[AsyncSession], today: date) -> None:
    async with sessionmaker() as session, session.begin():
        await load_demo(session, today)


async def pick_group(
    sessionmaker: async_sessionmaker[AsyncSession], title: str, *, free_seats: int | None = None
) -> Target:
    """The first group of the Andropovsky program `title`; `free_seats` sets how many seats are left."""
    async with sessionmaker() as session, session.begin():
        program = await session.scalar(
            select(Program)
            .join(Municipality, Municipality.id == Program.municipality_id)
            .where(Program.title == title, Municipality.name_ru == ANDROPOV)
        )
        assert program is not None, title
        group = await session.scalar(select(Group).where(Group.program_id == program.id).order_by(Group.id))
        assert group is not None
        if free_seats is not None:
            group.capacity = group.seats_taken + free_seats
        return Target(program.id, program.provider_id, group.id, group.name)


async def make_provider_employee(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: int, provider_id: int
) -> None:
    async with sessionmaker() as session, session.begin():
        if await session.get(User, user_id) is None:
            session.add(User(id=user_id))
            await session.flush()
        session.add(ProviderMembership(user_id=user_id, provider_id=provider_id))


async def assert_clean(fake_api: FakeBotAPI, within: float = 3.0) -> None:
    """Every spinner stopped and Telegram refused nothing the bot sent. A press is answered after
    the reply it causes, so the answers get a moment to arrive."""
    deadline = asyncio.get_running_loop().time() + within
    while fake_api.unanswered_callbacks() and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    unanswered = fake_api.unanswered_callbacks()
    assert unanswered == [], (
        f"presses never answered, in chats {[fake_api.callback_chats[q] for q in unanswered]}"
    )
    failed = [(c.method, c.status, c.error) for c in fake_api.calls if c.status >= 400]
    assert failed == [], f"Telegram refused: {failed}"


async def settled(user: FakeUser) -> None:
    """A positive barrier before asserting that something did NOT happen: wait first for the bot's
    own answer to the update that must change nothing (its specific refusal), then call this. A
    harmless /help goes out and its reply is awaited, so the bot has finished a later update of the
    same person; the earlier one's transaction ended right after its answer."""
    await user.send("/help")
    await user.wait_reply("/menu")


async def say(user: FakeUser, text: str, expect: str) -> str:
    """Type `text` and wait for the reply that contains `expect`; returns its text."""
    await user.send(text)
    return (await user.wait_reply(expect)).text


async def tap(user: FakeUser, button: str, expect: str) -> str:
    """Press an inline button (by its visible text) and wait for the reply containing `expect`."""
    await user.press(button)
    return (await user.wait_reply(expect)).text


async def onboard(user: FakeUser) -> None:
    await user.send("/start")
    await user.wait_reply("Прочитайте, какие данные")
    await tap(user, "Согласие на обработку", "Что мы собираем")
    await tap(user, "Согласен", "Согласие получено")


async def fill_child_form(user: FakeUser, last: str, first: str, birth: str) -> None:
    """The child form up to its summary («Проверьте данные»), nothing saved yet."""
    await say(user, "👶 Мои дети", "Добавить")
    await tap(user, "Добавить ребёнка", "фамилию")
    await say(user, last, "имя ребёнка")
    await say(user, first, "отчество")
    await tap(user, "Пропустить", "дату рождения")
    await say(user, birth, "муниципалитет")
    await tap(user, ANDROPOV, "СНИЛС")
    await tap(user, "Пропустить", "Проверьте данные")


async def add_child(user: FakeUser, last: str, first: str, birth: str) -> None:
    await fill_child_form(user, last, first, birth)
    await tap(user, "Сохранить", "Сертификата пока нет")


async def apply_for_certificate(user: FakeUser, kind: str) -> None:
    """From the child's card just shown; `kind` is «учёта» or «финансирования»."""
    await tap(user, "Подать заявление на сертификат", "Выберите статус")
    await tap(user, f"Сертификат {kind}", "Подать заявление?")
    await tap(user, "Да, подать заявление", "подано")


async def approve_first(staff: FakeUser, surname: str, kind: str = "учёта") -> str:
    """Staff open the queue and the application of `surname`, approve the certificate `kind` the parent
    asked for; returns the confirmation with the number."""
    await staff.send("🗂 Заявления на сертификаты")
    queue = await staff.wait_reply("Ожидают решения")
    await staff.press(surname, message=queue)
    decision = await staff.wait_reply("Сверьте данные")
    await staff.press(f"Одобрить: сертификат {kind}", message=decision)
    return (await staff.wait_reply("выдан")).text


async def parent_with_certificate(
    user: FakeUser, staff: FakeUser, surname: str, birth: str, kind: str = "учёта"
) -> None:
    await onboard(user)
    await add_child(user, surname, "Мария", birth)
    await apply_for_certificate(user, kind)
    await approve_first(staff, surname, kind)
    await user.wait_reply("Номер:", timeout=10)
