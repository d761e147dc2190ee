"""Parents browse events in one edited message, ask for reminders and choose interests."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.common import SettingsCb
from bot.keyboards.events import EventCb, InterestCb
from bot.services.clock import FrozenClock
from db.models import Direction, Event, EventReminder, Municipality, User
from tests.handlers.harness import Harness

PARENT = 5201


async def _events(session: AsyncSession, municipality: Municipality, clock: FrozenClock) -> list[Event]:
    found = [
        Event(
            municipality_id=municipality.id,
            title=f"Событие {n}",
            starts_at=clock.now() + timedelta(days=n + 1),
            place="ДК",
            direction=direction,
        )
        for n, direction in enumerate([Direction.ARTS, Direction.SPORT, None])
    ]
    session.add_all(found)
    await session.commit()
    return found


async def test_list_pages_and_reminder_without_consent(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    found = await _events(session, municipality, clock)
    async with Harness(settings, sessionmaker, clock) as h:
        shown = await h.send(PARENT, "🎉 Мероприятия")
        assert "1 из 3" in (shown[-1].text or "") and "Событие 0" in (shown[-1].text or "")
        nxt = await h.press(PARENT, shown[-1].data_for("Вперёд"))
        assert nxt[0].method == "EditMessageText" and "Событие 1" in (nxt[0].text or "")
        reminded = await h.press(PARENT, nxt[0].data_for("Напомнить"))
        assert "Напомню накануне" in h.alerts(reminded)[0]
        assert reminded[0].data_for("Не напоминать")
    async with sessionmaker() as s:
        assert (await s.scalars(select(EventReminder.event_id))).all() == [found[1].id]


async def test_interests_filter_the_list(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    await _events(session, municipality, clock)
    async with Harness(settings, sessionmaker, clock) as h:
        opened = await h.send(PARENT, "⚙️ Настройки")
        interests = await h.press(PARENT, opened[-1].data_for("Интересы"))
        assert interests[0].data_for("Художественное") == InterestCb(direction=Direction.ARTS).pack()
        toggled = await h.press(PARENT, InterestCb(direction=Direction.ARTS).pack())
        assert any(text.startswith("✅ Художественное") for text, _ in toggled[0].buttons)
        await h.press(PARENT, SettingsCb(action="back").pack())
        shown = await h.send(PARENT, "🎉 Мероприятия")
    text = shown[-1].text or ""
    assert "1 из 2" in text  # the arts event and the one open to any direction; not the sport one
    async with sessionmaker() as s:
        user = await s.get(User, PARENT)
    assert user is not None and user.interests == ["arts"]


async def test_reminder_for_a_past_event_is_refused(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    past = Event(municipality_id=municipality.id, title="Было", starts_at=clock.now() - timedelta(hours=1))
    session.add(past)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        sent = await h.press(PARENT, EventCb(action="remind", event_id=past.id).pack())
    assert "уже началось" in h.alerts(sent)[0]
    async with sessionmaker() as s:
        assert await s.scalar(select(EventReminder.id)) is None
