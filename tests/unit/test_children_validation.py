"""Every rule of the child's data: names, dates, SNILS (the official checksum)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.services import rules
from bot.services.errors import DomainError
from bot.services.family import children

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("иванова", "Иванова"),
        ("  ПЕТРОВ-водкин ", "Петров-Водкин"),
        ("анна  мария", "Анна Мария"),
        ("o’brien", "O'Brien"),
        ("Smith", "Smith"),
        ("ё", "Ё"),
    ],
)
def test_names_are_normalised(typed: str, saved: str) -> None:
    assert children.parse_name(typed) == saved


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "children-error-name-length"),
        ("   ", "children-error-name-length"),
        ("А" * 51, "children-error-name-length"),
        ("Анна1", "children-error-name-chars"),
        ("<b>Анна</b>", "children-error-name-chars"),
        ("-Анна", "children-error-name-chars"),
        ("Анна--Мария", "children-error-name-chars"),
        ("Анна!", "children-error-name-chars"),
    ],
)
def test_bad_names_say_what_is_expected(typed: str, key: str) -> None:
    with pytest.raises(DomainError) as error:
        children.parse_name(typed)
    assert error.value.key == key


def test_fifty_letters_is_the_limit() -> None:
    assert children.parse_name("а" * 50) == "А" + "а" * 49


@pytest.mark.parametrize("typed", ["05.03.2015", "5.3.2015", "2015-03-05", " 05/03/2015 "])
def test_birth_date_formats(typed: str) -> None:
    assert children.parse_birth_date(typed, TODAY) == date(2015, 3, 5)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("5 марта 2015", "children-error-date-format"),
        ("05.03.15", "children-error-date-format"),
        ("2015", "children-error-date-format"),
        ("31.02.2015", "children-error-date-impossible"),
        ("29.02.2015", "children-error-date-impossible"),
        ("00.01.2015", "children-error-date-impossible"),
        ("24.11.2026", "children-error-date-future"),
        ("01.01.2030", "children-error-date-future"),
        ("23.11.2008", "children-error-date-too-old"),  # 18 today
        ("01.01.1990", "children-error-date-too-old"),
    ],
)
def test_bad_birth_dates(typed: str, key: str) -> None:
    with pytest.raises(DomainError) as error:
        children.parse_birth_date(typed, TODAY)
    assert error.value.key == key


def test_birth_date_boundaries() -> None:
    assert children.parse_birth_date("23.11.2026", TODAY) == TODAY  # born today
    assert children.parse_birth_date("24.11.2008", TODAY) == date(2008, 11, 24)  # 18 tomorrow
    assert children.parse_birth_date("29.02.2016", TODAY) == date(2016, 2, 29)


def test_age_and_birthdays() -> None:
    assert rules.age_on(date(2021, 11, 23), TODAY) == 5
    assert rules.age_on(date(2021, 11, 24), TODAY) == 4
    assert rules.birthday(date(2016, 2, 29), 18) == date(2034, 3, 1)
    assert rules.birthday(date(2015, 3, 5), 18) == date(2033, 3, 5)


@pytest.mark.parametrize("typed", ["112-233-445 95", "11223344595", "112 233 445 95", "112-233-445-95"])
def test_snils_accepted_in_every_spelling(typed: str) -> None:
    assert children.parse_snils(typed) == "11223344595"


def test_snils_checksum_rules() -> None:
    # sum < 100: the sum itself (worked example: 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95)
    assert children.snils_control("112233445") == 95
    # sum 100 or 101 gives 00
    assert _weighted("050234316") == 100 and children.snils_control("050234316") == 0
    assert _weighted("016103396") == 101 and children.snils_control("016103396") == 0
    # sum > 101: the remainder by 101, and a remainder of 100 gives 00
    assert _weighted("368898975") == 302 and children.snils_control("368898975") == 0
    assert _weighted("820981233") == 201 and children.snils_control("820981233") == 0
    assert _weighted("999999991") == 397 and children.snils_control("999999991") == 94
    assert children.parse_snils("050-234-316 00") == "05023431600"


def _weighted(first9: str) -> int:
    return sum(int(d) * (9 - i) for i, d in enumerate(first9))


def test_snils_with_a_wrong_check_number_is_refused() -> None:
    with pytest.raises(DomainError) as error:
        children.parse_snils("112-233-445 96")
    assert error.value.key == "children-error-snils-checksum"


def test_old_snils_numbers_are_not_checked() -> None:
    # Numbers up to 001-001-998 were issued before the check number existed.
    assert children.parse_snils("001-001-998 00") == "00100199800"
    with pytest.raises(DomainError, match=r"^children-error-snils-checksum$"):
        children.parse_snils("001-001-999 00")


@pytest.mark.parametrize("typed", ["1122334459", "112233445955", "112-233-445 9x", "СНИЛС", ""])
def test_snils_format(typed: str) -> None:
    with pytest.raises(DomainError) as error:
        children.parse_snils(typed)
    assert error.value.key == "children-error-snils-format"


def test_snils_is_shown_masked_to_staff() -> None:
    assert children.format_snils("11223344595") == "112-233-445 95"
    assert children.mask_snils("11223344595") == "***-***-*45 95"
