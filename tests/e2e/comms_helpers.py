"""Helpers shared by the delivery, broadcast and event end-to-end tests."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable

from tests.e2e.fake_bot_api import FakeBotAPI


async def until(fake: FakeBotAPI, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait until the bot's sends or edits make `condition` true."""
    async with asyncio.timeout(timeout):
        while not condition():
            await fake.changed.wait()


def per_chat(fake: FakeBotAPI, chats: set[int] | range | None = None) -> Counter[int]:
    """How many messages the bot sent to each chat (of `chats`, if given)."""
    return Counter(m.chat_id for m in fake.sent_messages() if chats is None or m.chat_id in chats)
