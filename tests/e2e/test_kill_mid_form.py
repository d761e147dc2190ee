"""A form survives the process being killed (SIGKILL) in its middle: after a restart the person carries
on from the question he was at, and what he finally submits is saved once.

The form's state lives in the database and is committed before each question reaches Telegram, so
whatever the person has seen asked is what the restarted bot expects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.keyboards.events import EventFormCb
from bot.keyboards.provider import PvCb
from bot.services.clock import Clock
from bot.services.desk import imports
from db.engine import create_engine, create_sessionmaker
from db.models import Broadcast, CertificateApplication, Child, Event, Group, Municipality, Program, Provider
from tests.conftest import ADMIN_ID
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_bot_api import FakeBotAPI, FakeUser
from tests.e2e.journey_helpers import ANDROPOV, make_provider_employee, onboard, say, tap

PERSON = 7401

Steps = Callable[[FakeUser], Awaitable[Any]]


async def child_before(parent: FakeUser) -> None:
    await onboard(parent)
    await say(parent, "👶 Мои дети", "Добавить")
    await tap(parent, "Добавить ребёнка", "фамилию")
    await say(parent, "Смирнова", "имя ребёнка")


async def child_after(parent: FakeUser) -> None:
    await say(parent, "Анна", "отчество")
    await tap(parent, "Пропустить", "дату рождения")
    await say(parent, "12.03.2017", "муниципалитет")
    await tap(parent, ANDROPOV, "СНИЛС")
    await tap(parent, "Пропустить", "Проверьте данные")
    await tap(parent, "Сохранить", "Сертификата пока нет")


async def application_before(parent: FakeUser) -> None:
    await child_before(parent)
    await child_after(parent)
    await tap(parent, "Подать заявление на сертификат", "Выберите статус")
    await tap(parent, "Сертификат учёта", "Подать заявление?")


async def application_after(parent: FakeUser) -> None:
    await tap(parent, "Да, подать заявление", "подано")


async def program_before(provider: FakeUser) -> None:
    await provider.send("/start")
    await say(provider, "📚 Мои программы", "Программы организации")
    await tap(provider, "Новая программа", "Шаг 1 из 18")
    await say(provider, "Юные программисты", "Шаг 2 из 18")
    await say(provider, "Пишем игры на Scratch и Python.", "Шаг 3 из 18")


async def program_after(provider: FakeUser) -> None:
    await say(provider, "с. Курсавка, ул. Красная, 40", "Шаг 4 из 18")
    await provider.press_data(PvCb(action="fe", id=3, arg=0).pack(), provider.last())  # technical
    await provider.wait_reply("Шаг 5 из 18")
    await provider.press_data(PvCb(action="fe", id=4, arg=1).pack(), provider.last())  # basic
    await provider.wait_reply("Шаг 6 из 18")
    await say(provider, "9-13", "Шаг 7 из 18")
    await provider.press_data(PvCb(action="fe", id=6, arg=0).pack(), provider.last())  # certified
    await provider.wait_reply("Шаг 8 из 18")
    for step, answer in enumerate(("9", "2", "2 500", "2000", "15"), start=9):
        await say(provider, answer, f"Шаг {step} из 18")
    await provider.press_data(PvCb(action="fe", id=12, arg=1).pack(), provider.last())
    await provider.wait_reply("Шаг 14 из 18")
    await provider.press_data(PvCb(action="fe", id=13, arg=0).pack(), provider.last())  # in person
    await provider.wait_reply("Шаг 15 из 18")
    await provider.press_data(PvCb(action="fe", id=14, arg=1).pack(), provider.last())  # not for ОВЗ
    await provider.wait_reply("Шаг 17 из 18")
    await provider.press_data(PvCb(action="fe", id=16, arg=1).pack(), provider.last())  # no trial
    await provider.wait_reply("Шаг 18 из 18")
    await provider.press_data(PvCb(action="fk", id=17).pack(), provider.last())  # no point on the map
    await provider.wait_reply("Проверьте программу")
    await provider.press_data(PvCb(action="fs", id=0).pack(), provider.last())
    await provider.wait_reply("отправлена на модерацию")


def _in_a_month() -> date:
    # The process runs on the real clock, so the event is dated from the real today.
    return date.today() + timedelta(days=30)  # noqa: DTZ011


async def event_before(staff: FakeUser) -> None:
    await staff.send("/start")
    await say(staff, "🎉 Мероприятия (ведение)", "Выберите мероприятие или создайте новое")
    await tap(staff, "Новое мероприятие", "Как называется")
    await say(staff, "Ёлка для всех", "Опишите")
    await say(staff, "Хороводы и подарки", "Когда начало")


async def event_after(staff: FakeUser) -> None:
    await say(staff, f"{_in_a_month():%d.%m.%Y} 15:00", "Где проходит")
    await say(staff, "ДК «Юность»", "возраст")
    await say(staff, "7-12", "направление")
    await staff.press_data(EventFormCb(action="dir", value="arts").pack(), staff.last())
    await staff.wait_reply("регистрация")
    await staff.press_data(EventFormCb(action="no_deadline").pack(), staff.last())
    await staff.wait_reply("Для какого муниципалитета")
    await tap(staff, ANDROPOV, "Ёлка для всех")
    await staff.press_data(EventFormCb(action="publish").pack(), staff.last())
    await staff.wait_reply("опубликовано")


async def group_before(provider: FakeUser) -> None:
    await provider.send("/start")
    await say(provider, "📚 Мои программы", "Программы организации")
    await provider.press("1. ")
    await provider.wait_reply("Групп")
    await tap(provider, "Добавить группу", "Название группы")
    await say(provider, "Группа выходного дня", "Расписание")


async def group_after(provider: FakeUser) -> None:
    starts = _in_a_month()
    await say(provider, "сб 10:00-11:30", "Даты начала и окончания")
    await say(provider, f"{starts:%d.%m.%Y} - {starts + timedelta(days=180):%d.%m.%Y}", "Сколько мест")
    await say(provider, "8", "ФИО педагога")
    await say(provider, "Петрова Анна Ивановна", "Группа добавлена")


async def broadcast_before(staff: FakeUser) -> None:
    await staff.send("/start")
    await say(staff, "📣 Рассылка", "Пришлите текст объявления")
    await say(staff, "Совещание руководителей в пятницу", "Жителям какого муниципалитета")
    await tap(staff, ANDROPOV, "Кому отправить")
    await tap(staff, "Сотрудникам организаций", "Получателей")


async def broadcast_after(staff: FakeUser) -> None:
    await tap(staff, "Отправить", "Рассылка")


async def import_before(staff: FakeUser) -> None:
    await staff.send("/start")
    await staff.wait_reply()
    await staff.send_document("programs.xlsx", imports.template_xlsx(ANDROPOV, _in_a_month()))
    await staff.wait_reply("Проверка файла")


async def import_after(staff: FakeUser) -> None:
    await tap(staff, "Импортировать, программы — на модерацию", "Загружено")


async def _provider(sessionmaker: async_sessionmaker[AsyncSession], user_id: int) -> None:
    """`user_id` works for the first provider of Andropovsky, which the demo gives programs."""
    async with sessionmaker() as session:
        provider_id = await session.scalar(
            select(Provider.id)
            .join(Municipality, Municipality.id == Provider.municipality_id)
            .where(Municipality.name_ru == ANDROPOV)
            .order_by(Provider.id)
        )
    assert provider_id is not None
    await make_provider_employee(sessionmaker, user_id, provider_id)


CASES: dict[str, tuple[int, Steps, Steps, Any]] = {
    # case: (who, up to the middle, from the middle to the end, the row it saves)
    "child": (PERSON, child_before, child_after, select(func.count(Child.id))),
    "application": (
        PERSON,
        application_before,
        application_after,
        select(func.count(CertificateApplication.id)),
    ),
    "program": (PERSON, program_before, program_after, select(func.count(Program.id))),
    "event": (ADMIN_ID, event_before, event_after, select(func.count(Event.id))),
    "group": (PERSON, group_before, group_after, select(func.count(Group.id))),
    "broadcast": (ADMIN_ID, broadcast_before, broadcast_after, select(func.count(Broadcast.id))),
    "import": (ADMIN_ID, import_before, import_after, select(func.count(Program.id))),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_form_goes_on_after_a_kill_in_its_middle(
    case: str, fake_api: FakeBotAPI, tmp_path: Path
) -> None:
    who, before, after, saved = CASES[case]
    fake_api.reply_timeout = 30.0  # a process started twice, with the demo loaded, on a busy machine
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine, Clock())
    try:
        async with BotProcess(fake_api, url, tmp_path, admin_ids=[ADMIN_ID]) as bot:
            await bot.run_cli("demo")
            if case in ("program", "group", "broadcast"):
                await _provider(sessionmaker, PERSON)  # the broadcast's recipient, or the form's author
            await bot.start()
            person = fake_api.user(who)
            await before(person)
            async with sessionmaker() as session:
                count = await session.scalar(saved)
            bot.kill()
            await bot.wait_exit()
            await bot.start()
            await after(person)
            async with sessionmaker() as session:
                assert await session.scalar(saved) == count + 1
    finally:
        await engine.dispose()
