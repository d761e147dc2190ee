"""Events through the real application: a parent asks for a reminder, staff cancel, the parent is told."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.clock import FrozenClock
from bot.services.comms import events
from db.models import Event, EventReminder, Municipality
from tests.conftest import ADMIN_ID
from tests.dates import at, year
from tests.e2e.comms_helpers import eventually
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
    sessionmaker = runner.app.sessionmaker

    async def reminder_saved() -> None:  # the alert may reach the chat before the commit
        async with sessionmaker() as s:
            assert await s.scalar(select(func.count(EventReminder.id))) == 1

    await eventually(reminder_saved)
    async with sessionmaker.begin() as s:  # the job's work, run now rather than in 10 minutes
        assert await events.enqueue_reminders(s, NOW, runner.app.settings.tz) == 1
    runner.app.sender.wake()
    await parent.wait_reply(f"Напоминаем: завтра, 25.12.{year(2026)} в 11:00")

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
