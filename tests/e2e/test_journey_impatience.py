"""Impatient people over HTTP: old buttons, double taps, /start and menu buttons mid-form, a restart
mid-form, forged staff and provider buttons, two families racing for the last seat."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.keyboards.certificates import StaffCb
from bot.keyboards.children import ChildCb
from bot.keyboards.desk import ProvCb
from bot.keyboards.provider import PvCb
from db.models import (
    ApplicationStatus,
    Certificate,
    CertificateApplication,
    Child,
    Enrollment,
    EnrollmentStatus,
    Group,
    Provider,
    ProviderState,
    WaitlistEntry,
    WaitlistStatus,
)
from tests.conftest import ADMIN_ID
from tests.e2e.comms_helpers import eventually
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
    settled,
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

    # Double tap on «Да, подать заявление»: one application; the tap that comes second is told so.
    await tap(parent, "Подать заявление на сертификат", "Выберите статус")
    await tap(parent, "Сертификат учёта", "Подать заявление?")
    kind_screen = parent.last()
    [apply_data] = [b.callback_data for row in kind_screen.buttons for b in row if "Да, подать" in b.text]
    assert apply_data is not None
    await parent.press_data(apply_data, kind_screen)
    await parent.press_data(apply_data, kind_screen)
    await parent.wait_reply("подано")
    await parent.wait_reply("уже подано", alert=True)
    await staff.send("🗂 Заявления на сертификаты")
    queue = await staff.wait_reply("Ожидают решения: 1")

    # The staff double-tap «Одобрить»: one certificate, the second tap says it is already decided.
    await staff.press("Сидорова", message=queue)
    decision = await staff.wait_reply("Сверьте данные")
    await staff.press("Одобрить: сертификат учёта", message=decision)
    await staff.press("Одобрить: сертификат учёта", message=decision)
    await staff.wait_reply("выдан")
    await staff.wait_reply("уже принято решение", alert=True)
    await parent.wait_reply("Номер:")
    await settled(staff)
    assert await _count(sessionmaker, Certificate) == 1

    # The old «Да, подать заявление» of the finished flow, pressed again: it would file a second
    # application if the bot took it; the bot says the child has a certificate and files nothing.
    await parent.press_data(apply_data, kind_screen)
    await parent.wait_reply("уже есть сертификат", alert=True)
    await settled(parent)
    assert await _count(sessionmaker, CertificateApplication) == 1
    assert await _count(sessionmaker, Certificate) == 1
    await assert_clean(fake_api)


async def test_a_parent_forging_staff_and_provider_buttons_is_refused(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    await demo_world(sessionmaker, clock.today())
    target = await pick_group(sessionmaker, "Шахматы для начинающих", free_seats=2)
    await running_app(clock=clock)
    parent, other = fake_api.user(5301), fake_api.user(5302)
    await onboard(parent)
    await add_child(parent, "Орлова", "Мария", "12.03.2016")
    await apply_for_certificate(parent, "учёта")
    await onboard(other)

    # The parent approves his own application, opens it as staff, closes a provider's group and
    # suspends the provider: each button would change something if the bot took it.
    staff_only = "Эта кнопка устарела"  # the staff and provider routers do not even see a parent
    for data in (
        StaffCb(action="ok", id=1, value="financing").pack(),
        StaffCb(action="app", id=1).pack(),
        PvCb(action="gc", id=target.group_id).pack(),
        ProvCb(action="suspend", provider_id=target.provider_id).pack(),
    ):
        await parent.press_data(data)
        await parent.wait_reply(staff_only, alert=True)
    # Another family opens his child's card and deletes the child.
    for data in (ChildCb(action="card", id=1).pack(), ChildCb(action="delok", id=1).pack()):
        await other.press_data(data)
        await other.wait_reply("Это действие вам недоступно.", alert=True)
    await settled(parent)
    await settled(other)
    assert not any("Орлова" in m.text for m in other.messages())
    assert await _count(sessionmaker, Certificate) == 0
    assert await _count(sessionmaker, Child) == 1
    async with sessionmaker() as session:
        application = await session.scalar(select(CertificateApplication.status))
        group = await session.get(Group, target.group_id)
        provider = await session.get(Provider, target.provider_id)
    assert application is ApplicationStatus.PENDING
    assert group is not None and group.enrollment_open
    assert provider is not None and provider.state is ProviderState.ACTIVE
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
        await tap(parent, f"Подать заявку: {target.group_name}", "Подать заявку?")
        await tap(parent, "Да, подать заявку", "отправлена организации")

    notices = [await provider.wait_reply("Белова"), await provider.wait_reply("Громова")]
    before = fake_api.seq
    for notice in notices:  # both confirms leave at once
        await provider.press("Подтвердить", message=notice)
    await provider.wait_reply("Зачисление подтверждено", after=before)
    await provider.wait_reply("перевели в лист ожидания", after=before)

    async def one_enrolled_and_the_group_full() -> int:
        async with sessionmaker() as session:
            active = (
                await session.scalars(select(Enrollment).where(Enrollment.status == EnrollmentStatus.ACTIVE))
            ).all()
            group = await session.get(Group, target.group_id)
        assert len(active) == 1
        assert group is not None and group.seats_taken == group.capacity
        return active[0].child_id

    winner = await eventually(one_enrolled_and_the_group_full)
    return second if winner == 1 else first  # children 1 and 2 in the order added


async def test_two_families_race_for_the_last_seat(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    await _race_for_the_last_seat(fake_api, running_app, sessionmaker, clock)
    await assert_clean(fake_api)


async def test_the_family_that_lost_the_race_is_put_on_the_waiting_list(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    loser = await _race_for_the_last_seat(fake_api, running_app, sessionmaker, clock)
    notice = await loser.wait_reply("перевели в лист ожидания")
    assert "Место в очереди: 1" in notice.text and "не успела" not in notice.text

    async def one_waiting() -> None:
        async with sessionmaker() as session:
            waiting = (await session.scalars(select(WaitlistEntry))).all()
        assert [w.status for w in waiting] == [WaitlistStatus.WAITING]

    await eventually(one_waiting)
    await assert_clean(fake_api)
