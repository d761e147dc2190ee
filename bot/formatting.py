"""Money and dates as people read them, per language. Money is integer kopecks everywhere else."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def rub(kopecks: int, locale: str = "ru") -> str:
    sign = "−" if kopecks < 0 else ""
    rubles, kop = divmod(abs(kopecks), 100)
    if locale == "en":
        whole = f"{rubles:,}"
        return f"{sign}₽{whole}.{kop:02d}" if kop else f"{sign}₽{whole}"
    whole = f"{rubles:,}".replace(",", "\u00a0")
    return f"{sign}{whole},{kop:02d}\u00a0₽" if kop else f"{sign}{whole}\u00a0₽"


def day(value: date, locale: str = "ru") -> str:
    return value.strftime("%d.%m.%Y") if locale != "en" else value.strftime("%d %b %Y")


def moment(value: datetime, tz: ZoneInfo, locale: str = "ru") -> str:
    local = value.astimezone(tz)
    return local.strftime("%d.%m.%Y %H:%M") if locale != "en" else local.strftime("%d %b %Y, %H:%M")
