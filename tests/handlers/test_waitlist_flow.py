"""Through the real dispatcher, in Russian and English: the provider confirms the last seat and the
other pending families are moved to the waiting list and told; the provider's list and his old
«Подтвердить» buttons say so; the family sees the waiting-list place, not a withdrawn request."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.catalog import EnCb
from bot.services.clock import FrozenClock
from db.models import Enrollment, Municipality
from tests import factories as make
from tests.handlers.harness import Harness

PARENT, OTHER, PROVIDER = 5001, 5101, 6001

TEXTS = {
    "ru": {
        "requests": "📥 Заявки на зачисление",
        "mine": "📋 Мои заявки",
        "confirm": "Подтвердить №1",
        "confirm2": "Подтвердить №2",
        "moved": "остальные заявки в неё (1) перевели в лист ожидания",
        "pressed_late": "поэтому заявку",
        "empty": "Новых заявок нет",
        "line": "лист ожидания, место в очереди: 1",
        "withdrawn": "отозвана",
        "leave": "Выйти из листа ожидания №1",
    },
    "en": {
        "requests": "📥 Enrollment requests",
        "mine": "📋 My requests",
        "confirm": "Confirm #1",
        "confirm2": "Confirm #2",
        "moved": "the other requests for it (1) were moved to the waiting list",
        "pressed_late": "so the request",
        "empty": "No new requests",
        "line": "waiting list, place 1",
        "withdrawn": "withdrawn",
        "leave": "Leave the waiting list #1",
    },
}


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_the_last_seat_moves_the_other_families_to_the_waiting_list(
    lang: str,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    t = TEXTS[lang]
    w = await make.world(session, municipality, capacity=1)
    await make.child(session, OTHER, municipality)
    for user_id in (PARENT, OTHER, PROVIDER):
        (await make.user(session, user_id)).locale = lang
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        await h.press(PARENT, EnCb(action="rf", id=w.group.id).pack(), language_code=lang)
        await h.press(OTHER, EnCb(action="rf", id=w.group.id).pack(), language_code=lang)
        [listing] = await h.send(PROVIDER, t["requests"], language_code=lang)
        done = await h.press(PROVIDER, listing.data_for(t["confirm"]), language_code=lang)
        assert t["moved"] in (done[0].text or "")
        # The second «Подтвердить» in the same old list: the request is on the waiting list now.
        late = await h.press(PROVIDER, listing.data_for(t["confirm2"]), language_code=lang)
        assert t["pressed_late"] in (late[0].text or "")
        assert "только что" not in (late[0].text or "")
        [empty] = await h.send(PROVIDER, t["requests"], language_code=lang)
        assert t["empty"] in (empty.text or "")
        [mine] = await h.send(OTHER, t["mine"], language_code=lang)
        assert t["line"] in (mine.text or "") and t["withdrawn"] not in (mine.text or "")
        assert mine.data_for(t["leave"])
    async with sessionmaker() as s:
        notes = await make.outbox_for(s, OTHER)
        moved = await s.scalar(select(Enrollment).where(Enrollment.parent_id == OTHER))
    assert [n.payload["text_key"] for n in notes] == ["enroll-note-waitlisted"]
    assert moved is not None and moved.reason == "no_seat"
