"""Registers and reports as XLSX workbooks. Queries return `Table`s of plain values with column code
names; `to_xlsx` (blocking: run it in a thread) turns them into a file, its labels translated by the
caller. Money is written in rubles as exact Decimals, times in the configured time zone."""

from __future__ import annotations

import io
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.desk import reports
from bot.services.money import ledger
from db.models import (
    Certificate,
    Enrollment,
    Event,
    Group,
    LedgerEntry,
    Municipality,
    Program,
    Provider,
)


@dataclass
class Table:
    name: str  # code name of the sheet, translated by the caller
    columns: list[str]  # code names of the columns
    rows: list[list[Any]] = field(default_factory=list)


def rubles(kopecks: int) -> Decimal:
    return Decimal(kopecks) / 100


def _local(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    """Excel keeps no time zone: write the local wall time."""
    return value.astimezone(tz).replace(tzinfo=None) if value is not None else None


async def certificates(session: AsyncSession, scope: Collection[int], tz: ZoneInfo) -> Table:
    # No children's names, birth dates or SNILS: the file leaves the bot and gets forwarded, and the
    # register's purpose (counting, checking a number, coverage by age) needs none of them. Staff who
    # must see who holds a certificate open it by number in «Найти сертификат», where access is checked.
    rows = await session.execute(
        select(Certificate, Municipality.name_ru)
        .join(Municipality, Municipality.id == Certificate.municipality_id)
        .where(Certificate.municipality_id.in_(scope))
        .order_by(Certificate.number)
    )
    table = Table(
        "certificates", ["number", "kind", "state", "municipality", "issued", "valid_until", "birth_year"]
    )
    for cert, municipality in rows.all():
        table.rows.append(
            [
                cert.number,
                cert.kind.value,
                cert.state.value,
                municipality,
                _local(cert.issued_at, tz),
                cert.valid_until,
                cert.birth_year,
            ]
        )
    return table


async def enrollments(session: AsyncSession, scope: Collection[int], tz: ZoneInfo) -> Table:
    rows = await session.execute(
        select(Enrollment, Program.title, Provider.name, Group.name, Certificate.number)
        .join(Program, Program.id == Enrollment.program_id)
        .join(Provider, Provider.id == Enrollment.provider_id)
        .join(Group, Group.id == Enrollment.group_id)
        .outerjoin(Certificate, Certificate.id == Enrollment.certificate_id)
        .where(Program.municipality_id.in_(scope))
        .order_by(Enrollment.id)
    )
    table = Table(
        "enrollments",
        [
            "id",
            "program",
            "provider",
            "group",
            "certificate",
            "status",
            "created",
            "decided",
            "starts_on",
            "ends_on",
            "certificate_part",
            "family_part",
        ],
    )
    for e, title, provider, group, number in rows.unique().all():
        table.rows.append(
            [
                e.id,
                title,
                provider,
                group,
                number,
                e.status.value,
                _local(e.created_at, tz),
                _local(e.decided_at, tz),
                e.starts_on,
                e.ends_on,
                rubles(e.certificate_part_kopecks),
                rubles(e.family_part_kopecks),
            ]
        )
    return table


async def writeoffs(
    session: AsyncSession, scope: Collection[int], since: date | None = None, until: date | None = None
) -> Table:
    """Money paid from certificates to each provider per month: the write-offs of the ledger, less the
    refunds of disputed months (`entries` counts both)."""
    query = (
        select(
            Provider.name, Provider.inn, LedgerEntry.month, func.count(LedgerEntry.id), func.sum(ledger.PAID)
        )
        .join(Provider, Provider.id == LedgerEntry.provider_id)
        .where(LedgerEntry.kind.in_(ledger.PAID_KINDS), Provider.municipality_id.in_(scope))
        .group_by(Provider.name, Provider.inn, LedgerEntry.month)
        .order_by(Provider.name, LedgerEntry.month)
    )
    if since is not None:
        query = query.where(LedgerEntry.month >= since)
    if until is not None:
        query = query.where(LedgerEntry.month <= until)
    table = Table("writeoffs", ["provider", "inn", "month", "entries", "amount"])
    for name, inn, month, n, amount in (await session.execute(query)).all():
        table.rows.append([name, inn, month.strftime("%Y-%m") if month else "", int(n), rubles(int(amount))])
    return table


async def events(session: AsyncSession, scope: Collection[int], tz: ZoneInfo) -> Table:
    rows = await session.scalars(
        select(Event).where(Event.municipality_id.in_(scope)).order_by(Event.starts_at, Event.id)
    )
    table = Table(
        "events", ["id", "title", "starts_at", "place", "age_min", "age_max", "direction", "state", "link"]
    )
    for event in rows:
        table.rows.append(
            [
                event.id,
                event.title,
                _local(event.starts_at, tz),
                event.place,
                event.age_min,
                event.age_max,
                event.direction.value if event.direction else "",
                event.state.value,
                event.link or "",
            ]
        )
    return table


async def yearly(session: AsyncSession, scope: Collection[int], today: date, tz: ZoneInfo) -> list[Table]:
    """The founder's report for the current period: coverage, enrollments, requests, decisions, demand,
    seats, children who moved up a level and money, one sheet each."""
    window = await reports.this_year(session, scope, today, tz)
    assert window.since is not None
    coverage = Table("coverage", ["municipality", "active", "population", "share"])
    for c in await reports.coverage(session, scope, today):
        coverage.rows.append([c.name_ru, c.active, c.population, c.share])
    directions = Table("directions", ["direction", "count"])
    for direction, n in (await reports.enrollments_by_direction(session, scope, window)).items():
        directions.rows.append([direction.value, n])
    statuses = Table("statuses", ["status", "count"])
    for status, n in (await reports.requests_by_status(session, scope, window)).items():
        statuses.rows.append([status.value, n])
    decisions = Table("decisions", ["provider", "decided", "average_hours"])
    for d in await reports.decision_times(session, scope, window):
        hours = (Decimal(d.average.total_seconds()) / 3600).quantize(reports.CENT)
        decisions.rows.append([d.provider_name, d.decided, hours])
    wanted = Table("wanted", ["program", "provider", "pending", "waiting", "seats"])
    for w in await reports.wanted_without_seats(session, scope, limit=100):
        wanted.rows.append([w.title, w.provider_name, w.pending, w.waiting, w.seats])
    filled = Table("filled", ["program", "provider", "taken", "capacity", "share"])
    for f in await reports.seats_filled(session, scope):
        filled.rows.append([f.title, f.provider_name, f.taken, f.capacity, f.share])
    moved = await reports.moved_up(session, scope, window)
    moved_up = Table("moved_up", ["direction", "count"], [["all", moved.children]])
    moved_up.rows += [[direction.value, n] for direction, n in moved.by_direction.items()]
    money = await writeoffs(session, scope, since=window.since.date())
    return [coverage, directions, statuses, decisions, wanted, filled, moved_up, money]


def to_xlsx(tables: list[Table], label: Callable[[str], str], sheet_title: Callable[[str], str]) -> bytes:
    # openpyxl (and the numpy it pulls in) is loaded on the first export, not at the bot's start
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.name)[:31])
        sheet.append([label(c) for c in table.columns])
        for row in table.rows:
            sheet.append(row)
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(label(column)) + 2)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
