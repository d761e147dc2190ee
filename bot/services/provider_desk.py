"""The provider's desk: its programs and groups, changes that go to moderation, enrollment windows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.services import audit, search
from bot.services.errors import DomainError, NotAllowed, NotFound
from db.models import (
    Direction,
    Enrollment,
    EnrollmentStatus,
    Group,
    Level,
    ModerationStatus,
    Program,
    Provider,
    Register,
)

DAYS = {
    **dict.fromkeys(("пн", "пон", "понедельник", "mon", "monday"), 0),
    **dict.fromkeys(("вт", "вто", "вторник", "tue", "tuesday"), 1),
    **dict.fromkeys(("ср", "сре", "среда", "wed", "wednesday"), 2),
    **dict.fromkeys(("чт", "чет", "четверг", "thu", "thursday"), 3),
    **dict.fromkeys(("пт", "пят", "пятница", "fri", "friday"), 4),
    **dict.fromkeys(("сб", "суб", "суббота", "sat", "saturday"), 5),
    **dict.fromkeys(("вс", "вос", "воскресенье", "sun", "sunday"), 6),
}
SLOT = re.compile(r"^\s*([a-zа-яё]+)\.?\s+(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")

# What a program form asks, in order; the handler walks these keys.
PROGRAM_FIELDS = (
    "title",
    "description",
    "address",
    "direction",
    "level",
    "ages",
    "register",
    "duration_months",
    "hours_per_week",
    "price_kopecks",
    "normative_cost_kopecks",
    "max_students",
    "needs_medical_certificate",
)


def parse_schedule(text: str) -> list[dict[str, Any]]:
    """'пн 16:00-17:30, ср 16:00-17:30' -> [{"day": 0, "start": "16:00", "end": "17:30"}, ...]."""
    slots: list[dict[str, Any]] = []
    for part in re.split(r"[,;\n]+", text.lower().replace("ё", "е")):
        if not part.strip():
            continue
        match = SLOT.match(part)
        if match is None or match.group(1) not in DAYS:
            raise DomainError("provider-bad-schedule")
        h1, m1, h2, m2 = (int(match.group(i)) for i in range(2, 6))
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) >= (h2, m2):
            raise DomainError("provider-bad-schedule")
        slots.append(
            {"day": DAYS[match.group(1)], "start": f"{h1:02d}:{m1:02d}", "end": f"{h2:02d}:{m2:02d}"}
        )
    if not slots:
        raise DomainError("provider-bad-schedule")
    return sorted(slots, key=lambda s: (s["day"], s["start"]))


def weekdays_mask(schedule: list[dict[str, Any]]) -> int:
    mask = 0
    for slot in schedule:
        mask |= 1 << int(slot["day"])
    return mask


def parse_ages(text: str) -> tuple[int, int]:
    """'7-12', '7–12 лет' -> (7, 12); ages 5–18."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[-–—]\s*(\d{1,2})\D*", text)
    if match is None:
        raise DomainError("provider-bad-ages")
    low, high = int(match.group(1)), int(match.group(2))
    if not 5 <= low <= high <= 18:
        raise DomainError("provider-bad-ages")
    return low, high


@dataclass(frozen=True)
class ProgramForm:
    title: str
    description: str
    address: str
    direction: Direction
    level: Level
    age_min: int
    age_max: int
    register: Register
    duration_months: int
    hours_per_week: int
    price_kopecks: int
    normative_cost_kopecks: int
    max_students: int
    needs_medical_certificate: bool

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProgramForm:
        return cls(
            title=data["title"],
            description=data["description"],
            address=data["address"],
            direction=Direction(data["direction"]),
            level=Level(data["level"]),
            age_min=int(data["age_min"]),
            age_max=int(data["age_max"]),
            register=Register(data["register"]),
            duration_months=int(data["duration_months"]),
            hours_per_week=int(data["hours_per_week"]),
            price_kopecks=int(data.get("price_kopecks") or 0),
            normative_cost_kopecks=int(data.get("normative_cost_kopecks") or 0),
            max_students=int(data["max_students"]),
            needs_medical_certificate=bool(data["needs_medical_certificate"]),
        )


def form_of(program: Program) -> dict[str, Any]:
    """A program's fields as the edit form keeps them (JSON-friendly)."""
    return {
        "title": program.title,
        "description": program.description,
        "address": program.address,
        "direction": program.direction.value,
        "level": program.level.value,
        "age_min": program.age_min,
        "age_max": program.age_max,
        "register": program.register.value,
        "duration_months": program.duration_months,
        "hours_per_week": program.hours_per_week,
        "price_kopecks": program.price_kopecks,
        "normative_cost_kopecks": program.normative_cost_kopecks,
        "max_students": program.max_students,
        "needs_medical_certificate": program.needs_medical_certificate,
    }


async def own_program(session: AsyncSession, program_id: int, provider_ids: frozenset[int]) -> Program:
    program = await session.get(Program, program_id, populate_existing=True)
    if program is None:
        raise NotFound()
    if program.provider_id not in provider_ids:
        raise NotAllowed()
    return program


async def own_group(session: AsyncSession, group_id: int, provider_ids: frozenset[int]) -> Group:
    group = await session.get(Group, group_id, populate_existing=True)
    if group is None:
        raise NotFound()
    if group.program.provider_id not in provider_ids:
        raise NotAllowed()
    return group


async def by_provider(
    session: AsyncSession, actor_id: int, action: str, object_id: int, **details: Any
) -> None:
    """Audit a provider's decision; the object type is the action's first word (`group.close`)."""
    await audit.record(
        session,
        actor_id=actor_id,
        actor_role="provider",
        action=action,
        object_type=action.split(".")[0],
        object_id=object_id,
        **details,
    )


async def programs_of(session: AsyncSession, provider_ids: frozenset[int]) -> list[Program]:
    """The provider's programs (not archived) with their groups loaded."""
    rows = await session.scalars(
        select(Program)
        .where(Program.provider_id.in_(provider_ids), Program.moderation != ModerationStatus.ARCHIVED)
        .options(selectinload(Program.groups))
        .order_by(Program.title)
    )
    return list(rows.unique())


async def providers(session: AsyncSession, provider_ids: frozenset[int]) -> list[Provider]:
    rows = await session.scalars(select(Provider).where(Provider.id.in_(provider_ids)).order_by(Provider.id))
    return list(rows.unique())


async def groups_of(session: AsyncSession, program_id: int) -> list[Group]:
    rows = await session.scalars(
        select(Group).where(Group.program_id == program_id, Group.archived.is_(False)).order_by(Group.id)
    )
    return list(rows.unique())


async def submit_for_moderation(session: AsyncSession, program: Program, actor_id: int) -> None:
    """The program waits for staff: parents do not see it until it is published again."""
    program.moderation = ModerationStatus.PENDING
    program.moderation_note = None
    program.search_terms = search.terms_for(program.title, program.description)
    await session.flush()
    await by_provider(session, actor_id, "program.submit", program.id)


def _apply(program: Program, form: ProgramForm) -> None:
    for name, value in vars(form).items():
        setattr(program, name, value)


async def create_program(
    session: AsyncSession, *, provider_id: int, provider_ids: frozenset[int], form: ProgramForm, actor_id: int
) -> Program:
    if provider_id not in provider_ids:
        raise NotAllowed()
    provider = await session.get(Provider, provider_id)
    if provider is None:
        raise NotFound()
    program = Program(provider_id=provider.id, municipality_id=provider.municipality_id)
    _apply(program, form)
    session.add(program)
    await session.flush()
    await submit_for_moderation(session, program, actor_id)
    return program


async def update_program(
    session: AsyncSession, *, program_id: int, provider_ids: frozenset[int], form: ProgramForm, actor_id: int
) -> Program:
    program = await own_program(session, program_id, provider_ids)
    _apply(program, form)
    await submit_for_moderation(session, program, actor_id)
    return program


async def archive_program(
    session: AsyncSession, *, program_id: int, provider_ids: frozenset[int], actor_id: int
) -> Program:
    program = await own_program(session, program_id, provider_ids)
    program.moderation = ModerationStatus.ARCHIVED
    for group in await groups_of(session, program.id):
        group.enrollment_open = False
    await by_provider(session, actor_id, "program.archive", program.id)
    return program


@dataclass(frozen=True)
class GroupForm:
    name: str
    schedule: list[dict[str, Any]]
    starts_on: date
    ends_on: date
    capacity: int
    teacher: str


async def create_group(
    session: AsyncSession, *, program_id: int, provider_ids: frozenset[int], form: GroupForm, actor_id: int
) -> Group:
    program = await own_program(session, program_id, provider_ids)
    if form.ends_on < form.starts_on:
        raise DomainError("provider-bad-dates")
    if program.max_students and form.capacity > program.max_students:
        raise DomainError("provider-capacity-too-big", max=program.max_students)
    group = Group(
        program_id=program.id,
        name=form.name,
        schedule=form.schedule,
        weekdays=weekdays_mask(form.schedule),
        starts_on=form.starts_on,
        ends_on=form.ends_on,
        capacity=form.capacity,
        teacher=form.teacher,
    )
    session.add(group)
    await session.flush()
    await by_provider(session, actor_id, "group.create", group.id)
    return group


async def set_enrollment_open(
    session: AsyncSession, *, group_id: int, provider_ids: frozenset[int], is_open: bool, actor_id: int
) -> Group:
    group = await own_group(session, group_id, provider_ids)
    group.enrollment_open = is_open
    await by_provider(session, actor_id, "group.open" if is_open else "group.close", group.id)
    return group


async def archive_group(
    session: AsyncSession, *, group_id: int, provider_ids: frozenset[int], actor_id: int
) -> Group:
    group = await own_group(session, group_id, provider_ids)
    if group.seats_taken:
        raise DomainError("provider-group-has-students", count=group.seats_taken)
    group.archived = True
    group.enrollment_open = False
    await by_provider(session, actor_id, "group.archive", group.id)
    return group


async def students_of(
    session: AsyncSession, group_id: int, provider_ids: frozenset[int]
) -> tuple[Group, list[Enrollment]]:
    """A group of the provider's and the children actively enrolled in it."""
    group = await own_group(session, group_id, provider_ids)
    rows = await session.scalars(
        select(Enrollment)
        .where(Enrollment.group_id == group.id, Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(Enrollment.id)
    )
    return group, list(rows.unique())


def parse_dates(text: str) -> tuple[date, date]:
    """'01.09.2026 - 31.05.2027' -> the two dates; the end not before the start."""
    found = re.findall(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if len(found) != 2:
        raise DomainError("provider-bad-dates")
    try:
        start, end = (date(int(y), int(m), int(d)) for d, m, y in found)
    except ValueError:
        raise DomainError("provider-bad-dates") from None
    if end < start:
        raise DomainError("provider-bad-dates")
    return start, end
