"""The rules everyone shares: the limits of typed fields and the parsers that enforce them.

The provider's form, the file import, the staff forms and the demo all call these, so a value is
accepted or refused the same way wherever it is entered. A parser returns the clean value or raises
DomainError with an i18n key whose text says what is expected (callers may pass their own key; the
arguments `min`/`max` are always given)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.services.errors import DomainError
from db.models import ProviderKind

# Ages served by the service (the Concept): a certificate from 5, until the 18th birthday.
AGE_MIN, AGE_MAX = 5, 18

# Characters that show nothing or mean nothing: zero-width and format characters, fillers, soft hyphen.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u3164\u115f\u1160\u00ad\u180e\uffa0")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace but a line break


@dataclass(frozen=True)
class Limit:
    low: int
    high: int


# One table for programs and groups: the provider's form and the file import use the same limits.
PROGRAM_LIMITS = {
    "title": Limit(3, 200),
    "description": Limit(10, 2000),
    "address": Limit(5, 300),
    "duration_months": Limit(1, 48),
    "hours_per_week": Limit(1, 20),
    "max_students": Limit(1, 200),
    "ovz_adaptations": Limit(3, 300),  # what is adapted for children with disabilities (ОВЗ)
}
PROVIDER_NAME = Limit(2, 300)
GROUP_LIMITS = {
    "name": Limit(1, 200),
    "teacher": Limit(1, 200),
    "capacity": Limit(1, 200),
    "schedule": Limit(1, 300),
}
SCHEDULE_MAX_SLOTS = 14
MAX_RUBLES = 10_000_000  # a price, a normative cost or a nominal above this is a typo
# Group dates and events: a realistic window around today.
YEARS_BACK, YEARS_AHEAD = 1, 5


# ---- text -------------------------------------------------------------------------------------------


def _shown(c: str) -> bool:
    return c not in INVISIBLE and unicodedata.category(c) != "Cf"


def visible(text: str) -> str:
    """The text without invisible characters, spaces collapsed (line breaks kept), ends stripped."""
    kept = "".join(c for c in text if _shown(c))
    lines = [_SPACES.sub(" ", line).strip() for line in kept.split("\n")]
    return "\n".join(lines).strip()


def is_meaningful(text: str) -> bool:
    """At least one letter or digit once the invisible characters are gone."""
    return any(unicodedata.category(c)[0] in "LN" for c in visible(text))


def meaningful_text(text: str, low: int, high: int, key: str = "rules-bad-text", **args: Any) -> str:
    """Visible text with a letter or digit, `low`..`high` characters long."""
    cleaned = visible(text)
    if not is_meaningful(cleaned) or not low <= len(cleaned) <= high:
        raise DomainError(key, min=low, max=high, **args)
    return cleaned


# ---- numbers ----------------------------------------------------------------------------------------


def _compact(text: str) -> str:
    """Spaces (also non-breaking and thin ones) and invisible characters removed."""
    return "".join(c for c in text if _shown(c) and not c.isspace())


def to_whole(text: str) -> int | None:
    """ASCII digits only ('²', '①', '٣' are not numbers here); None when it is not a whole number."""
    digits = _compact(text)
    if not re.fullmatch(r"[0-9]{1,15}", digits):
        return None
    return int(digits)


def whole_number(text: str, low: int, high: int, key: str = "rules-bad-number", **args: Any) -> int:
    value = to_whole(text)
    if value is None or not low <= value <= high:
        raise DomainError(key, min=low, max=high, **args)
    return value


def percent(text: str, key: str) -> int:
    """'75', '75 %', '75%' -> 75: a whole share from 0 to 100; DomainError(key) otherwise."""
    return whole_number(text.strip().rstrip("%"), 0, 100, key)


def to_kopecks(text: str, maximum: int = MAX_RUBLES) -> int | None:
    """'1500', '1 500,50', '1500.5 ₽', '2500 руб.' -> kopecks, exactly (Decimal); None when it is not an
    amount of rubles from 0 to `maximum` with at most two decimals."""
    cleaned = _compact(text).lower().replace("₽", "")
    cleaned = re.sub(r"(руб(лей|ля|ль)?|р|rub)\.?$", "", cleaned).replace(",", ".")
    if not re.fullmatch(r"[0-9]{1,12}(\.[0-9]{0,2})?", cleaned):
        return None  # also refuses signs, exponents, inf and nan
    try:
        rubles = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        return None
    if rubles > maximum:
        return None
    return int(rubles * 100)


def money(text: str, key: str = "rules-bad-money", maximum: int = MAX_RUBLES, **args: Any) -> int:
    value = to_kopecks(text, maximum)
    if value is None:
        raise DomainError(key, min=0, max=maximum, **args)
    return value


# ---- a place -----------------------------------------------------------------------------------------

# A coordinate as people type it: «55.75», «55,75», «-3.2» (the Unicode minus too).
_DEGREES = r"[-−]?[0-9]{1,3}(?:[.,][0-9]{1,10})?"
_POINT = re.compile(rf"({_DEGREES})\s*[,;\s]\s*({_DEGREES})")


def to_degrees(text: str) -> float | None:
    """«44.46», «44,46», «-3.2» -> degrees; None when it is not one number of degrees."""
    if not re.fullmatch(_DEGREES, text.strip()):
        return None
    return float(text.strip().replace(",", ".").replace("−", "-"))


def point(latitude: float, longitude: float, key: str = "rules-bad-coordinates") -> tuple[float, float]:
    """Latitude and longitude in degrees, in range (rounded to 6 decimals, about 10 cm);
    DomainError(key) otherwise."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # also refuses nan
        raise DomainError(key, min=-90, max=90)
    return round(latitude, 6), round(longitude, 6)


def coordinates(text: str, key: str = "rules-bad-coordinates") -> tuple[float, float]:
    """«55.75, 37.61», «55,75; 37,61» or «55.75 37.61» (latitude first, as maps copy them) ->
    (latitude, longitude); DomainError(key) otherwise."""
    found = _POINT.fullmatch(text.strip())
    if found is None:
        raise DomainError(key, min=-90, max=90)
    latitude, longitude = (to_degrees(n) or 0.0 for n in found.groups())
    return point(latitude, longitude, key)


# ---- ages -------------------------------------------------------------------------------------------


def age_on(birth: date, today: date) -> int:
    """Full years on `today`; one born on 29 February turns a year older on 1 March in other years."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def birthday(birth: date, years: int) -> date:
    """The day the child turns `years`: by the same 29-February rule as age_on, 1 March."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


def born_by(today: date, years: int) -> date:
    """The last birth date of a child who is at least `years` old on `today` (the inverse of age_on)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # today is 29 February: those born on 1 March have not had their birthday
        return today.replace(year=today.year - years, day=28)


def age_range(
    text: str, low: int = AGE_MIN, high: int = AGE_MAX, key: str = "rules-bad-ages", **args: Any
) -> tuple[int, int]:
    """'7-12', '7–12 лет', '7 12' or '10' -> (7, 12) / (10, 10); both within low..high, the first not
    greater. A minus before a number ('-5') is refused, not read as 5."""
    cleaned = visible(text).lower().replace("–", "-").replace("—", "-")
    cleaned = re.sub(r"\s*(лет|года|год|years?|y\.?o\.?)\s*$", "", cleaned)
    match = re.fullmatch(r"([0-9]{1,3})(?:\s*-\s*|\s+)([0-9]{1,3})|([0-9]{1,3})", cleaned)
    if match is None:
        raise DomainError(key, min=low, max=high, **args)
    if match.group(3) is not None:
        first = last = int(match.group(3))
    else:
        first, last = int(match.group(1)), int(match.group(2))
    if not low <= first <= last <= high:
        raise DomainError(key, min=low, max=high, **args)
    return first, last


# ---- dates ------------------------------------------------------------------------------------------


def date_window(today: date) -> tuple[date, date]:
    """Dates people may type for groups and events: from a year back to five years ahead."""
    return date(today.year - YEARS_BACK, 1, 1), date(today.year + YEARS_AHEAD, 12, 31)


def date_parts(text: str) -> tuple[int, int, int] | None:
    """'01.09.2026', '1/9/2026' or '2026-09-01' -> (2026, 9, 1), not yet checked as a calendar day."""
    value = visible(text)
    if match := re.fullmatch(r"([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4})", value):
        d, m, y = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", value):
        y, m, d = (int(g) for g in match.groups())
    else:
        return None
    return y, m, d


def to_date(text: str) -> date | None:
    """A date as date_parts reads it; None when it is not a real day."""
    parts = date_parts(text)
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def in_window(day: date, today: date) -> bool:
    first, last = date_window(today)
    return first <= day <= last


def date_range(text: str, today: date, key: str = "rules-bad-dates") -> tuple[date, date]:
    """'01.09.2026 - 31.05.2027' -> the two dates, in the realistic window, the end not before the start."""
    found = re.findall(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}", visible(text))
    first, last = date_window(today)
    args = {"first": first.year, "last": last.year}
    if len(found) != 2:
        raise DomainError(key, **args)
    start, end = to_date(found[0]), to_date(found[1])
    if start is None or end is None or end < start:
        raise DomainError(key, **args)
    if not (in_window(start, today) and in_window(end, today)):
        raise DomainError("rules-dates-out-of-window", **args)
    return start, end


# ---- schedules --------------------------------------------------------------------------------------

DAYS = {
    **dict.fromkeys(("пн", "пон", "понедельник", "mon", "monday"), 0),
    **dict.fromkeys(("вт", "вто", "вторник", "tue", "tuesday"), 1),
    **dict.fromkeys(("ср", "сре", "среда", "wed", "wednesday"), 2),
    **dict.fromkeys(("чт", "чет", "четверг", "thu", "thursday"), 3),
    **dict.fromkeys(("пт", "пят", "пятница", "fri", "friday"), 4),
    **dict.fromkeys(("сб", "суб", "суббота", "sat", "saturday"), 5),
    **dict.fromkeys(("вс", "вос", "воскресенье", "sun", "sunday"), 6),
}
_SLOT = re.compile(r"^([a-zа-я]+)\.?\s+([0-9]{1,2})[:.]([0-9]{2})\s*[-–—]\s*([0-9]{1,2})[:.]([0-9]{2})$")


def schedule(text: str, key: str = "rules-bad-schedule") -> list[dict[str, Any]]:
    """'пн 16:00-17:30, ср 16:00-17:30' -> [{"day": 0, "start": "16:00", "end": "17:30"}, ...] sorted.
    Refusals carry `value`, the part not understood."""
    limit = GROUP_LIMITS["schedule"]
    cleaned = visible(text)
    if len(cleaned) > limit.high:
        raise DomainError("rules-schedule-too-long", max=limit.high, value=cleaned[:40] + "…")
    slots: list[dict[str, Any]] = []
    for part in re.split(r"[,;\n]+", cleaned.lower().replace("ё", "е")):
        part = part.strip()
        if not part:
            continue
        match = _SLOT.match(part)
        if match is None or match.group(1) not in DAYS:
            raise DomainError(key, value=part)
        h1, m1, h2, m2 = (int(match.group(i)) for i in range(2, 6))
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) >= (h2, m2):
            raise DomainError(key, value=part)
        slots.append(
            {"day": DAYS[match.group(1)], "start": f"{h1:02d}:{m1:02d}", "end": f"{h2:02d}:{m2:02d}"}
        )
    if not slots or len(slots) > SCHEDULE_MAX_SLOTS:
        raise DomainError(key, value=cleaned[:40])
    return sorted(slots, key=lambda s: (s["day"], s["start"]))


def minutes(hhmm: str) -> int:
    """A slot's "HH:MM" (as `schedule` writes it) -> minutes since midnight."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def weekdays_mask(slots: list[dict[str, Any]]) -> int:
    mask = 0
    for slot in slots:
        mask |= 1 << int(slot["day"])
    return mask


# ---- the taxpayer number (ИНН) -----------------------------------------------------------------------
# By the algorithm of the Federal Tax Service (ФНС): 10 digits for organisations, 12 for individual
# entrepreneurs, the last one or two are check digits.

_W10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_W11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_W12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10)


def inn_with_check_digits(stem: str) -> str:
    """9 digits -> a valid 10-digit INN (organisation); 10 digits -> a valid 12-digit one (ИП)."""
    if len(stem) == 9:
        return stem + _check_digit(stem, _W10)
    eleven = stem + _check_digit(stem, _W11)
    return eleven + _check_digit(eleven, _W12)


def is_valid_inn(inn: str) -> bool:
    if not re.fullmatch(r"[0-9]{10}|[0-9]{12}", inn):
        return False
    return inn_with_check_digits(inn[: 9 if len(inn) == 10 else 10]) == inn


def inn_fits_kind(inn: str, kind: ProviderKind) -> bool:
    """An individual entrepreneur has a person's 12-digit number; an organisation a 10-digit one."""
    return len(inn) == (12 if kind is ProviderKind.INDIVIDUAL else 10)


def clean_inn(text: str) -> str:
    return _compact(text)
