"""Over real HTTP long polling: a parent searches, opens a card and applies; the provider is notified
and confirms; the parent is notified of the enrollment."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.clock import FrozenClock
from db.models import Municipality
from tests import factories as make
from tests.e2e.fake_bot_api import FakeBotAPI
from tests.e2e.journey_helpers import assert_clean


async def test_search_request_confirm_notify(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI, running_app, session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    await make.world(session, municipality, parent_id=7101, provider_user=7201)
    await running_app(clock=clock)
    parent, provider = fake_api.user(7101), fake_api.user(7201)

    await parent.send("🔎 Найти кружок")
    await parent.wait_reply("Подходящих программ")
    await parent.send("шахматы")
    await parent.wait_reply("Найдено программ: 1")
    await parent.press("1. Шахматы для начинающих")
    card = await parent.wait_reply("Бесплатно по сертификату учёта")
    assert "свободных мест: 10 из 10" in card.text
    await parent.press("Подать заявку")
    await parent.wait_reply("Подать заявку?")
    await parent.press("Да, подать заявку")
    await parent.wait_reply("отправлена организации")

    await provider.wait_reply("Новая заявка на зачисление")
    await provider.press("Подтвердить")
    await provider.wait_reply("Зачисление подтверждено")
    await parent.wait_reply("программа «Шахматы для начинающих»")
    await assert_clean(fake_api)  # waits for the answers: a press is answered after its reply
