"""Helpers shared by the end-to-end tests: waiting on the state a test checks (the bot's sends, or rows
in the database) rather than on a fixed sleep, and counting what each chat received."""

from __future__ import annotations

import asyncio
import inspect
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from tests.e2e.fake_bot_api import FakeBotAPI


async def until(fake: FakeBotAPI, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait until the bot's sends or edits make `condition` true."""
    async with asyncio.timeout(timeout):
        while not condition():
            await fake.changed.wait()


async def eventually(
    check: Callable[[], Any | Awaitable[Any]],
    *,
    timeout: float = 10.0,  # noqa: ASYNC109
    interval: float = 0.05,
) -> Any:
    """Re-run `check` until it passes; returns what it returned.

    `check` is a plain or an async callable: either a condition (it passes when it returns something
    truthy) or a block of asserts (it passes when it returns None without raising AssertionError).
    Use it to read the database after a reply: the reply may reach the chat before the transaction
    that caused it is visible to another connection. After `timeout` the last AssertionError is
    raised again, so the failure shows the real comparison."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        failure: AssertionError | None = None
        try:
            result = check()
            if inspect.isawaitable(result):
                result = await result
        except AssertionError as error:
            failure, result = error, None
        if failure is None and (result is None or result):
            return result
        if loop.time() >= deadline:
            if failure is not None:
                raise failure
            raise AssertionError(f"still {result!r} after {timeout} s")
        await asyncio.sleep(interval)


def per_chat(fake: FakeBotAPI, chats: set[int] | range | None = None) -> Counter[int]:
    """How many messages the bot sent to each chat (of `chats`, if given)."""
    return Counter(m.chat_id for m in fake.sent_messages() if chats is None or m.chat_id in chats)
