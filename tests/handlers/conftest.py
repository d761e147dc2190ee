"""Fixtures of the handler tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.services.clock import FrozenClock
from tests.handlers.harness import Harness


@pytest.fixture
async def h(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> AsyncIterator[Harness]:
    """The production dispatcher on the test database and clock, with Telegram mocked."""
    async with Harness(settings, sessionmaker, clock) as harness:
        yield harness
