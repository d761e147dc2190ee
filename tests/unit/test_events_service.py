"""Events: date parsing, what parents see, reminders the day before and their idempotency."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.render import render
from bot.services.accounts.access import Access
from bot.services.clock import FrozenClock
from bot.services.comms import events
from bot.services.errors import DomainError, NotFound
from bot.services.family import interests
from db.models import Child, Direction, Event, EventState, Municipality, OutboxMessage, OutboxStatus, User
from tests.dates import at, d, year

MSK = ZoneInfo("Europe/Moscow")
NOW = at(2026, 11, 23, 9, 0)  # 12:00 in Moscow


@pytest.mark.parametrize(
    "text",
    [
        f"25.12.{year(2026)} 15:00",
        f"25.12.{year(2026) % 100} 15:00",
        f"{year(2026)}-12-25 15:00",
        f"25.12.{year(2026)} в 15:00",
        "25.12 15:00",
    ],
)
def test_parse_when_accepts_common_forms(text: str) -> None:
    assert events.parse_when(text, MSK, NOW) == at(2026, 12, 25, 12, 0)


def test_parse_when_without_a_year_means_the_next_such_day() -> None:
    assert events.parse_when("10.01 10:00", MSK, NOW) == at(2027, 1, 10, 7, 0)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("завтра", "events-when-invalid"),
        (f"23.11.{year(2026)} 11:59", "events-when-past"),
        (f"25.12.{year(2026) + 74} 15:00", "rules-date-too-far"),  # an event in 2100
        ("31.12.9999 15:00", "rules-date-too-far"),
        ("²5.12 15:00", "events-when-invalid"),
    ],
)
def test_parse_when_refuses(text: str, key: str) -> None:
    with pytest.raises(DomainError) as error:
        events.parse_when(text, MSK, NOW)
    assert error.value.key == key


async def _event(session: AsyncSession, municipality: Municipality, title: str, **extra: object) -> Event:
    values: dict[str, object] = {"starts_at": NOW + timedelta(days=3), **extra}
    event = Event(municipality_id=municipality.id, title=title, **values)
    session.add(event)
    await session.flush()
    return event


async def test_parents_see_events_for_their_childrens_ages_and_interests(
    session: AsyncSession, municipality: Municipality
) -> None:
    other = Municipality(name_ru="Другой", name_en="Other")
    parent = User(id=1, interests=["arts"])
    session.add_all([other, parent])
    await session.flush()
    session.add(
        Child(
            parent_id=1,
            last_name="И",
            first_name="А",
            birth_date=d(2016, 5, 1),
            municipality_id=municipality.id,
        )
    )  # 10 years old
    await _event(session, municipality, "fits", age_min=7, age_max=12, direction=Direction.ARTS)
    await _event(session, municipality, "any direction", age_min=5, age_max=18)
    await _event(session, municipality, "too old", age_min=14, age_max=18, direction=Direction.ARTS)
    await _event(session, municipality, "other interest", direction=Direction.SPORT)
    await _event(session, other, "elsewhere")
    await _event(session, municipality, "past", starts_at=NOW - timedelta(hours=1))
    await _event(session, municipality, "cancelled", state=EventState.CANCELLED)
    found = await events.for_parent(session, parent, NOW, d(2026, 11, 23))
    assert sorted(e.title for e in found) == ["any direction", "fits"]

    newcomer = User(id=2)  # no children, no interests: everything upcoming
    session.add(newcomer)
    await session.flush()
    assert len(await events.for_parent(session, newcomer, NOW, d(2026, 11, 23))) == 5


async def test_interests_toggle(session: AsyncSession) -> None:
    user = User(id=3)
    session.add(user)
    await session.flush()
    assert await interests.toggle(session, user, "sport") == ["sport"]
    assert await interests.toggle(session, user, "arts") == ["sport", "arts"]
    assert await interests.toggle(session, user, "sport") == ["arts"]


async def test_reminder_is_queued_once_the_day_before_at_ten(
    session: AsyncSession,
    municipality: Municipality,
    core: FluentRuntimeCore,
) -> None:
    clock = FrozenClock(at(2026, 12, 24, 6, 59))  # 09:59 in Moscow, the day before
    event = await _event(session, municipality, "Ёлка & <подарки>", starts_at=at(2026, 12, 25, 12, 0))
    session.add(User(id=7))
    await session.flush()
    assert await events.toggle_reminder(session, await session.get(User, 7), event.id, clock.now())  # type: ignore[arg-type]

    assert await events.enqueue_reminders(session, clock.now(), MSK) == 0
    clock.move(timedelta(minutes=1))
    assert await events.enqueue_reminders(session, clock.now(), MSK) == 1
    clock.move(timedelta(minutes=10))
    assert await events.enqueue_reminders(session, clock.now(), MSK) == 0  # a later run does nothing
    row = await session.scalar(select(OutboxMessage))
    assert row is not None and row.chat_id == 7
    assert row.payload["args"] == {
        "title": "Ёлка & <подарки>",
        "starts_date": f"{year(2026)}-12-25",
        "time": "15:00",
        "place": "",
    }
    text, _ = render(core, "ru", row.payload)
    assert f"завтра, 25.12.{year(2026)} в 15:00, — «Ёлка &amp; &lt;подарки&gt;»" in text


async def test_cancelling_withdraws_a_queued_reminder(
    session: AsyncSession, municipality: Municipality
) -> None:
    now = at(2026, 12, 24, 8, 0)
    event = await _event(session, municipality, "Ёлка", starts_at=at(2026, 12, 25, 12, 0))
    staff = User(id=8)
    session.add_all([User(id=7), staff])
    await session.flush()
    await events.toggle_reminder(session, await session.get(User, 7), event.id, now)  # type: ignore[arg-type]
    await events.enqueue_reminders(session, now, MSK)
    access = Access(user=staff, staff_municipality_ids=frozenset({municipality.id}))
    assert await events.cancel(session, access, event.id, now, MSK) == 1
    rows = {r.key.split(":")[2]: r.status for r in await session.scalars(select(OutboxMessage))}
    assert rows == {"rm": OutboxStatus.CANCELLED, "cancel": OutboxStatus.PENDING}
    with pytest.raises(NotFound):
        await events.toggle_reminder(session, staff, event.id, now)
