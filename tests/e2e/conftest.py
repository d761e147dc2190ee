"""End-to-end: the real application (App: migrations, dispatcher, outbox sender, scheduler) does real
long polling over HTTP against a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

import pytest

from bot.app import App
from bot.config import Settings
from bot.services.clock import Clock, ShiftedClock
from tests.conftest import TEST_TOKEN
from tests.e2e.fake_bot_api import FakeBotAPI


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(bot_id=int(TEST_TOKEN.split(":")[0])) as fake:
        yield fake


@pytest.fixture
def e2e_settings(settings: Settings, fake_api: FakeBotAPI) -> Settings:
    return settings.model_copy(update={"bot_api_base_url": fake_api.base_url})


class RunningApp:
    """Start, stop and restart the real application; `app` is the current instance."""

    def __init__(self, settings: Settings, fake: FakeBotAPI, clock: Clock) -> None:
        self.settings = settings
        self.fake = fake
        self.clock = clock
        self.app: App | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> App:
        app = App(self.settings, clock=self.clock)
        polls_before = len(self.fake.calls_of("getUpdates"))
        self._task = asyncio.create_task(app.run(handle_signals=False))
        self.app = app
        for _ in range(200):  # until the first long poll reaches the server
            if self._task.done():
                self._task.result()
            if len(self.fake.calls_of("getUpdates")) > polls_before:
                return app
            await asyncio.sleep(0.05)
        raise AssertionError("the bot did not start polling")

    async def stop(self) -> None:
        if self.app is None or self._task is None:
            return
        await self.app.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self._task, timeout=15)
        self.app, self._task = None, None

    async def kill(self) -> None:
        """A crash: the task is cancelled wherever it is, nothing is shut down politely."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        self.app, self._task = None, None

    async def restart(self) -> App:
        await self.stop()
        return await self.start()


@pytest.fixture
async def running_app(
    e2e_settings: Settings, fake_api: FakeBotAPI, now: datetime
) -> AsyncIterator[Callable[..., Any]]:
    """`app = await running_app()` starts the bot; it is stopped after the test. Its clock runs from the
    test clock's start unless a test gives its own."""
    runners: list[RunningApp] = []

    async def start(clock: Clock | None = None, settings: Settings | None = None) -> RunningApp:
        runner = RunningApp(settings or e2e_settings, fake_api, clock or ShiftedClock(now))
        await runner.start()
        runners.append(runner)
        return runner

    yield start
    for runner in runners:
        await runner.stop()
