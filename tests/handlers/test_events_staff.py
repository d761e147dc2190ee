"""Staff create, change and cancel events through the form; forged callbacks change nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.broadcasts import BroadcastStopCb
from bot.keyboards.events import EventCb, EventFormCb, StaffEventCb
from bot.services.clock import FrozenClock
from db.models import (
    Direction,
    Event,
    EventReminder,
    EventState,
    Municipality,
    OutboxMessage,
    StaffMembership,
    User,
)
from tests.conftest import ADMIN_ID
from tests.dates import at
from tests.handlers.harness import Harness, Sent

PARENT = 5101


def text_of(sent: list[Sent]) -> str:
    """The last text the bot sent or edited in reply (callback answers aside)."""
    return next((s.text for s in reversed(sent) if s.method != "AnswerCallbackQuery" and s.text), "")


async def _event(session: AsyncSession, municipality: Municipality, **extra: object) -> Event:
    event = Event(
        municipality_id=municipality.id,
        title="Ёлка <для> всех",
        description="Хороводы",
        starts_at=at(2026, 12, 25, 12, 0),
        place="ДК",
        **extra,
    )
    session.add(event)
    await session.commit()
    return event


async def test_staff_creates_an_event_through_the_form(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    async with Harness(settings, sessionmaker, clock) as h:
        listing = await h.send(ADMIN_ID, "🎉 Мероприятия (ведение)")
        assert "Предстоящих мероприятий нет" in text_of(listing)
        asked = await h.press(ADMIN_ID, listing[-1].data_for("Новое мероприятие"))
        assert "Как называется" in text_of(asked)
        await h.send(ADMIN_ID, "Ёлка <для> всех")
        await h.send(ADMIN_ID, "Хороводы и подарки")
        wrong = await h.send(ADMIN_ID, "завтра вечером")
        assert "Не понял дату" in text_of(wrong)
        past = await h.send(ADMIN_ID, "01.01.2020 10:00")
        assert "уже прошло" in text_of(past)
        await h.send(ADMIN_ID, "25.12.2026 15:00")
        ages = await h.send(ADMIN_ID, "ДК «Юность»")
        assert "возраст" in text_of(ages)
        bad_ages = await h.send(ADMIN_ID, "3-40")
        assert "Не понял возраст" in text_of(bad_ages)
        await h.send(ADMIN_ID, "7-12")
        await h.press(ADMIN_ID, EventFormCb(action="dir", value="arts").pack())
        late = await h.send(ADMIN_ID, "26.12.2026 10:00")
        assert "раньше начала" in text_of(late)
        preview = await h.send(ADMIN_ID, "20.12.2026 18:00")
        text = preview[-1].text or ""
        assert "Ёлка &lt;для&gt; всех" in text and "25.12.2026 15:00" in text and "20.12.2026 18:00" in text
        async with sessionmaker() as s:
            assert await s.scalar(select(Event.id)) is None  # nothing is saved before publishing
        await h.press(ADMIN_ID, EventFormCb(action="publish").pack())
    async with sessionmaker() as s:
        event = await s.scalar(select(Event))
    assert event is not None and event.title == "Ёлка <для> всех"
    assert event.starts_at == at(2026, 12, 25, 12, 0)  # 15:00 in Moscow
    assert (event.age_min, event.age_max, event.direction) == (7, 12, Direction.ARTS)
    assert event.registration_deadline == at(2026, 12, 20, 15, 0)
    assert event.municipality_id == municipality.id


async def test_moving_and_cancelling_tell_those_who_asked_for_a_reminder(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    event = await _event(session, municipality)
    session.add(User(id=PARENT))
    await session.flush()
    session.add(EventReminder(event_id=event.id, user_id=PARENT))
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        await h.press(ADMIN_ID, StaffEventCb(action="field", event_id=event.id, value="when").pack())
        moved = await h.send(ADMIN_ID, "26.12.2026 16:00")
        assert "26.12.2026 16:00" in text_of(moved)
        await h.press(ADMIN_ID, StaffEventCb(action="cancel", event_id=event.id).pack())
        done = await h.press(ADMIN_ID, StaffEventCb(action="cancel_yes", event_id=event.id).pack())
        assert "получат: 1" in text_of(done)
    async with sessionmaker() as s:
        keys = set((await s.scalars(select(OutboxMessage.key).where(OutboxMessage.chat_id == PARENT))).all())
        state = await s.scalar(select(Event.state))
    assert keys == {f"ev:{event.id}:moved:202612261300:{PARENT}", f"ev:{event.id}:cancel:{PARENT}"}
    assert state is EventState.CANCELLED


async def test_forged_staff_callbacks_from_a_parent_change_nothing(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    event = await _event(session, municipality)
    async with Harness(settings, sessionmaker, clock) as h:
        await h.send(PARENT, "/start")
        cancel = await h.press(PARENT, StaffEventCb(action="cancel_yes", event_id=event.id).pack())
        edit = await h.press(PARENT, StaffEventCb(action="field", event_id=event.id, value="title").pack())
        stop = await h.press(PARENT, BroadcastStopCb(broadcast_id=1).pack())
        for sent in (cancel, edit, stop):
            assert h.alerts(sent), sent
        remind_missing = await h.press(PARENT, EventCb(action="remind", event_id=999).pack())
        assert h.alerts(remind_missing)
    async with sessionmaker() as s:
        assert await s.scalar(select(Event.state)) is EventState.ACTIVE
        assert await s.scalar(select(OutboxMessage.id)) is None
        assert await s.scalar(select(EventReminder.id)) is None


async def test_staff_of_another_municipality_cannot_touch_the_event(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    other = Municipality(name_ru="Другой округ", name_en="Other")
    session.add_all([other, User(id=PARENT)])
    await session.flush()
    session.add(StaffMembership(user_id=PARENT, municipality_id=other.id))
    event = await _event(session, municipality)
    async with Harness(settings, sessionmaker, clock) as h:
        sent = await h.press(PARENT, StaffEventCb(action="cancel_yes", event_id=event.id).pack())
        assert "недоступно" in h.alerts(sent)[0]
    async with sessionmaker() as s:
        assert await s.scalar(select(Event.state)) is EventState.ACTIVE
