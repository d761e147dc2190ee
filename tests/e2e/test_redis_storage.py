"""With REDIS_URL set, forms live in Redis and still survive a restart of the bot. Runs when
TEST_REDIS_URL names a Redis server (CI starts one on loopback); skipped otherwise."""

from __future__ import annotations

import os

import pytest

from bot.config import Settings
from db.models import Municipality
from tests.e2e.fake_bot_api import FakeBotAPI

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")
async def test_a_form_in_redis_survives_a_restart(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI, running_app, e2e_settings: Settings, municipality: Municipality
) -> None:
    from redis.asyncio import Redis

    async with Redis.from_url(REDIS_URL or "") as redis:
        await redis.flushdb()  # no locks or states left from an earlier run
    runner = await running_app(settings=e2e_settings.model_copy(update={"redis_url": REDIS_URL}))
    parent = fake_api.user(7301)
    await parent.send("/start")
    await parent.wait_reply("дайте согласие")
    await parent.press("📄 Согласие на обработку данных")
    await parent.wait_reply("Что мы собираем")
    await parent.press("✅ Согласен")
    await parent.wait_reply("Согласие получено")
    await parent.send("👶 Мои дети")
    await parent.wait_reply("нет добавленных детей")
    await parent.press("➕ Добавить ребёнка")
    await parent.wait_reply("фамилию")
    await parent.send("Иванова")
    await parent.wait_reply("имя")
    await runner.restart()
    await parent.send("Анна")
    await parent.wait_reply("отчество")
    async with Redis.from_url(REDIS_URL or "") as redis:
        assert await redis.keys("fsm:*"), "the form's state is kept in Redis"
