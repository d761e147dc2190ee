"""Impatient people over HTTP: old buttons, double taps, /start and menu buttons mid-form, a restart
mid-form, forged staff and provider buttons, two families racing for the last seat."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from db.models import Certificate, Child, Enrollment, EnrollmentStatus, Group, WaitlistEntry, WaitlistStatus
from tests.conftest import ADMIN_ID
from tests.e2e.fake_bot_api import FakeUser
from tests.e2e.journey_helpers import (
    add_child,
    apply_for_certificate,
    assert_clean,
    demo_world,
    make_provider_employee,
    onboard,
    parent_with_certificate,
    pick_group,
    say,
    tap,
)

PROVIDER_ID = 880_002


async def _count(sessionmaker, model) -> int:  # type: ignore[no-untyped-def]
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_start_and_menu_mid_form_then_a_restart_and_the_form_goes_on(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    await demo_world(sessionmaker, clock.today())
    runner = await running_app(clock=clock)
    parent = fake_api.user(5101)
    await onboard(parent)
    await say(parent, "👶 Мои дети", "Добавить")
    await tap(parent, "Добавить ребёнка", "фамилию")
    await say(parent, "Петрова", "имя ребёнка")

    # /start mid-form abandons it politely; the half-entered child is not saved.
    await say(parent, "/start", "С возвращением")
    await say(parent, "Анна", "Я не понял")
    assert await _count(sessionmaker, Child) == 0

    # A menu button mid-form abandons it too; then he starts again and a restart hits mid-way.
    await say(parent, "👶 Мои дети", "Добавить")
    await tap(parent, "Добавить ребёнка", "фамилию")
    await say(parent, "Петрова", "имя ребёнка")
    await say(parent, "🎉 Мероприятия", "")
    await say(parent, "👶 Мои дети", "Добавить")
    await tap(parent, "Добавить ребёнка", "фамилию")
    await say(parent, "Петрова", "имя ребёнка")
    await runner.restart()
    await say(parent, "Анна", "отчество")
    await tap(parent, "Пропустить", "дату рождения")
    # Typos and impatience in the date: a clear hint, nothing changes.
    await say(parent, "31.02.2016", "ещё раз")
    await say(parent, "вчера", "05.03.2015")
    await say(parent, "01.09.2016", "муниципалитет")
    await say(parent, "Андроповский", "кнопками")
    assert await _count(sessionmaker, Child) == 0
    await assert_clean(fake_api)


async def test_old_buttons_and_double_taps_change_nothing_twice(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    await demo_world(sessionmaker, clock.today())
    await running_app(clock=clock)
    parent, staff = fake_api.user(5201), fake_api.user(ADMIN_ID)
    await onboard(parent)
    await add_child(parent, "Сидорова", "Мария", "12.03.2016")
    card = parent.last()

    # Double tap on «Подать заявление»: one application.
    await tap(parent, "Подать заявление на сертификат", "Выберите статус")
    kind_screen = parent.last()
    await parent.press("Сертификат учёта", message=kind_screen)
    await parent.press("Сертификат учёта", message=kind_screen)
    await parent.wait_reply("подано")
    await asyncio.sleep(0.5)  # let the second tap be processed before counting
    await staff.send("🗂 Заявления на сертификаты")
    queue = await staff.wait_reply("Ожидают решения: 1")

    # The staff double-tap «Одобрить»: one certificate, the second tap says it is already decided.
    await staff.press("Сидорова", message=queue)
    decision = await staff.wait_reply("Сверьте данные")
    await staff.press("Одобрить: сертификат учёта", message=decision)
    await staff.press("Одобрить: сертификат учёта", message=decision)
    await staff.wait_reply("выдан")
    await parent.wait_reply("Номер:")
    assert await _count(sessionmaker, Certificate) == 1

    # Old buttons of the finished flow: the card's «Подать заявление» pressed again.
    await parent.press_data("ce:apply:1:", card)
    await asyncio.sleep(0.5)
    assert await _count(sessionmaker, Certificate) == 1
    await assert_clean(fake_api)


async def test_a_parent_forging_staff_and_provider_buttons_is_refused(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    await demo_world(sessionmaker, clock.today())
    await running_app(clock=clock)
    parent, other = fake_api.user(5301), fake_api.user(5302)
    await onboard(parent)
    await add_child(parent, "Орлова", "Мария", "12.03.2016")
    await apply_for_certificate(parent, "учёта")
    await onboard(other)

    # The parent approves his own application, another family opens his child, a provider confirm.
    for data in ("st:ok:1:financing", "st:app:1:", "pv:ok:1:", "ad:pub:1:certified"):
        await parent.press_data(data)
        await parent.wait_reply(alert=True)
    await other.press_data("ch:card:1:")
    await other.wait_reply(alert=True)
    assert await _count(sessionmaker, Certificate) == 0
    await assert_clean(fake_api)


async def _race_for_the_last_seat(fake_api, running_app, sessionmaker, clock) -> FakeUser:  # type: ignore[no-untyped-def]
    """Two families ask for a group with one seat left; the provider confirms both at once.
    Exactly one child is enrolled; returns the parent who lost."""
    await demo_world(sessionmaker, clock.today())
    target = await pick_group(sessionmaker, "Шахматы для начинающих", free_seats=1)
    await make_provider_employee(sessionmaker, PROVIDER_ID, target.provider_id)
    await running_app(clock=clock)
    staff, provider = fake_api.user(ADMIN_ID), fake_api.user(PROVIDER_ID)
    first, second = fake_api.user(5401), fake_api.user(5402)
    await parent_with_certificate(first, staff, "Белова", "12.03.2017")
    await parent_with_certificate(second, staff, "Громова", "12.03.2017")

    for parent in (first, second):
        await say(parent, "🔎 Найти кружок", "Поиск кружков")
        await say(parent, "шахматы", "Найдено")
        await tap(parent, "Шахматы для начинающих", "Группы")
        await tap(parent, f"Подать заявку: {target.group_name}", "отправлена организации")

    notices = [await provider.wait_reply("Белова"), await provider.wait_reply("Громова")]
    for notice in notices:  # both confirms leave at once
        await provider.press("Подтвердить", message=notice)
    await provider.wait_reply("переведён в лист ожидания")

    async with sessionmaker() as session:
        active = (
            await session.scalars(select(Enrollment).where(Enrollment.status == EnrollmentStatus.ACTIVE))
        ).all()
        group = await session.get(Group, target.group_id)
    assert len(active) == 1
    assert group is not None and group.seats_taken == group.capacity
    return second if active[0].child_id == 1 else first  # children 1 and 2 in the order added


async def test_two_families_race_for_the_last_seat(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    await _race_for_the_last_seat(fake_api, running_app, sessionmaker, clock)
    await assert_clean(fake_api)


async def test_the_family_that_lost_the_race_is_put_on_the_waiting_list(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    loser = await _race_for_the_last_seat(fake_api, running_app, sessionmaker, clock)
    notice = await loser.wait_reply("в листе ожидания")
    assert "место 1" in notice.text
    async with sessionmaker() as session:
        waiting = (await session.scalars(select(WaitlistEntry))).all()
    assert [w.status for w in waiting] == [WaitlistStatus.WAITING]
    await assert_clean(fake_api)
