"""Dates for test data, placed relative to the test clock so that the suite passes on any date.

Test data is written as if the clock stood in the academic year 2026/27 (`d(2026, 9, 1)`,
`at(2026, 12, 1, 0)`); these helpers move such a date by whole years into the academic year the test
clock starts in, so that months, month ends and ages keep their meaning. Rules that depend on the
weekday get their own placement (`monday_morning`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MSK = ZoneInfo("Europe/Moscow")
WRITTEN_FOR = 2026  # the academic year 2026/27 the literal dates in the tests are written for
_shift_years = 0


def academic_year(day: date) -> tuple[date, date]:
    """The period (1 September to 31 August) that contains `day`."""
    start = date(day.year if day.month >= 9 else day.year - 1, 9, 1)
    return start, date(start.year + 1, 8, 31)


def start_clock_at(now: datetime) -> None:
    """Called once by conftest with the test clock's start."""
    global _shift_years
    _shift_years = academic_year(now.astimezone(MSK).date())[0].year - WRITTEN_FOR


def shifted(day: date) -> date:
    return years_ago(day, -_shift_years)


def d(year: int, month: int, day: int) -> date:
    """A date of the 2026/27 test calendar, moved to the test clock's academic year."""
    return shifted(date(year, month, day))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC moment of the 2026/27 test calendar, moved to the test clock's academic year."""
    return datetime.combine(d(year, month, day), time(hour, minute), tzinfo=UTC)


def years_ago(day: date, years: int) -> date:
    """The same day `years` earlier (28 February where that year has no 29th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def monday_morning(moment: datetime) -> datetime:
    """09:00 UTC (12:00 in Moscow) of the first Monday on or after `moment`'s Moscow date: for the tests
    of working-day rules, which need to know what weekday it is."""
    day = moment.astimezone(MSK).date()
    day += timedelta(days=-day.weekday() % 7)
    return datetime.combine(day, time(9), tzinfo=UTC)


def ru(day: date | datetime) -> str:
    """A date as the bot writes it in Russian: 30.11.2026."""
    if isinstance(day, datetime):
        day = day.astimezone(MSK).date()
    return f"{day:%d.%m.%Y}"
