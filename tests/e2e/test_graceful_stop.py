"""SIGTERM during a burst: the updates the bot has taken are finished (within SHUTDOWN_GRACE_SECONDS)
before anything is torn down; none is lost without an answer, none meets a half-closed bot."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_bot_api import Call, FakeBotAPI

PARENTS = range(7401, 7431)


async def test_sigterm_finishes_the_updates_in_flight(fake_api: FakeBotAPI, tmp_path: Path) -> None:
    async with BotProcess(fake_api, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", tmp_path) as bot:
        await bot.start()
        first_reply = asyncio.Event()

        async def slow_telegram(call: Call) -> None:
            if call.method == "sendMessage":
                first_reply.set()
                await asyncio.sleep(0.5)  # Telegram is slow today: replies are in flight at the signal

        fake_api.on_call = slow_telegram
        for user_id in PARENTS:
            await fake_api.user(user_id).send("/start")
        await asyncio.wait_for(first_reply.wait(), timeout=30)
        bot.terminate()
        code = await bot.wait_exit(seconds=60)

    assert code == 0, bot.log[-3000:]
    answered = {m.chat_id for m in fake_api.sent_messages()}
    taken = {u["message"]["from"]["id"] for u in fake_api.delivered_updates()}
    assert taken, "the bot took no update before the signal"
    assert taken <= answered, f"taken but never answered: {sorted(taken - answered)}\n{bot.log[-3000:]}"
    assert "Traceback" not in bot.log and "KeyError" not in bot.log, bot.log[-3000:]
