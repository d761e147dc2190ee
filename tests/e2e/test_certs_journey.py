"""The certificate journey over real HTTP long polling: a parent onboards, adds a child (with typos,
and a restart of the bot half-way through the form), applies for a financing certificate; staff
approve from the queue; the parent is notified and sees the card with the number and the nominal."""

from __future__ import annotations

import re

from bot.services.clock import FrozenClock
from db.models import Municipality
from tests.conftest import ADMIN_ID
from tests.dates import at
from tests.e2e.fake_bot_api import FakeBotAPI


async def test_parent_applies_staff_approve_parent_sees_the_card(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI, running_app, municipality: Municipality
) -> None:
    # Midday in Moscow: notifications are not held back for quiet hours.
    runner = await running_app(clock=FrozenClock(at(2026, 11, 23, 9, 0)))
    parent = fake_api.user(7101, language_code="ru")
    await parent.send("/start")
    await parent.wait_reply("дайте согласие")
    await parent.press("📄 Согласие на обработку данных")
    await parent.wait_reply("Что мы собираем")
    await parent.press("✅ Согласен")
    await parent.wait_reply("Согласие получено")

    await parent.send("👶 Мои дети")
    await parent.wait_reply("нет добавленных детей")
    await parent.press("➕ Добавить ребёнка")
    await parent.wait_reply("фамилию")
    await parent.send("Иванова1")
    await parent.wait_reply("только буквы")
    await parent.send("иванова")
    await parent.wait_reply("имя")
    await parent.send("анна")
    await parent.wait_reply("отчество")

    await runner.restart()  # the form lives in the database: the parent carries on where he was
    await parent.send("сергеевна")
    await parent.wait_reply("дату рождения")
    await parent.send("31.02.2015")
    await parent.wait_reply("нет в календаре")
    await parent.send("05.03.2015")
    await parent.wait_reply("муниципалитет")
    await parent.send("Андроповский")
    await parent.wait_reply("кнопками")
    await parent.press("Андроповский округ")
    await parent.wait_reply("СНИЛС")
    await parent.send("112-233-445 96")
    await parent.wait_reply("контрольное число")
    await parent.send("112-233-445 95")
    summary = await parent.wait_reply("Проверьте данные")
    assert "Иванова" in summary.text and "Сергеевна" in summary.text
    await parent.press("Сохранить")
    await parent.wait_reply("Сертификата пока нет")  # the card of the saved child

    await parent.press("Подать заявление на сертификат")
    await parent.wait_reply("Выберите статус")
    await parent.press("Сертификат финансирования")
    await parent.wait_reply("Подать заявление?")
    await parent.press("Да, подать заявление")
    applied = await parent.wait_reply("подано")
    assert "ул. Ленина, 1" in applied.text

    staff = fake_api.user(ADMIN_ID, language_code="ru")
    notice = await staff.wait_reply("Новое заявление", after=0)
    await staff.press("Открыть заявление", message=notice)
    await staff.wait_reply("Заявление №")
    await staff.press("Одобрить: сертификат финансирования")
    issued = await staff.wait_reply("выдан")
    number = re.search(r"\b\d{10}\b", issued.text)
    assert number is not None

    told = await parent.wait_reply("Сертификат выдан")
    assert number.group(0) in told.text
    await parent.press("Открыть сертификат", message=told)
    card = await parent.wait_reply("Сертификат №")
    text = card.text.replace("\u00a0", " ")
    assert number.group(0) in text
    assert "свободно: 10 000 ₽" in text and "сертификат финансирования" in text
    assert "Действует до: 05.03.2033" in text
