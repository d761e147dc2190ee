"""A child of 14+ who linked his own Telegram account gets his own menu, in Russian and English: his
certificate and its status, his enrollments and waiting-list places, the catalogue and events for his
age; no parent onboarding or consent, no siblings' data, and no requests in the family's name."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.catalog import EnCb
from bot.keyboards.money import MoneyCb
from bot.services.clock import FrozenClock
from db.models import Certificate, Child, Municipality, WaitlistEntry
from tests import factories as make
from tests.dates import d
from tests.handlers.harness import Harness

PARENT, TEEN = 5001, 777_010

TEXTS = {
    "ru": {
        "welcome": "Это ваш аккаунт",
        "certificate": "💳 Мой сертификат",
        "requests": "📋 Мои заявки",
        "find": "🔎 Найти кружок",
        "children": "👶 Мои дети",
        "waiting": "лист ожидания",
        "ask_parent": "Заявку на зачисление подаёт родитель",
        "not_allowed": "Это действие вам недоступно.",
        "back": "С возвращением",
        "settings": "⚙️ Настройки",
    },
    "en": {
        "welcome": "This is your own account",
        "certificate": "💳 My certificate",
        "requests": "📋 My requests",
        "find": "🔎 Find a club",
        "children": "👶 My children",
        "waiting": "waiting list",
        "ask_parent": "Enrollment requests are made by your parent",
        "not_allowed": "not available",
        "back": "Welcome back",
        "settings": "⚙️ Settings",
    },
}


async def _certificate(session: AsyncSession, child: Child) -> Certificate:
    cert = await session.scalar(select(Certificate).where(Certificate.child_id == child.id))
    assert cert is not None
    return cert


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_linked_teen_gets_his_own_menu_and_only_his_own_data(
    lang: str,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    t = TEXTS[lang]
    w = await make.world(session, municipality)  # w.child: the younger sibling
    teen = await make.child(session, PARENT, municipality, birth=d(2012, 5, 1))
    teen.own_user_id = TEEN
    session.add(WaitlistEntry(child_id=teen.id, parent_id=PARENT, group_id=w.group.id))
    (await make.user(session, PARENT)).locale = lang
    mine, sibling = await _certificate(session, teen), await _certificate(session, w.child)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        await h.press(PARENT, EnCb(action="rf", id=w.group.id, arg=w.child.id).pack(), language_code=lang)
        start = await h.send(TEEN, "/start", language_code=lang)
        assert len(start) == 1, "no consent offer: the consent is the parent's"
        assert t["welcome"] in (start[0].text or "")
        menu = start[0].reply_buttons
        assert t["certificate"] in menu and t["children"] not in menu
        [cert] = await h.send(TEEN, t["certificate"], language_code=lang)
        assert mine.number in (cert.text or "") and sibling.number not in (cert.text or "")
        [requests] = await h.send(TEEN, t["requests"], language_code=lang)
        assert teen.first_name in (requests.text or "") and t["waiting"] in (requests.text or "")
        assert w.child.first_name not in (requests.text or "")  # the sibling's request is the family's
        assert requests.buttons == []
        forged = await h.press(TEEN, MoneyCb(action="view", id=sibling.id).pack(), language_code=lang)
        assert t["not_allowed"] in h.alerts(forged)[0]
        [panel] = await h.send(TEEN, t["find"], language_code=lang)
        assert any("14" in text for text, _ in panel.buttons)  # the search starts from his age
        ask = await h.press(TEEN, EnCb(action="rq", id=w.group.id).pack(), language_code=lang)
        assert t["ask_parent"] in (ask[0].text or "")
        [settings_] = await h.send(TEEN, t["settings"], language_code=lang)
        consent = [data for _, data in settings_.buttons if (data or "").startswith("cc:")]
        assert settings_.buttons and consent == []  # the consent is the parent's
        # «👶 Мои дети» typed by hand: not the parent's consent screen, but where his things are
        [typed] = await h.send(TEEN, t["children"], language_code=lang)
        assert t["certificate"] in (typed.text or "") and t["certificate"] in typed.reply_buttons
        back = await h.send(PARENT, "/start", language_code=lang)
        assert t["back"] in (back[0].text or "") and t["children"] in back[0].reply_buttons
