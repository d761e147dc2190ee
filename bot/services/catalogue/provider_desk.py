"""The provider's desk: its programs and groups, changes that go to moderation, enrollment windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.services.accounts import audit
from bot.services.catalogue import search
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.rules import weekdays_mask
from db.models import (
    Direction,
    Enrollment,
    EnrollmentStatus,
    Group,
    Level,
    ModerationStatus,
    Program,
    ProgramFormat,
    Provider,
    Register,
)

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
    "format",
    "ovz_suited",
    "ovz_adaptations",  # asked only for a program suited to children with disabilities
    "trial_lesson",
    "coordinates",  # optional: a Telegram location or «44.46, 42.51»
)


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
    format: ProgramFormat = ProgramFormat.IN_PERSON
    ovz_suited: bool = False
    ovz_adaptations: str = ""
    trial_lesson: bool = False
    latitude: float | None = None
    longitude: float | None = None

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
            format=ProgramFormat(data.get("format") or ProgramFormat.IN_PERSON),
            ovz_suited=bool(data.get("ovz_suited")),
            ovz_adaptations=(data.get("ovz_adaptations") or "") if data.get("ovz_suited") else "",
            trial_lesson=bool(data.get("trial_lesson")),
            latitude=data.get("latitude"),
            longitude=data.get("longitude") if data.get("latitude") is not None else None,
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
        "format": program.format.value,
        "ovz_suited": program.ovz_suited,
        "ovz_adaptations": program.ovz_adaptations,
        "trial_lesson": program.trial_lesson,
        "latitude": program.latitude,
        "longitude": program.longitude,
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
    for column, terms in search.program_terms(
        program.title, program.description, program.provider.name
    ).items():
        setattr(program, column, terms)
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
