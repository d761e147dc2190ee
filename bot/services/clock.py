"""Time as a dependency, so deadlines, quiet hours and schedules can be tested with a controlled clock.
This is the only module that reads the system clock (tests/unit/test_clock_reads.py keeps it so)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


class Clock:
    def __init__(self, tz: ZoneInfo | str = "Europe/Moscow") -> None:
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz

    def now(self) -> datetime:
        """Aware UTC now."""
        return datetime.now(UTC)

    def local_now(self) -> datetime:
        return self.now().astimezone(self.tz)

    def today(self) -> date:
        return self.local_now().date()


class ShiftedClock(Clock):
    """The system clock moved to another date: time runs at its normal pace from `at` (tests that need
    time to pass, such as delivery pacing, on any date)."""

    def __init__(self, at: datetime, tz: ZoneInfo | str = "Europe/Moscow") -> None:
        super().__init__(tz)
        if at.tzinfo is None:
            raise ValueError("ShiftedClock needs an aware datetime")
        self._offset = at - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset


class FrozenClock(Clock):
    """A clock for tests: stands still until moved."""

    def __init__(self, at: datetime, tz: ZoneInfo | str = "Europe/Moscow") -> None:
        super().__init__(tz)
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def move(self, delta: timedelta) -> None:
        self._at += delta

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)
