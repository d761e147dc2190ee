"""Every question of the parent's and the staff's forms, driven through the dispatcher with anything a
person may type (tests/typed_input.py): the bot answers, logs no error, and saves nothing in the middle
of a form; the form is still open afterwards (the next valid answer is taken). The provider's program
and group forms have their own property tests (test_form_input_properties.py)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from hypothesis import given
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.broadcasts import BroadcastFormCb
from bot.keyboards.certificates import StaffCb
from bot.keyboards.children import ChildCb
from bot.keyboards.events import StaffEventCb
from bot.services.clock import FrozenClock
from db.models import Broadcast, Child, Event, Municipality, Period, User
from tests.conftest import ADMIN_ID
from tests.dates import at, year
from tests.handlers.harness import Harness
from tests.typed_input import FORM_EXAMPLES, typed

PARENT = 5901

Opens = Callable[[Harness, Any], Awaitable[None]]


async def child_surname(h: Harness, _: Any) -> None:
    await h.press(PARENT, ChildCb(action="add").pack())


async def child_first_name(h: Harness, _: Any) -> None:
    await child_surname(h, _)
    await h.send(PARENT, "Иванова")


async def child_birth_date(h: Harness, _: Any) -> None:
    await child_first_name(h, _)
    await h.send(PARENT, "Мария")
    await h.press(PARENT, ChildCb(action="skip").pack())


async def child_patronymic(h: Harness, _: Any) -> None:
    await child_first_name(h, _)
    await h.send(PARENT, "Мария")


async def child_snils(h: Harness, ctx: Any) -> None:
    await child_birth_date(h, ctx)
    await h.send(PARENT, "12.03.2016")
    await h.press(PARENT, ChildCb(action="mun", id=ctx["municipality"]).pack())


async def broadcast_text(h: Harness, _: Any) -> None:
    await h.send(ADMIN_ID, "📣 Рассылка")


async def broadcast_ages(h: Harness, _: Any) -> None:
    await broadcast_text(h, _)
    await h.send(ADMIN_ID, "Собрание в четверг")
    await h.press(ADMIN_ID, BroadcastFormCb(action="aud", value="age").pack())


async def event_title(h: Harness, _: Any) -> None:
    await h.press(ADMIN_ID, StaffEventCb(action="new").pack())


async def event_description(h: Harness, _: Any) -> None:
    await event_title(h, _)
    await h.send(ADMIN_ID, "Ёлка")


async def event_when(h: Harness, _: Any) -> None:
    await event_description(h, _)
    await h.send(ADMIN_ID, "Хороводы и подарки")


async def event_place(h: Harness, _: Any) -> None:
    await event_when(h, _)
    await h.send(ADMIN_ID, f"25.12.{year(2026)} 15:00")


async def event_ages(h: Harness, _: Any) -> None:
    await event_place(h, _)
    await h.send(ADMIN_ID, "ДК «Юность»")


def period_field(field: str) -> Opens:
    async def opens(h: Harness, ctx: Any) -> None:
        await h.press(ADMIN_ID, StaffCb(action="per", id=ctx["period"], value=field).pack())

    return opens


FIELDS: dict[str, tuple[int, Opens, str]] = {
    # the field: (who answers, how the question is reached, a valid answer that moves the form on)
    "child surname": (PARENT, child_surname, "Иванова"),
    "child first name": (PARENT, child_first_name, "Мария"),
    "child patronymic": (PARENT, child_patronymic, "Сергеевна"),
    "child birth date": (PARENT, child_birth_date, "12.03.2016"),
    "child SNILS": (PARENT, child_snils, "112-233-445 95"),
    "broadcast text": (ADMIN_ID, broadcast_text, "Собрание в четверг"),
    "broadcast ages": (ADMIN_ID, broadcast_ages, "7-12"),
    "event title": (ADMIN_ID, event_title, "Ёлка"),
    "event description": (ADMIN_ID, event_description, "Хороводы и подарки"),
    "event start": (ADMIN_ID, event_when, f"25.12.{year(2026)} 15:00"),
    "event place": (ADMIN_ID, event_place, "ДК «Юность»"),
    "event ages": (ADMIN_ID, event_ages, "7-12"),
    "financing quota": (ADMIN_ID, period_field("quota"), "100"),
    "child population": (ADMIN_ID, period_field("population"), "4200"),
}


@pytest.fixture
async def h(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> AsyncIterator[Harness]:
    clock.set(at(2026, 11, 23, 9))
    session.add(User(id=PARENT, consent_at=at(2026, 1, 1)))
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as harness:
        yield harness


async def _context(
    sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality
) -> dict[str, Any]:
    async with sessionmaker() as s:
        period_id = await s.scalar(select(Period.id).where(Period.municipality_id == municipality.id))
    return {"period": period_id, "municipality": municipality.id}


async def _rows(sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[int, ...]:
    async with sessionmaker() as s:
        return tuple(
            [int(await s.scalar(select(func.count()).select_from(m)) or 0) for m in (Child, Event, Broadcast)]
        )


@pytest.mark.parametrize("field", list(FIELDS))
@FORM_EXAMPLES
@given(text=typed)
async def test_every_field_answers_anything_and_saves_nothing_midway(
    field: str,
    h: Harness,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    caplog: pytest.LogCaptureFixture,
    text: str,
) -> None:
    who, opens, _ = FIELDS[field]
    await h.send(who, "/cancel")
    await opens(h, await _context(sessionmaker, municipality))
    before = await _rows(sessionmaker)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        sent = await h.send(who, text)
    assert [r.getMessage() for r in caplog.records] == []
    assert [s for s in sent if s.method == "SendMessage" and s.text], f"no answer to {text!r}"
    assert all("Что-то пошло не так" not in (s.text or "") for s in sent)
    if not field.startswith(("financing", "child population")):
        assert await _rows(sessionmaker) == before  # a form saves at its end, never midway


@pytest.mark.parametrize("field", list(FIELDS))
async def test_each_field_takes_its_valid_answer(
    field: str, h: Harness, sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality
) -> None:
    """The other half of the property: the same question takes a valid answer (so the test above would
    see a refusal of a valid value as a failure of the form, not as its success)."""
    who, opens, valid = FIELDS[field]
    context = await _context(sessionmaker, municipality)
    mark = len(h.session.sent)
    await opens(h, context)
    asked = [s.text for s in h.session.sent[mark:] if s.text][-1]
    sent = await h.send(who, valid)
    answer = next(s.text or "" for s in sent if s.method == "SendMessage" and s.text)
    assert answer != asked and "Не понял" not in answer and "Нужно" not in answer, (field, answer)
