"""The taxpayer number (ИНН) and its check digits, by the algorithm of the Federal Tax Service (ФНС):
10 digits for organisations, 12 for individual entrepreneurs."""

from __future__ import annotations

from db.models import ProviderKind

_W10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_W11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_W12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(inn: str) -> bool:
    if not inn.isascii() or not inn.isdigit():
        return False
    if len(inn) == 10:
        return _check_digit(inn, _W10) == int(inn[9])
    if len(inn) == 12:
        return _check_digit(inn, _W11) == int(inn[10]) and _check_digit(inn, _W12) == int(inn[11])
    return False


def inn_fits_kind(inn: str, kind: ProviderKind) -> bool:
    """An individual entrepreneur has a person's 12-digit number; an organisation a 10-digit one."""
    return len(inn) == (12 if kind is ProviderKind.INDIVIDUAL else 10)


def clean_inn(text: str) -> str:
    return "".join(text.split())
