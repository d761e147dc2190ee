"""Pacing maths, quiet hours and the retry policy of the outbox sender, without a network."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.sender import ChatPacer, backoff_seconds, burst_for, limiter_for
from bot.services.outbox import quiet_hours_end

MSK = ZoneInfo("Europe/Moscow")


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [2, 4, 8, 16]
    assert backoff_seconds(20) == 300


@pytest.mark.parametrize(("rate", "burst"), [(1, 1), (25, 2), (30, 3), (300, 30)])
def test_burst_is_a_tenth_of_a_second(rate: float, burst: float) -> None:
    assert burst_for(rate) == burst


def test_worst_second_at_the_default_rate_stays_under_telegram_limit() -> None:
    """A full burst and then a second of steady draining: the most a one-second window can hold."""
    assert 25 + burst_for(25) < 30


async def test_limiter_spaces_sends_evenly() -> None:
    limiter = limiter_for(50)
    loop = asyncio.get_running_loop()
    times = []
    for _ in range(30):
        await limiter.acquire()
        times.append(loop.time())
    # 30 sends at 50/s with a burst of 5: at least (30 - 5) / 50 s
    assert times[-1] - times[0] >= (30 - burst_for(50)) / 50 - 0.02
    window = [t for t in times if t - times[0] < 0.2]
    assert len(window) <= 50 * 0.2 + burst_for(50) + 1


def test_chat_pacer_one_message_a_second_per_chat() -> None:
    pacer = ChatPacer(1.0)
    assert pacer.delay(1, 100.0) == 0
    pacer.sent(1, 100.0)
    assert pacer.delay(1, 100.25) == pytest.approx(0.75)
    assert pacer.delay(2, 100.25) == 0  # another chat is not held up
    assert pacer.delay(1, 101.0) == 0


def test_chat_pacer_forgets_old_chats() -> None:
    pacer = ChatPacer(1.0)
    for chat in range(10_001):
        pacer.sent(chat, 0.0)
    pacer.sent(5, 10.0)
    assert pacer.delay(5, 10.5) == pytest.approx(0.5)
    assert len(pacer._free_at) == 1


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 11, 23, 12, 0), datetime(2026, 11, 23, 12, 0)),  # daytime: at once
        (datetime(2026, 11, 23, 21, 59), datetime(2026, 11, 23, 21, 59)),
        (datetime(2026, 11, 23, 22, 0), datetime(2026, 11, 24, 8, 0)),  # evening: tomorrow morning
        (datetime(2026, 11, 23, 23, 30), datetime(2026, 11, 24, 8, 0)),
        (datetime(2026, 11, 24, 3, 0), datetime(2026, 11, 24, 8, 0)),  # night: this morning
        (datetime(2026, 11, 24, 8, 0), datetime(2026, 11, 24, 8, 0)),
    ],
)
def test_quiet_hours_end(local: datetime, expected: datetime) -> None:
    at = local.replace(tzinfo=MSK).astimezone(UTC)
    assert quiet_hours_end(at, MSK, 22, 8) == expected.replace(tzinfo=MSK).astimezone(UTC)


def test_quiet_hours_within_one_day() -> None:
    at = datetime(2026, 11, 23, 13, 0, tzinfo=MSK)
    assert quiet_hours_end(at, MSK, 13, 15) == datetime(2026, 11, 23, 15, 0, tzinfo=MSK)
