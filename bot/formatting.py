"""Money and dates as people read them, per language. Money is integer kopecks everywhere else."""

from __future__ import annotations

import html
from datetime import date, datetime
from zoneinfo import ZoneInfo

# How much of a person's text a screen shows: a button label, a name or title in a list line, a long
# field (a description, a note) on a card. Cards stay within Telegram's 4,096 characters and each value
# within Fluent's 2,500 per placeable, whatever was typed or imported.
LABEL = 48
LINE = 120
CARD = 1500
TEXT = 4096  # Telegram's limit of a message's text


def rub(kopecks: int, locale: str = "ru") -> str:
    sign = "−" if kopecks < 0 else ""
    rubles, kop = divmod(abs(kopecks), 100)
    if locale == "en":
        whole = f"{rubles:,}"
        return f"{sign}₽{whole}.{kop:02d}" if kop else f"{sign}₽{whole}"
    whole = f"{rubles:,}".replace(",", "\u00a0")
    return f"{sign}{whole},{kop:02d}\u00a0₽" if kop else f"{sign}{whole}\u00a0₽"


def km(distance: float, locale: str = "ru") -> str:
    """A distance in kilometres with one decimal, in the locale's notation: «3,2» / «3.2»."""
    text = f"{distance:.1f}"
    return text if locale == "en" else text.replace(".", ",")


def day(value: date, locale: str = "ru") -> str:
    return value.strftime("%d.%m.%Y") if locale != "en" else value.strftime("%d %b %Y")


def moment(value: datetime, tz: ZoneInfo, locale: str = "ru") -> str:
    local = value.astimezone(tz)
    return local.strftime("%d.%m.%Y %H:%M") if locale != "en" else local.strftime("%d %b %Y, %H:%M")


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut on a word boundary with «…», and an «» quote the cut
    leaves open is closed, so «Центр детского творчества» never shows as «Центр детского творчес."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 2, 1)]  # room for «…» and a closing »
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= limit // 2:
        cut = cut[:space]
    cut = cut.rstrip(' \n,.;:—-–(«"…')
    closing = "»" if cut.count("«") > cut.count("»") else ""
    return f"{cut}…{closing}"


def escaped(text: str, limit: int) -> str:
    """`text` shortened and escaped for an HTML message, at most `limit` characters once escaped (an
    «&» grows to five)."""
    shown = shorten(text, limit)
    while len(html.escape(shown)) > limit:
        shown = shorten(shown, max(len(shown) * limit // len(html.escape(shown)), 1))
    return html.escape(shown)


def fitting(lines: list[str], budget: int) -> int:
    """How many of `lines`, from the first, fit in `budget` characters joined by newlines."""
    used = -1
    for count, line in enumerate(lines):
        used += len(line) + 1
        if used > budget:
            return count
    return len(lines)
