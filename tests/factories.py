"""The test data, made directly with the models: one world (`world`: the municipality of the
`municipality` fixture with its period, its staff, a provider with an employee, a published program with
a group, a parent who consented, a child with a certificate) and the builders tests extend it with.

INNs are made with the project's own check digits (bot/services/rules.py) and dates are in the test
calendar (tests/dates.py), so everything here passes the checks production applies, on any date."""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.catalogue import search
from bot.services.clock import Clock, FrozenClock
from bot.services.desk import imports
from bot.services.enrollment import requests as enrollment
from bot.services.money import billing, ledger, writeoffs
from bot.services.periods import current_period
from bot.services.rules import inn_with_check_digits
from db.models import (
    Certificate,
    CertificateKind,
    Child,
    Direction,
    Enrollment,
    EnrollmentStatus,
    Group,
    Level,
    ModerationStatus,
    Municipality,
    OutboxMessage,
    Program,
    Provider,
    ProviderKind,
    ProviderMembership,
    Register,
    StaffMembership,
    User,
)
from tests.conftest import ADMIN_ID
from tests.dates import at, d, year, years_ago

_serial = itertools.count(1)


def inn(kind: ProviderKind = ProviderKind.NONSTATE) -> str:
    """A fresh valid INN of the kind's length: 12 digits for an individual entrepreneur, else 10."""
    stem = f"77{next(_serial):0{8 if kind is ProviderKind.INDIVIDUAL else 7}d}"
    return inn_with_check_digits(stem)


# ---- people and places ----


async def municipality(session: AsyncSession, name: str = "Соседний округ") -> Municipality:
    """Another municipality, without a period (the `municipality` fixture is the one with it)."""
    m = Municipality(name_ru=name, name_en=f"{name} (en)")
    session.add(m)
    await session.flush()
    return m


async def user(
    session: AsyncSession, user_id: int | None = None, *, consent: bool = True, locale: str = "ru"
) -> User:
    """A person who consented on 1 September (a new id when none given); an existing one is returned."""
    if user_id is not None and (found := await session.get(User, user_id)) is not None:
        return found
    u = User(
        id=user_id or 500_000 + next(_serial),
        locale=locale,
        consent_at=at(2026, 9, 1) if consent else None,
    )
    session.add(u)
    await session.flush()
    return u


async def child(
    session: AsyncSession,
    parent_id: int,
    municipality: Municipality,
    *,
    birth: date | None = None,
    kind: CertificateKind | None = CertificateKind.ACCOUNTING,
    balance: int = 0,
) -> Child:
    """A child of `parent_id` with a certificate of `kind` (none when None) holding `balance` kopecks."""
    birth = birth or d(2016, 5, 1)
    await user(session, parent_id)
    c = Child(
        parent_id=parent_id,
        last_name="Петров",
        first_name=f"Ваня{next(_serial)}",
        birth_date=birth,
        municipality_id=municipality.id,
    )
    session.add(c)
    await session.flush()
    if kind is not None:
        await _certificate(session, c, municipality, kind, balance)
    return c


async def certificate(
    session: AsyncSession,
    municipality: Municipality,
    parent_id: int,
    *,
    born: date | None = None,
    kind: CertificateKind = CertificateKind.FINANCING,
    credit: bool = True,
) -> Certificate:
    """A child's certificate; a financing one is credited the current period's nominal (`credit`)."""
    c = await child(session, parent_id, municipality, birth=born or d(2015, 3, 10), kind=None)
    nominal = 0
    if credit and kind is CertificateKind.FINANCING:
        period = await current_period(session, municipality.id, d(2026, 11, 1))
        assert period is not None
        nominal = period.nominal_kopecks
    return await _certificate(session, c, municipality, kind, nominal)


async def _certificate(
    session: AsyncSession, c: Child, municipality: Municipality, kind: CertificateKind, balance: int
) -> Certificate:
    cert = Certificate(
        number=f"{next(_serial):010d}",
        child=c,
        municipality_id=municipality.id,
        kind=kind,
        issued_at=at(2026, 9, 1),
        valid_until=years_ago(c.birth_date, -18),
        birth_year=c.birth_date.year,
    )
    session.add(cert)
    await session.flush()
    if balance:
        period = await current_period(session, municipality.id, d(2026, 11, 1))
        assert period is not None
        await ledger.credit(session, cert.id, balance, period_id=period.id)
    return cert


async def certificate_by_id(session: AsyncSession, certificate_id: int) -> Certificate:
    found = await session.get(Certificate, certificate_id)
    assert found is not None
    return found


# ---- the catalogue ----


async def provider(
    session: AsyncSession,
    municipality: Municipality,
    *members: int,
    name: str | None = None,
    kind: ProviderKind = ProviderKind.NONSTATE,
) -> Provider:
    """An organisation of `municipality`; `members` work for it."""
    p = Provider(
        name=name or f"Организация {next(_serial)}",
        inn=inn(kind),
        kind=kind,
        municipality_id=municipality.id,
    )
    session.add(p)
    await session.flush()
    for member_id in members:
        await user(session, member_id)
        session.add(ProviderMembership(user_id=member_id, provider_id=p.id))
    await session.flush()
    return p


async def program(
    session: AsyncSession,
    owner: Provider,
    *,
    title: str = "Шахматы для начинающих",
    description: str = "Правила игры и первые турниры.",
    register: Register = Register.GENERAL,
    direction: Direction = Direction.SPORT,
    price: int = 0,
    normative: int = 0,
    ages: tuple[int, int] = (7, 12),
    moderation: ModerationStatus = ModerationStatus.PUBLISHED,
    **columns: Any,
) -> Program:
    """A published free program of `owner`; `columns` sets any other column of the model."""
    values: dict[str, Any] = {
        "address": "с. Курсавка, ул. Красная, 40",
        "level": Level.BASIC,
        "max_students": 20,
        **columns,
    }
    prog = Program(
        provider_id=owner.id,
        municipality_id=owner.municipality_id,
        title=title,
        description=description,
        direction=direction,
        age_min=ages[0],
        age_max=ages[1],
        register=register,
        price_kopecks=price,
        normative_cost_kopecks=normative,
        moderation=moderation,
        **search.program_terms(title, description, owner.name),
        **values,
    )
    session.add(prog)
    await session.flush()
    return prog


async def submitted_program(session: AsyncSession, owner: Provider, **changes: Any) -> Program:
    """A paid (certified) program `owner` submitted, waiting for the Support Centre's moderation."""
    values: dict[str, Any] = {
        "title": "Робототехника",
        "description": "",
        "direction": Direction.TECHNICAL,
        "ages": (8, 12),
        "register": Register.CERTIFIED,
        "price": 150_000,
        "moderation": ModerationStatus.PENDING,
        "max_students": 24,
        **changes,
    }
    return await program(session, owner, **values)


MONDAY_AND_WEDNESDAY = [
    {"day": 0, "start": "16:00", "end": "17:30"},
    {"day": 2, "start": "16:00", "end": "17:30"},
]


async def group(
    session: AsyncSession,
    prog: Program,
    *,
    name: str = "Группа 1",
    capacity: int = 10,
    taken: int = 0,
    schedule: Sequence[dict[str, Any]] = MONDAY_AND_WEDNESDAY,
    weekdays: int = 0b101,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Group:
    """A group of `prog` meeting on Mondays and Wednesdays from September to May."""
    g = Group(
        program_id=prog.id,
        name=name,
        schedule=list(schedule),
        weekdays=weekdays,
        starts_on=starts_on or d(2026, 9, 15),
        ends_on=ends_on or d(2027, 5, 31),
        capacity=capacity,
        seats_taken=taken,
        teacher="Иванова Елена Петровна",
    )
    session.add(g)
    await session.flush()
    return g


async def paid_group(
    session: AsyncSession,
    municipality: Municipality,
    *,
    price: int = 200_000,
    starts_on: date | None = None,
    ends_on: date | None = None,
    member_id: int | None = None,
) -> Group:
    """A certified program of a new provider costing `price` a month (its normative cost too), with one
    group from 1 September to May by default; `member_id` works for the provider."""
    owner = await provider(session, municipality, *([member_id] if member_id is not None else []))
    n = next(_serial)
    prog = await program(
        session,
        owner,
        title=f"Робототехника <{n}>",
        description="",
        direction=Direction.TECHNICAL,
        register=Register.CERTIFIED,
        price=price,
        normative=price,
        ages=(5, 17),
    )
    g = await group(session, prog, name=f"Группа {n}", starts_on=starts_on or d(2026, 9, 1), ends_on=ends_on)
    await session.refresh(g, ["program"])
    return g


# ---- the world ----


@dataclass
class World:
    municipality: Municipality
    provider: Provider
    program: Program
    group: Group
    child: Child
    parent_id: int
    provider_user: int
    staff_id: int = ADMIN_ID  # staff of every municipality through the settings' ADMIN_IDS


async def world(
    session: AsyncSession,
    municipality: Municipality,
    *,
    parent_id: int = 5001,
    provider_user: int = 6001,
    register: Register = Register.GENERAL,
    kind: CertificateKind | None = CertificateKind.ACCOUNTING,
    balance: int = 0,
    price: int = 0,
    normative: int = 0,
    capacity: int = 10,
    taken: int = 0,
    ages: tuple[int, int] = (7, 12),
    birth: date | None = None,
) -> World:
    """The world, committed; the arguments vary its program, group and certificate."""
    p = await provider(session, municipality, provider_user)
    prog = await program(session, p, register=register, price=price, normative=normative, ages=ages)
    g = await group(session, prog, capacity=capacity, taken=taken)
    c = await child(session, parent_id, municipality, birth=birth, kind=kind, balance=balance)
    await session.commit()
    return World(municipality, p, prog, g, c, parent_id, provider_user)


# ---- enrollments ----


async def requested(
    session: AsyncSession,
    w: World,
    clock: Clock,
    *,
    parent_id: int | None = None,
    child_id: int | None = None,
) -> Enrollment:
    """w.child (or `child_id` of `parent_id`) asks for a seat in w.group, through the enrollment service."""
    return await enrollment.request(
        session,
        parent_id=parent_id or w.parent_id,
        child_id=child_id or w.child.id,
        group_id=w.group.id,
        now=clock.now(),
        today=clock.today(),
        tz=clock.tz,
    )


async def confirmed(session: AsyncSession, w: World, clock: Clock, e: Enrollment) -> enrollment.Confirmation:
    """w's provider confirms the request `e`, through the enrollment service (a seat taken, a paid
    program's part reserved)."""
    return await enrollment.confirm(
        session,
        enrollment_id=e.id,
        provider_ids=frozenset({w.provider.id}),
        actor_id=w.provider_user,
        now=clock.now(),
        today=clock.today(),
    )


async def enrolled(session: AsyncSession, w: World, clock: Clock) -> Enrollment:
    """w.child asks for a seat in w.group and the provider confirms."""
    e = await requested(session, w, clock)
    await confirmed(session, w, clock, e)
    return e


async def _active(session: AsyncSession, cert: Certificate, g: Group, start: date, end: date) -> Enrollment:
    """An active enrollment of `cert`'s child in `g`, added to the session."""
    assert cert.child is not None
    prog = await session.get(Program, g.program_id)
    assert prog is not None
    e = Enrollment(
        child=cert.child,
        parent_id=cert.child.parent_id,
        group=g,
        program_id=prog.id,
        provider_id=prog.provider_id,
        certificate_id=cert.id,
        status=EnrollmentStatus.ACTIVE,
        starts_on=start,
        ends_on=end,
    )
    session.add(e)
    await session.flush()
    return e


async def pending(session: AsyncSession, cert: Certificate, g: Group) -> int:
    """An active enrollment with nothing reserved yet (the property test reserves it later)."""
    return (await _active(session, cert, g, g.starts_on, g.ends_on)).id


async def enroll(
    session: AsyncSession,
    cert: Certificate,
    g: Group,
    *,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Enrollment:
    """An active paid enrollment confirmed the way the catalogue confirms it: quote, then reserve."""
    e = await _active(session, cert, g, starts_on or g.starts_on, ends_on or g.ends_on)
    prog = await session.get(Program, g.program_id)
    assert prog is not None
    quote = await billing.quote(session, prog, cert, start=e.starts_on, end=e.ends_on)
    await billing.reserve_for(session, e, quote)
    await session.flush()
    return e


@dataclass
class Paid:
    certificate: Certificate
    enrollment: Enrollment


async def paid(
    session: AsyncSession,
    municipality: Municipality,
    parent_id: int,
    *,
    price: int = 100_000,
    starts_on: date | None = None,
    ends_on: date | None = None,
    member_id: int | None = None,
) -> Paid:
    """A financing certificate and its active paid enrollment in a new provider's group."""
    cert = await certificate(session, municipality, parent_id)
    g = await paid_group(
        session, municipality, price=price, starts_on=starts_on, ends_on=ends_on, member_id=member_id
    )
    return Paid(cert, await enroll(session, cert, g))


async def paid_choice(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock, balance: int, parent_id: int = 5001
) -> World:
    """2 November of the test year: a paid program whose certificate part is 2 000 ₽ a month (price
    2 500 ₽, normative cost 2 000 ₽), two more open paid programs (1 000 ₽ and 3 000 ₽ a month) and
    programs that do not count: a draft, a free one, one for teenagers, one too dear. The child (of
    `parent_id`) has a financing certificate with `balance` credited."""
    clock.set(at(2026, 11, 2, 9))
    w = await world(
        session,
        municipality,
        parent_id=parent_id,
        register=Register.CERTIFIED,
        kind=None,
        price=250_000,
        normative=200_000,
        ages=(7, 12),
    )
    for title, price, ages, moderation in (
        ("Рисование", 100_000, (7, 12), ModerationStatus.PUBLISHED),
        ("Робототехника", 300_000, (7, 12), ModerationStatus.PUBLISHED),
        ("Черновик", 10_000, (7, 12), ModerationStatus.DRAFT),
        ("Для подростков", 150_000, (14, 17), ModerationStatus.PUBLISHED),
        ("Дорогая", 5_000_000, (7, 12), ModerationStatus.PUBLISHED),
    ):
        prog = await program(
            session, w.provider, title=title, register=Register.CERTIFIED, price=price, ages=ages,
            moderation=moderation,
        )  # fmt: skip
        await group(session, prog)
    free = await program(session, w.provider, title="Бесплатный", register=Register.GENERAL)
    await group(session, free)
    holder = await child(session, parent_id, municipality, kind=CertificateKind.FINANCING, balance=balance)
    await session.commit()
    return World(municipality, w.provider, w.program, w.group, holder, parent_id, w.provider_user)


async def running_group(
    session: AsyncSession,
    municipality: Municipality,
    today: date,
    schedule: list[dict[str, Any]],
    *,
    title: str = "Шахматы для начинающих",
    address: str = "ул. Ленина, 1",
    ends_on: date | None = None,
    provider_user: int = 6001,
) -> Group:
    """A group of its own program with this weekly `schedule`, running around `today` (until
    `ends_on`, default three months on), so that it is current whatever the test clock's date."""
    p = await provider(session, municipality, provider_user)
    prog = await program(session, p, title=title)
    prog.address = address
    g = await group(session, prog)
    g.schedule = schedule
    g.starts_on = today - timedelta(days=30)
    g.ends_on = ends_on or today + timedelta(days=90)
    await session.flush()
    await session.refresh(g, ["program"])
    return g


async def enrollment_row(
    session: AsyncSession, c: Child, g: Group, status: EnrollmentStatus = EnrollmentStatus.ACTIVE
) -> Enrollment:
    """An enrollment (or request) in `status`, written directly: no certificate or seat checks."""
    e = Enrollment(
        child_id=c.id,
        parent_id=c.parent_id,
        group_id=g.id,
        program_id=g.program_id,
        provider_id=g.program.provider_id,
        status=status,
    )
    session.add(e)
    await session.flush()
    return e


@dataclass
class WrittenOff:
    """A paid enrollment with one month written off; a provider's employee and a staff member."""

    parent: int
    member: int
    staff: int
    enrollment_id: int
    certificate_id: int
    provider_id: int


async def written_off(
    session: AsyncSession,
    municipality: Municipality,
    clock: Clock,
    month: date,
    *,
    price: int,
    locale: str = "ru",
) -> WrittenOff:
    parent_user = await user(session, locale=locale)
    member = await user(session, locale=locale)
    staff = await user(session, locale=locale)
    session.add(StaffMembership(user_id=staff.id, municipality_id=municipality.id))
    p = await paid(session, municipality, parent_user.id, price=price, member_id=member.id)
    assert await writeoffs.charge(session, p.enrollment, month, clock) == price
    await session.commit()
    return WrittenOff(
        parent_user.id, member.id, staff.id, p.enrollment.id, p.certificate.id, p.enrollment.provider_id
    )


# ---- what the bot queued ----


async def outbox_for(session: AsyncSession, chat_id: int) -> list[OutboxMessage]:
    """The messages queued for `chat_id`, oldest first."""
    rows = await session.scalars(
        select(OutboxMessage).where(OutboxMessage.chat_id == chat_id).order_by(OutboxMessage.id)
    )
    return list(rows)


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
        # optional columns (migration 0008): empty means in person, not for ОВЗ, no trial, no point
        "format": "",
        "ovz_suited": "",
        "ovz_adaptations": "",
        "trial_lesson": "",
        "latitude": "",
        "longitude": "",
        **changes,
    }
    return [values[c.name] for c in imports.SHEETS["programs"]]


def group_row(inn: str, code: str = "ROBO-1", **changes: Any) -> list[Any]:
    values = {
        "provider_inn": inn,
        "program_code": code,
        "name": "Группа 1",
        "schedule": "Пн 16:00-17:30; ср 9:00-10:00",
        "starts_on": f"01.09.{year(2026)}",
        "ends_on": f"{year(2027)}-05-31",
        "capacity": 12,
        "teacher": "",
        **changes,
    }
    return [values[c.name] for c in imports.SHEETS["groups"]]
