from __future__ import annotations

import pytest

from bot.services.rules import inn_fits_kind, inn_with_check_digits, is_valid_inn
from db.models import ProviderKind


@pytest.mark.parametrize(
    "inn", ["7707083893", "500100732259", "7830002293", inn_with_check_digits("123456789")]
)
def test_valid_inns_pass(inn: str) -> None:
    assert is_valid_inn(inn)


@pytest.mark.parametrize(
    "inn",
    [
        "7707083894",  # last check digit wrong
        "500100732258",  # second check digit wrong
        "500100732269",  # first check digit wrong
        "770708389",  # too short
        "77070838933",  # 11 digits
        "77070838a3",
        "７７０７０８３８９３",  # full-width digits are digits to Python, not to the tax service
        "",
    ],
)
def test_invalid_inns_fail(inn: str) -> None:
    assert not is_valid_inn(inn)


def test_length_must_fit_the_kind() -> None:
    assert inn_fits_kind("500100732259", ProviderKind.INDIVIDUAL)
    assert not inn_fits_kind("7707083893", ProviderKind.INDIVIDUAL)
    assert inn_fits_kind("7707083893", ProviderKind.NONSTATE)
    assert not inn_fits_kind("500100732259", ProviderKind.MUNICIPAL)
