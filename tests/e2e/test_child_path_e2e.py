"""End to end, issue 14's child's path over HTTP against the real bot: the family hears of the next step
after a club ended (the daily child-path job, run at the bot's start), opens «🧭 Что дальше», sees the
next level marked as paid by the certificate, opens its catalogue card and asks for a seat; on the
child's card his own interests are ticked and a related direction he follows appears."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.clock import FrozenClock
from db.models import (
    CertificateKind,
    Child,
    Direction,
    Enrollment,
    EnrollmentStatus,
    Level,
    Municipality,
    OutboxMessage,
)
from tests import factories as make
from tests.e2e.comms_helpers import eventually
from tests.e2e.fake_bot_api import FakeBotAPI
from tests.e2e.journey_helpers import assert_clean, say, tap

PARENT = 5001


async def test_after_a_club_ends_the_family_follows_the_suggested_next_level(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI,
    running_app,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    async with sessionmaker() as session:
        here = await session.get(Municipality, municipality.id)
        assert here is not None
        child = await make.child(session, PARENT, here, kind=CertificateKind.ACCOUNTING)
        owner = await make.provider(session, here)
        lego = await make.program(
            session, owner, title="Лего", direction=Direction.TECHNICAL, level=Level.INTRODUCTORY
        )
        old = await make.group(session, lego, name="Прошлый набор")
        await session.refresh(old, ["program"])
        ended = await make.enrollment_row(session, child, old, EnrollmentStatus.ENDED)
        ended.ended_at = clock.now() - timedelta(days=1)
        robots = await make.program(
            session, owner, title="Робототехника", direction=Direction.TECHNICAL, level=Level.BASIC
        )
        await make.group(session, robots, name="Роботы-1")
        experiments = await make.program(
            session, owner, title="Опыты", direction=Direction.SCIENCE, level=Level.INTRODUCTORY
        )
        await make.group(session, experiments, name="Опыты-1")
        await make.group(
            session, await make.program(session, owner, title="Рисунок", direction=Direction.ARTS)
        )
        await session.commit()
        child_id, name = child.id, child.first_name
    await running_app(clock=clock)
    parent = fake_api.user(PARENT)

    notice = await parent.wait_reply("Занятия в кружке закончились")
    assert f"{name} может заняться дальше" in notice.text and "«Робототехника»" in notice.text
    await parent.press("🧭 Что дальше", message=notice)
    steps = (await parent.wait_reply(f"Что дальше: {name}")).text
    assert steps.index("1. Робототехника") < steps.index("2. Опыты"), steps
    assert "Следующий уровень в том же направлении" in steps and "Помещается в сертификат" in steps
    assert "Опыты" in steps and "Смежное направление" in steps  # technical ↔ science
    assert "Рисунок" not in steps and "Лего" not in steps

    card = await tap(parent, "1. Робототехника", "Роботы-1")
    assert "Робототехника" in card
    await tap(parent, "Подать заявку: Роботы-1", "Подать заявку?")
    await tap(parent, "Да, подать заявку", "отправлена организации")

    await say(parent, "👶 Мои дети", "Ваши дети")
    await tap(parent, name, "Сертификат")
    await tap(parent, "🎯 Интересы", f"Интересы: {name}")
    await parent.press("Художественное")

    async def ticked() -> None:
        async with sessionmaker() as s:
            assert await s.scalar(select(Child.interests).where(Child.id == child_id)) == ["arts"]

    await eventually(ticked)
    await tap(parent, "Готово", "Сертификат: ✅")
    again = await tap(parent, "🧭 Что дальше", f"Что дальше: {name}")
    assert "Рисунок" in again and "По интересам ребёнка" in again  # arts, his interest now
    assert "Робототехника" not in again  # asked for already

    async with sessionmaker() as s:
        requested = await s.scalar(
            select(func.count(Enrollment.id)).where(
                Enrollment.child_id == child_id, Enrollment.status == EnrollmentStatus.PENDING
            )
        )
        notices = await s.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.key.startswith(f"path:end:{child_id}:"))
        )
    assert (requested, notices) == (1, 1)
    await assert_clean(fake_api)
