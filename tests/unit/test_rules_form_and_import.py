"""One rule per field: the provider's form and the file import accept and refuse the same values
(both call rules.py with the same limits)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.handlers.provider.forms import parse_group_field, parse_program_field
from bot.services.desk import imports
from bot.services.errors import DomainError
from db.models import Municipality, Role
from tests import factories as make
from tests.dates import year
from tests.factories import group_row, program_row

Y = year(2026)
START, END = f"01.09.{Y}", f"31.05.{Y + 1}"
PAIR = tuple[str, str]

# (field, value, accepted): a field of the program or group form; a value as typed or written in a cell.
CASES: list[tuple[str, Any, bool]] = [
    ("title", "Робототехника", True),
    ("title", "x" * 200, True),
    ("title", "x" * 201, False),
    ("title", "ab", False),
    ("title", "ab\u200b\u200b\u200b", False),
    ("title", "ㅤㅤㅤ", False),
    ("title", "...", False),
    ("description", "Пишем игры на Scratch.", True),
    ("description", "x" * 2000, True),
    ("description", "x" * 3900, False),
    ("description", "\u200b" * 20, False),
    ("address", "ул. Мира, 5", True),
    ("address", "ㅤ" * 10, False),
    ("duration_months", "9", True),
    ("duration_months", "48", True),
    ("duration_months", "49", False),
    ("duration_months", "120", False),
    ("duration_months", "0", False),
    ("duration_months", "²", False),
    ("duration_months", "①", False),
    ("duration_months", "٣", False),
    ("duration_months", "-5", False),
    ("duration_months", "1e1", False),
    ("hours_per_week", "20", True),
    ("hours_per_week", "21", False),
    ("hours_per_week", "40", False),
    ("max_students", "200", True),
    ("max_students", "201", False),
    ("max_students", "10000", False),
    ("max_students", "9" * 400, False),
    ("price", "1 500,50", True),
    ("price", "1500.5 ₽", True),
    ("price", "10000000", True),
    ("price", "10000001", False),
    ("price", "inf", False),
    ("price", "1e999", False),
    ("price", "1e20", False),
    ("price", "nan", False),
    ("price", "-5", False),
    ("price", "10,005", False),
    ("ages", ("7", "12"), True),
    ("ages", ("5", "18"), True),
    ("ages", ("4", "12"), False),
    ("ages", ("5", "19"), False),
    ("ages", ("12", "7"), False),
    ("ages", ("-5", "5"), False),
    ("ages", ("²", "7"), False),
    ("name", "Группа 1", True),
    ("name", "ㅤ", False),
    ("name", ".", False),
    ("name", "x" * 201, False),
    ("teacher", "Иванова Е. П.", True),
    ("teacher", "\u200b", False),
    ("capacity", "12", True),
    ("capacity", "200", True),
    ("capacity", "201", False),
    ("capacity", "1000", False),
    ("capacity", "0", False),
    ("capacity", "¹²", False),
    ("schedule", "Пн 16:00-17:30; ср 16.00–17.30", True),
    ("schedule", "понедельник 10:00-11:00", True),
    ("schedule", "каждый день", False),
    ("schedule", "пн 18:00-17:00", False),
    ("schedule", "пн 16:00-17:30, " * 30, False),
    ("dates", (START, END), True),
    ("dates", ("01.01.1900", END), False),
    ("dates", (START, "31.12.9999"), False),
    ("dates", (END, START), False),
    ("dates", (f"31.02.{Y}", END), False),
]
GROUP_FIELDS = {"name", "teacher", "capacity", "schedule", "dates"}


def form_accepts(field: str, value: Any, today: date) -> bool:
    try:
        if field == "ages":
            parse_program_field("ages", "-".join(value))
        elif field == "price":
            parse_program_field("price_kopecks", value)
        elif field == "dates":
            parse_group_field("dates", " - ".join(value), today)
        elif field in GROUP_FIELDS:
            parse_group_field(field, value, today)
        else:
            parse_program_field(field, value)
    except DomainError:
        return False
    return True


def _cells(row: list[Any], sheet: str) -> dict[str, str]:
    return {c.name: str(v) for c, v in zip(imports.SHEETS[sheet], row, strict=True)}


async def import_accepts(
    session: AsyncSession, municipality: Municipality, field: str, value: Any, today: date
) -> bool:
    owner = await make.provider(session, municipality)
    program: dict[str, Any] = {"max_students": 200}
    group: dict[str, Any] = {"starts_on": START, "ends_on": END}
    if field == "ages":
        program |= {"age_min": value[0], "age_max": value[1]}
    elif field == "price":
        program["price_rub"] = value
    elif field == "dates":
        group |= {"starts_on": value[0], "ends_on": value[1]}
    elif field in GROUP_FIELDS:
        group[field] = value
    else:
        program[field] = value
    book: imports.RawBook = {
        "programs": [(2, _cells(program_row(owner.inn, **program), "programs"))],
        "groups": [(2, _cells(group_row(owner.inn, **group), "groups"))],
    }
    importer = imports.Importer(7400, Role.STAFF, municipality_ids=frozenset({municipality.id}))
    plan = await imports.plan(session, book, importer, today)
    return not plan.rejected


@pytest.mark.parametrize(
    ("field", "value", "accepted"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
async def test_the_form_and_the_import_accept_and_refuse_alike(
    session: AsyncSession, municipality: Municipality, today: date, field: str, value: Any, accepted: bool
) -> None:
    assert form_accepts(field, value, today) is accepted
    assert await import_accepts(session, municipality, field, value, today) is accepted


async def test_the_import_keeps_a_group_within_its_programs_maximum(
    session: AsyncSession, municipality: Municipality, today: date
) -> None:
    """As the group form does (provider-capacity-too-big): seats no more than the program's maximum."""
    owner = await make.provider(session, municipality)
    book: imports.RawBook = {
        "programs": [(2, _cells(program_row(owner.inn, max_students=10), "programs"))],
        "groups": [(2, _cells(group_row(owner.inn, capacity=11, starts_on=START, ends_on=END), "groups"))],
    }
    importer = imports.Importer(7400, Role.STAFF, municipality_ids=frozenset({municipality.id}))
    plan = await imports.plan(session, book, importer, today)
    assert [(r.sheet, r.key, r.args) for r in plan.rejected] == [
        ("groups", "import-row-capacity-too-big", {"max": 10})
    ]
