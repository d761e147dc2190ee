"""Test data for the staff desk's tests, built directly with the models."""

from __future__ import annotations

import io
import itertools
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.desk import imports
from bot.services.rules import inn_with_check_digits
from db.models import (
    Direction,
    Group,
    Level,
    ModerationStatus,
    Municipality,
    Program,
    Provider,
    ProviderKind,
    ProviderMembership,
    Register,
    User,
)
from tests import dates

_serial = itertools.count(100_000)


def inn10(body: str | None = None) -> str:
    """A valid organisation INN from nine digits (a fresh one when none given)."""
    body = body or f"77{next(_serial):07d}"
    return inn_with_check_digits(body)


async def municipality(session: AsyncSession, name: str = "Соседний округ") -> Municipality:
    m = Municipality(name_ru=name, name_en=f"{name} (en)")
    session.add(m)
    await session.flush()
    return m


async def provider(
    session: AsyncSession,
    municipality_id: int,
    *,
    name: str = "ДДТ «Радуга»",
    employees: tuple[int, ...] = (),
) -> Provider:
    p = Provider(name=name, inn=inn10(), kind=ProviderKind.MUNICIPAL, municipality_id=municipality_id)
    session.add(p)
    await session.flush()
    for user_id in employees:
        if await session.get(User, user_id) is None:
            session.add(User(id=user_id))
            await session.flush()
        session.add(ProviderMembership(user_id=user_id, provider_id=p.id))
    await session.flush()
    return p


async def program(
    session: AsyncSession,
    owner: Provider,
    *,
    moderation: ModerationStatus = ModerationStatus.PENDING,
    **kw: Any,
) -> Program:
    values: dict[str, Any] = {
        "title": "Робототехника",
        "direction": Direction.TECHNICAL,
        "level": Level.BASIC,
        "age_min": 8,
        "age_max": 12,
        "register": Register.CERTIFIED,
        "max_students": 24,
        "price_kopecks": 150_000,
        **kw,
    }
    p = Program(provider_id=owner.id, municipality_id=owner.municipality_id, moderation=moderation, **values)
    session.add(p)
    await session.flush()
    return p


async def group(
    session: AsyncSession,
    of: Program,
    *,
    capacity: int = 10,
    taken: int = 0,
    name: str = "Группа 1",
    schedule: list[dict[str, Any]] | None = None,
) -> Group:
    g = Group(
        program_id=of.id,
        name=name,
        schedule=schedule or [],
        starts_on=dates.d(2026, 9, 1),
        ends_on=dates.d(2027, 5, 31),
        capacity=capacity,
        seats_taken=taken,
    )
    session.add(g)
    await session.flush()
    return g


def at(day: int, hour: int = 9) -> datetime:
    """A moment in November of the test calendar (tests/dates.py)."""
    return dates.at(2026, 11, day, hour)


# ---- import files ----

PROGRAM_HEADER = [c.header_ru for c in imports.SHEETS["programs"]]
GROUP_HEADER = [c.header_ru for c in imports.SHEETS["groups"]]


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def program_row(inn: str, code: str = "ROBO-1", **changes: Any) -> list[Any]:
    values = {
        "provider_inn": inn,
        "code": code,
        "title": "Робототехника",
        "description": "",
        "address": "ул. Мира, 5",
        "direction": "техническая",
        "level": "basic",
        "age_min": 8,
        "age_max": 12,
        "register": "сертифицированные",
        "duration_months": 9,
        "hours_per_week": 2,
        "price_rub": "1 500,50",
        "normative_cost_rub": 1500,
        "max_students": 24,
        "needs_medical_certificate": "нет",
        **changes,
    }
    return [values[c.name] for c in imports.SHEETS["programs"]]


def group_row(inn: str, code: str = "ROBO-1", **changes: Any) -> list[Any]:
    values = {
        "provider_inn": inn,
        "program_code": code,
        "name": "Группа 1",
        "schedule": "Пн 16:00-17:30; ср 9:00-10:00",
        "starts_on": f"01.09.{dates.year(2026)}",
        "ends_on": f"{dates.year(2027)}-05-31",
        "capacity": 12,
        "teacher": "",
        **changes,
    }
    return [values[c.name] for c in imports.SHEETS["groups"]]
