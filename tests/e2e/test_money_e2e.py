"""End to end: the real bot charges a month, the parent is told and sees the balance fall; a run
missed while the bot was down happens when it starts."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.jobs.context import JobContext
from bot.services.clock import FrozenClock
from bot.services.money import writeoffs
from db.models import Municipality
from tests import factories as make
from tests.dates import at, d, year
from tests.e2e.fake_bot_api import FakeBotAPI

PARENT = 8101


async def _family(sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality) -> None:
    async with sessionmaker.begin() as session:
        user = await make.user(session, PARENT)
        here = await session.get(Municipality, municipality.id)
        assert here is not None
        await make.paid(session, here, user.id, price=100_000, starts_on=d(2026, 11, 1))


async def test_parent_sees_the_balance_fall_after_a_write_off(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI,
    running_app,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
) -> None:
    await _family(sessionmaker, municipality)
    clock = FrozenClock(at(2026, 11, 30, 9, 0))
    runner = await running_app(clock=clock)
    parent = fake_api.user(PARENT, language_code="ru")
    await parent.send("/balance")
    before = await parent.wait_reply("Всего на сертификате")
    assert "Всего на сертификате: 10\u00a0000\u00a0₽" in before.text

    clock.set(at(2026, 12, 1, 7, 0))  # 10:00 in Moscow on the 1st
    app = runner.app
    await writeoffs.run_due(JobContext(app.settings, app.bot, app.sessionmaker, app.core, clock, app.sender))

    notice = await parent.wait_reply(f"Оплата за 11.{year(2026)}")
    assert "из резерва за кружки оплачено 1\u00a0000\u00a0₽" in notice.text
    assert "Всего на сертификате: 9\u00a0000\u00a0₽" in notice.text
    await parent.press("Баланс сертификата", message=notice)
    after = await parent.wait_reply("Всего на сертификате")
    assert "Всего на сертификате: 9\u00a0000\u00a0₽" in after.text
    assert "в резерве за кружки: 6\u00a0000\u00a0₽" in after.text


async def test_a_write_off_missed_while_the_bot_was_down_runs_at_start(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI,
    running_app,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
) -> None:
    await _family(sessionmaker, municipality)
    # The bot comes back on the 2nd, after the 03:00 run on the 1st was missed.
    await running_app(clock=FrozenClock(at(2026, 12, 2, 9, 0)))
    parent = fake_api.user(PARENT, language_code="ru")
    notice = await parent.wait_reply(f"Оплата за 11.{year(2026)}")
    assert "1\u00a0000\u00a0₽" in notice.text
