"""Events through the real application: a parent asks for a reminder, staff cancel, the parent is told."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import events
from bot.services.clock import FrozenClock
from db.models import Event, Municipality
from tests.conftest import ADMIN_ID
from tests.dates import at
from tests.e2e.fake_bot_api import FakeBotAPI

PARENT = 61_001
NOW = at(2026, 12, 24, 8, 0)  # 11:00 in Moscow, the day before the event


async def test_reminder_and_cancellation_notice(
    fake_api: FakeBotAPI, running_app, session: AsyncSession, municipality: Municipality
) -> None:  # type: ignore[no-untyped-def]
    event = Event(
        municipality_id=municipality.id, title="Ёлка", starts_at=NOW + timedelta(days=1), place="ДК «Юность»"
    )
    session.add(event)
    await session.commit()
    runner = await running_app(clock=FrozenClock(NOW))
    parent = fake_api.user(PARENT)
    await parent.send("🎉 Мероприятия")
    await parent.wait_reply("Ёлка")
    await parent.press("Напомнить накануне")
    await parent.wait_reply("Напомню накануне", alert=True)

    assert runner.app is not None
    async with runner.app.sessionmaker.begin() as s:  # the job's work, run now rather than in 10 minutes
        assert await events.enqueue_reminders(s, NOW, runner.app.settings.tz) == 1
    runner.app.sender.wake()
    await parent.wait_reply("Напоминаем: завтра, 25.12.2026 в 11:00")

    staff = fake_api.user(ADMIN_ID)
    await staff.send("🎉 Мероприятия (ведение)")
    await staff.wait_reply("Выберите мероприятие")
    await staff.press("Ёлка")
    await staff.wait_reply("ДК «Юность»")
    await staff.press("Отменить мероприятие")
    await staff.wait_reply("Ёлка")  # the same card, now asking to confirm
    await staff.press("Да, отменить")
    await staff.wait_reply("получат: 1")
    notice = await parent.wait_reply("отменено")
    assert "«Ёлка»" in notice.text
