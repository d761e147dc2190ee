"""The shared parsers and limits (bot/services/rules.py): the edges people actually type."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services import rules
from bot.services.comms import broadcasts, events
from bot.services.desk import moderation, providers
from bot.services.errors import DomainError
from bot.services.family import certificates
from db.models import ProviderKind
from tests.dates import at, d, year

NOW = at(2026, 11, 23, 9)

NOT_ASCII_DIGITS = ["²", "①", "٣", "３", "١٢", "7²"]


@pytest.mark.parametrize(("text", "value"), [("7", 7), (" 12 ", 12), ("1 000", 1000), ("1\u00a0000", 1000)])
def test_whole_number_accepts_ascii_digits_with_spaces(text: str, value: int) -> None:
    assert rules.whole_number(text, 0, 10_000) == value


@pytest.mark.parametrize(
    "text", [*NOT_ASCII_DIGITS, "-5", "+5", "5.0", "1e3", "", "\u200b", "9" * 5000, "10001", "ㅤ"]
)
def test_whole_number_refuses_with_the_range(text: str) -> None:
    with pytest.raises(DomainError) as refused:
        rules.whole_number(text, 1, 10_000, key="provider-bad-number")
    assert (refused.value.key, refused.value.args_) == ("provider-bad-number", {"min": 1, "max": 10_000})


def test_invisible_characters_inside_a_number_are_dropped() -> None:
    assert rules.to_whole("1\u200b2") == 12


@pytest.mark.parametrize(
    ("text", "kopecks"),
    [
        ("1500", 150_000),
        ("1 500", 150_000),
        ("1500,50", 150_050),
        ("1500.5 ₽", 150_050),
        ("2500 руб.", 250_000),
        ("0", 0),
        ("10000000", 1_000_000_000),
        ("1500.", 150_000),
    ],
)
def test_money_reads_rubles_into_kopecks(text: str, kopecks: int) -> None:
    assert rules.money(text) == kopecks


@pytest.mark.parametrize(
    "text",
    [
        "inf",
        "-inf",
        "nan",
        "NaN",
        "1e999",
        "1e20",
        "1E3",
        "-5",
        "10,005",
        "10000001",
        "9" * 40,
        "²",
        "①00",
        "",
    ],
)
def test_money_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(DomainError) as refused:
        rules.money(text)
    assert refused.value.key == "rules-bad-money" and refused.value.args_["max"] == rules.MAX_RUBLES


@pytest.mark.parametrize(
    "text", ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", "ㅤㅤㅤ", "\u115f\u1160", ".", "...", " - ", "\u00ad"]
)
def test_meaningless_text_is_refused(text: str) -> None:
    assert not rules.is_meaningful(text)
    with pytest.raises(DomainError):
        rules.meaningful_text(text, 1, 200)


def test_meaningful_text_is_cleaned_and_measured_without_invisible_characters() -> None:
    assert rules.meaningful_text("  Шахматы\u200b  для\u3164 всех ", 3, 200) == "Шахматы для всех"
    assert rules.meaningful_text("строка 1\n  строка 2", 3, 200) == "строка 1\nстрока 2"
    with pytest.raises(DomainError) as refused:
        rules.meaningful_text("ab\u200b\u200b\u200b", 3, 200, key="provider-bad-title")
    assert (refused.value.key, refused.value.args_) == ("provider-bad-title", {"min": 3, "max": 200})
    with pytest.raises(DomainError):
        rules.meaningful_text("x" * 201, 3, 200)


@pytest.mark.parametrize(
    ("text", "ages"), [("7-12", (7, 12)), ("7 – 12 лет", (7, 12)), ("10", (10, 10)), ("5—18", (5, 18))]
)
def test_age_range(text: str, ages: tuple[int, int]) -> None:
    assert rules.age_range(text) == ages


@pytest.mark.parametrize(
    "text", ["-5", "5--7", "12-7", "4-10", "5-19", "²", "7-①", "٣-٩", "1-2-3", "", "999999"]
)
def test_age_range_refuses_and_says_the_range(text: str) -> None:
    with pytest.raises(DomainError) as refused:
        rules.age_range(text)
    assert refused.value.args_ == {"min": rules.AGE_MIN, "max": rules.AGE_MAX}


def test_group_dates_in_a_realistic_window(today: date) -> None:
    start, end = d(2026, 9, 1), d(2027, 5, 31)
    assert rules.date_range(f"{start:%d.%m.%Y} - {end:%d.%m.%Y}", today) == (start, end)
    for text in (
        f"01.01.1900 - {end:%d.%m.%Y}",
        f"{start:%d.%m.%Y} - 31.12.9999",
        f"01.09.{today.year + 50} - 31.05.{today.year + 51}",
    ):
        with pytest.raises(DomainError) as refused:
            rules.date_range(text, today)
        assert refused.value.key == "rules-dates-out-of-window"
    for text in (
        f"{end:%d.%m.%Y} - {start:%d.%m.%Y}",
        f"31.02.{year(2026)} - {end:%d.%m.%Y}",
        "завтра",
        "٠١.٠٩.٢٠٢٦ - 31.05.2027",
    ):
        with pytest.raises(DomainError) as refused:
            rules.date_range(text, today)
        assert refused.value.key == "rules-bad-dates"


def test_schedule_is_parsed_once_with_a_length_limit() -> None:
    assert rules.schedule("Ср 9:00-10:00; понедельник 16.00–17.30") == [
        {"day": 0, "start": "16:00", "end": "17:30"},
        {"day": 2, "start": "09:00", "end": "10:00"},
    ]
    with pytest.raises(DomainError) as refused:
        rules.schedule("пн 16:00-17:30, " * 30)
    assert refused.value.key == "rules-schedule-too-long"
    for text in ("каждый день", "пн 18:00-17:00", "пн 25:00-26:00", "пн ²6:00-17:00", "", "\u200b"):
        with pytest.raises(DomainError) as refused:
            rules.schedule(text)
        assert refused.value.key == "rules-bad-schedule"


def test_one_inn_check() -> None:
    assert rules.is_valid_inn("7707083893") and rules.is_valid_inn("500100732259")
    assert rules.is_valid_inn(rules.inn_with_check_digits("123456789"))
    assert rules.is_valid_inn(rules.inn_with_check_digits("1234567890"))
    assert not rules.is_valid_inn("7707083894")
    assert not rules.is_valid_inn("７７０７０８３８９３")  # full-width digits
    assert rules.clean_inn(" 7707 083\u200b893 ") == "7707083893"
    assert rules.inn_fits_kind("500100732259", ProviderKind.INDIVIDUAL)


def test_29_february() -> None:
    leap = date(2016, 2, 29)
    assert rules.age_on(leap, date(2034, 2, 28)) == 17
    assert rules.age_on(leap, date(2034, 3, 1)) == 18
    assert rules.birthday(leap, 18) == date(2034, 3, 1)
    assert rules.born_by(date(2028, 2, 29), 18) == date(2010, 2, 28)


@settings(max_examples=200, deadline=None)
@given(
    birth=st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    days=st.integers(0, 30 * 366),
    years=st.integers(0, 25),
)
def test_age_on_born_by_and_birthday_agree(birth: date, days: int, years: int) -> None:
    """One 29-February rule: a child is `years` old on `today` exactly when born by born_by(today, years),
    and from birthday(birth, years) on."""
    today = birth + timedelta(days=days)
    old_enough = rules.age_on(birth, today) >= years
    assert old_enough == (birth <= rules.born_by(today, years))
    assert old_enough == (today >= rules.birthday(birth, years))


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=60))
def test_parsers_answer_any_text_with_a_value_or_a_refusal(text: str) -> None:
    for parse in (
        lambda t: rules.whole_number(t, 0, 10**6),
        rules.money,
        lambda t: rules.meaningful_text(t, 1, 50),
        rules.age_range,
        lambda t: rules.date_range(t, date(2026, 11, 30)),
        rules.schedule,
    ):
        with contextlib.suppress(DomainError):  # anything else (ValueError, OverflowError) fails the test
            parse(text)


def nominal(text: str) -> int:
    return certificates.parse_period_value("nominal", text)


@pytest.mark.parametrize(
    ("parse", "text", "key"),
    [
        (moderation.parse_max_students, "²", "desk-moderation-max-bad"),
        (moderation.parse_max_students, "201", "desk-moderation-max-bad"),
        (moderation.check_note, "\u200b\u200b\u200b\u200b", "desk-moderation-note-bad"),
        (lambda t: certificates.parse_period_value("quota", t), "①", "certificates-error-count"),
        (lambda t: certificates.parse_period_value("population", t), "٣٠٠", "certificates-error-count"),
        (nominal, "inf", "certificates-error-nominal"),
        (nominal, "1e999", "certificates-error-nominal"),
        (nominal, "200000000", "certificates-error-too-large"),
        (certificates.state_reason, "ㅤ", "certificates-error-reason-needed"),
        (lambda t: broadcasts.check_text(t, has_photo=False), "\u200b", "broadcasts-text-empty"),
        (lambda t: events.parse_text("title", t), "\u3164\u200b", "events-text-empty"),
        (
            lambda t: events.parse_change("ages", t, ZoneInfo("Europe/Moscow"), NOW),
            "-5",
            "broadcasts-age-invalid",
        ),
        (providers.check_name, ".", "desk-provider-name-bad"),
    ],
)
def test_the_services_refuse_edges_with_their_own_message(
    parse: Callable[[str], object], text: str, key: str
) -> None:
    with pytest.raises(DomainError) as refused:
        parse(text)
    assert refused.value.key == key
