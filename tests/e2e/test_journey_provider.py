"""A provider's employee joins by an invite link and decides in chat; what the family sees of it; and the
things a well-made service does that people will try first (a typo in the search, an officer's first /start,
a financing certificate paying part of a paid club)."""

from __future__ import annotations

from sqlalchemy import select

from bot.services.accounts import invites
from db.models import Enrollment, EnrollmentStatus, Group, Role
from tests.conftest import ADMIN_ID
from tests.e2e.journey_helpers import (
    assert_clean,
    demo_world,
    parent_with_certificate,
    pick_group,
    say,
    settled,
    tap,
)

PROVIDER_ID = 880_003


async def test_provider_joins_by_invite_rejects_with_a_reason_and_old_buttons_do_nothing(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    await demo_world(sessionmaker, clock.today())
    target = await pick_group(sessionmaker, "Шахматы для начинающих", free_seats=2)
    async with sessionmaker() as session, session.begin():
        code = await invites.create_invite(
            session, role=Role.PROVIDER, target_id=target.provider_id, created_by=ADMIN_ID, now=clock.now()
        )
    await running_app(clock=clock)
    staff, provider, parent = fake_api.user(ADMIN_ID), fake_api.user(PROVIDER_ID), fake_api.user(5501)

    joined = await say(provider, f"/start {code}", "Готово")
    assert "📚 Мои программы" in (provider.reply_keyboard() or [])
    assert "организации" in joined
    # The same link a second time (forwarded to a colleague) is refused politely.
    await say(fake_api.user(PROVIDER_ID + 1), f"/start {code}", "недействительна")

    await parent_with_certificate(parent, staff, "Котова", "12.03.2017")
    await say(parent, "🔎 Найти кружок", "Поиск кружков")
    await say(parent, "шахматам", "Найдено")
    await tap(parent, "Шахматы для начинающих", "Группы")
    await tap(parent, f"Подать заявку: {target.group_name}", "Подать заявку?")
    await tap(parent, "Да, подать заявку", "отправлена организации")

    notice = await provider.wait_reply("Котова")
    await provider.press("Отклонить", message=notice)
    reasons = await provider.wait_reply("причину")
    await provider.press("Нет мест", message=reasons)
    await provider.wait_reply("комментарий")
    await say(provider, "Группа набрана, приходите в январе", "отклонена")

    told = await parent.wait_reply("отклонена")
    assert "приходите в январе" in told.text
    assert "Найти кружок" in told.text, "the family is told what to do next"

    # The provider's notice still shows «Подтвердить»: it would enrol the child if the bot took it.
    await provider.press("Подтвердить", message=notice)
    await provider.wait_reply("уже принято решение", alert=True)
    await settled(provider)
    async with sessionmaker() as session:
        statuses = (await session.scalars(select(Enrollment.status))).all()
        group = await session.get(Group, target.group_id)
    assert statuses == [EnrollmentStatus.REJECTED]
    assert group is not None and group.capacity - group.seats_taken == 2, "no seat was taken"
    await say(parent, "📋 Мои заявки", "Ваши заявки")
    assert "отклонена" in parent.last().text
    await assert_clean(fake_api)


async def test_an_officer_lands_on_the_staff_desk(fake_api, running_app, clock) -> None:  # type: ignore[no-untyped-def]
    await running_app(clock=clock)
    staff = fake_api.user(ADMIN_ID)
    await staff.send("/start")
    await staff.wait_reply("Вы сотрудник опорного центра")
    await settled(staff)  # a consent offer, wrongly sent after the greeting, would be here by now
    assert "🗂 Заявления на сертификаты" in (staff.reply_keyboard() or [])
    assert not any("согласие" in m.text.casefold() for m in staff.messages())


async def test_a_financing_certificate_pays_part_and_the_family_the_rest(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    await demo_world(sessionmaker, clock.today())
    target = await pick_group(sessionmaker, "Робототехника и программирование Arduino", free_seats=2)
    await running_app(clock=clock)
    staff, parent = fake_api.user(ADMIN_ID), fake_api.user(5701)
    await parent_with_certificate(parent, staff, "Лебедева", "12.03.2015", kind="финансирования")
    await say(parent, "🔎 Найти кружок", "Поиск кружков")
    await say(parent, "Arduino", "Найдено")
    card = await tap(parent, "Робототехника и программирование Arduino", "Группы")
    assert "не хватает" not in card
    await tap(parent, f"Подать заявку: {target.group_name}", "Подать заявку?")
    await tap(parent, "Да, подать заявку", "отправлена организации")
    await assert_clean(fake_api)
