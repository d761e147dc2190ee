"""The whole public service, as people walk it over HTTP: a parent from /start to an enrollment, staff
approving the certificate, a provider confirming, the parent told at every step."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Enrollment, EnrollmentStatus
from tests.conftest import ADMIN_ID
from tests.e2e.comms_helpers import eventually
from tests.e2e.journey_helpers import (
    add_child,
    apply_for_certificate,
    approve_first,
    assert_clean,
    demo_world,
    make_provider_employee,
    onboard,
    pick_group,
    say,
    tap,
)

PROVIDER_ID = 880_001


async def test_parent_gets_a_certificate_finds_a_club_and_is_enrolled(  # type: ignore[no-untyped-def]
    fake_api, running_app, sessionmaker, clock
) -> None:
    await demo_world(sessionmaker, clock.today())
    target = await pick_group(sessionmaker, "Шахматы для начинающих", free_seats=3)
    await make_provider_employee(sessionmaker, PROVIDER_ID, target.provider_id)
    await running_app(clock=clock)
    parent, staff, provider = fake_api.user(5001), fake_api.user(ADMIN_ID), fake_api.user(PROVIDER_ID)

    await onboard(parent)
    await add_child(parent, "Иванова", "Мария", "12.03.2017")
    await apply_for_certificate(parent, "учёта")

    issued = await approve_first(staff, "Иванова", "учёта")
    number = "".join(ch for ch in issued if ch.isdigit())[-10:]
    assert len(number) == 10
    told = await parent.wait_reply(number)
    assert "сертификат" in told.text.casefold()

    # An inflected word and the Russian stemmer: «шахматами» finds «Шахматы для начинающих».
    await say(parent, "🔎 Найти кружок", "Поиск кружков")
    await say(parent, "шахматами", "Найдено")
    card = await tap(parent, "Шахматы для начинающих", "Группы")
    assert target.group_name in card
    await tap(parent, f"Подать заявку: {target.group_name}", "Подать заявку?")
    requested = await tap(parent, "Да, подать заявку", "отправлена организации")
    assert "Мои заявки" in requested, "the parent is told where to follow the request"

    notice = await provider.wait_reply("Шахматы для начинающих")
    await provider.press("Подтвердить", message=notice)
    await provider.wait_reply("Иванова")

    await parent.wait_reply("Зачисление подтверждено")
    await say(parent, "📋 Мои заявки", "Ваши заявки")
    assert "✅ зачисление подтверждено" in parent.last().text

    async def enrolled() -> None:
        async with sessionmaker() as session:
            statuses = (await session.scalars(select(Enrollment.status))).all()
        assert statuses == [EnrollmentStatus.ACTIVE]

    await eventually(enrolled)
    await assert_clean(fake_api)
