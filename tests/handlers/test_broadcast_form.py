"""The staff announcement form: bad input changes nothing, a second press of «Send» sends nothing twice."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.broadcasts import BroadcastFormCb, BroadcastStopCb
from bot.services.clock import FrozenClock
from db.models import Broadcast, BroadcastStatus, Child, Municipality, OutboxMessage, OutboxStatus, User
from tests.conftest import ADMIN_ID
from tests.dates import at, d
from tests.handlers.harness import STALE_BUTTON, Harness

PARENT = 5301


async def _a_family(session: AsyncSession, municipality: Municipality) -> None:
    """One parent with consent and one child: an audience of one."""
    session.add(User(id=PARENT, consent_at=at(2026, 1, 1)))
    await session.flush()
    child = Child(parent_id=PARENT, last_name="И", first_name="А", birth_date=d(2015, 1, 1))
    child.municipality_id = municipality.id
    session.add(child)
    await session.commit()


async def test_compose_send_once_and_stop(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    await _a_family(session, municipality)
    async with Harness(settings, sessionmaker, clock) as h:
        await h.send(ADMIN_ID, "📣 Рассылка")
        too_long = await h.send(ADMIN_ID, "я" * 4001)
        assert "Слишком длинно" in (too_long[-1].text or "")
        await h.send(ADMIN_ID, "Внимание: <b>собрание</b>")
        await h.press(ADMIN_ID, BroadcastFormCb(action="aud", value="direction").pack())
        empty = await h.press(ADMIN_ID, BroadcastFormCb(action="dir", value="sport").pack())
        assert any("Получателей с такими условиями нет" in (s.text or "") for s in empty)
        await h.press(ADMIN_ID, BroadcastFormCb(action="aud", value="municipality").pack())
        first = await h.press(ADMIN_ID, BroadcastFormCb(action="send").pack())
        again = await h.press(ADMIN_ID, BroadcastFormCb(action="send").pack())
        assert h.alerts(again) == [STALE_BUTTON], "a second press must be refused politely"
        progress = next(s for s in first if "Рассылка №" in (s.text or ""))
        assert progress.data_for("Остановить") == BroadcastStopCb(broadcast_id=1).pack()
        await h.press(ADMIN_ID, BroadcastStopCb(broadcast_id=1).pack())
        twice = await h.press(ADMIN_ID, BroadcastStopCb(broadcast_id=1).pack())
        assert "уже завершена" in h.alerts(twice)[0]
    async with sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(Broadcast)) == 1
        row = await s.scalar(select(OutboxMessage))
        status = await s.scalar(select(Broadcast.status))
    assert row is not None and row.key == f"bc:1:{PARENT}" and row.status is OutboxStatus.CANCELLED
    assert row.payload["text"] == "Внимание: &lt;b&gt;собрание&lt;/b&gt;"  # typed markup stays text
    assert status is BroadcastStatus.CANCELLED


async def test_preview_quotes_the_quiet_hours_configured(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    await _a_family(session, municipality)
    summaries = {}
    for start, end in ((21, 9), (0, 0)):
        configured = settings.model_copy(update={"quiet_hours_start": start, "quiet_hours_end": end})
        async with Harness(configured, sessionmaker, clock) as h:
            await h.send(ADMIN_ID, "📣 Рассылка")
            await h.send(ADMIN_ID, "Собрание в четверг")
            sent = await h.press(ADMIN_ID, BroadcastFormCb(action="aud", value="municipality").pack())
            summaries[start, end] = next(s.text or "" for s in sent if "Получателей" in (s.text or ""))
    assert "с 21:00 до 09:00" in summaries[21, 9] and "22:00" not in summaries[21, 9]
    assert "в любое время суток" in summaries[0, 0]
