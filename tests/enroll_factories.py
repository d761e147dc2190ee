"""Builders for catalogue and enrollment tests: a provider with a program and a group, a family with
a child and a certificate, made directly with the models."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.catalogue import search
from bot.services.clock import Clock
from bot.services.enrollment import requests as enrollment
from bot.services.money import ledger
from bot.services.rules import inn_with_check_digits
from db.models import (
    Certificate,
    CertificateKind,
    Child,
    Direction,
    Enrollment,
    Group,
    Level,
    ModerationStatus,
    Municipality,
    Period,
    Program,
    Provider,
    ProviderKind,
    ProviderMembership,
    Register,
    User,
)
from tests.dates import at, d, years_ago

_ids = itertools.count(1)


async def provider(
    session: AsyncSession, municipality: Municipality, member_id: int | None = None
) -> Provider:
    n = next(_ids)
    p = Provider(
        name=f"Организация {n}",
        inn=inn_with_check_digits(f"{n:09d}"),
        kind=ProviderKind.NONSTATE,
        municipality_id=municipality.id,
    )
    session.add(p)
    await session.flush()
    if member_id is not None:
        await user(session, member_id)
        session.add(ProviderMembership(user_id=member_id, provider_id=p.id))
        await session.flush()
    return p


async def user(session: AsyncSession, user_id: int, consent: bool = True) -> User:
    found = await session.get(User, user_id)
    if found is not None:
        return found
    u = User(id=user_id, consent_at=at(2026, 9, 1) if consent else None)
    session.add(u)
    await session.flush()
    return u


async def program(
    session: AsyncSession,
    p: Provider,
    *,
    title: str = "Шахматы для начинающих",
    description: str = "Правила игры и первые турниры.",
    register: Register = Register.GENERAL,
    direction: Direction = Direction.SPORT,
    price: int = 0,
    normative: int = 0,
    ages: tuple[int, int] = (7, 12),
    moderation: ModerationStatus = ModerationStatus.PUBLISHED,
) -> Program:
    prog = Program(
        provider_id=p.id,
        municipality_id=p.municipality_id,
        title=title,
        description=description,
        address="с. Курсавка, ул. Красная, 40",
        direction=direction,
        level=Level.BASIC,
        age_min=ages[0],
        age_max=ages[1],
        register=register,
        price_kopecks=price,
        normative_cost_kopecks=normative,
        max_students=20,
        moderation=moderation,
        **search.program_terms(title, description, p.name),
    )
    session.add(prog)
    await session.flush()
    return prog


async def group(
    session: AsyncSession, prog: Program, *, capacity: int = 10, taken: int = 0, weekdays: int = 0b101
) -> Group:
    g = Group(
        program_id=prog.id,
        name="Группа 1",
        schedule=[{"day": 0, "start": "16:00", "end": "17:30"}, {"day": 2, "start": "16:00", "end": "17:30"}],
        weekdays=weekdays,
        starts_on=d(2026, 9, 15),
        ends_on=d(2027, 5, 31),
        capacity=capacity,
        seats_taken=taken,
        teacher="Иванова Елена Петровна",
    )
    session.add(g)
    await session.flush()
    return g


async def child(
    session: AsyncSession,
    parent_id: int,
    municipality: Municipality,
    *,
    birth: date | None = None,
    kind: CertificateKind | None = CertificateKind.ACCOUNTING,
    balance: int = 0,
) -> Child:
    birth = birth or d(2016, 5, 1)
    await user(session, parent_id)
    c = Child(
        parent_id=parent_id,
        last_name="Петров",
        first_name=f"Ваня{next(_ids)}",
        birth_date=birth,
        municipality_id=municipality.id,
    )
    session.add(c)
    await session.flush()
    if kind is not None:
        cert = Certificate(
            number=f"{next(_ids):010d}",
            child_id=c.id,
            municipality_id=municipality.id,
            kind=kind,
            issued_at=at(2026, 9, 1),
            valid_until=years_ago(birth, -18),
            birth_year=birth.year,
        )
        session.add(cert)
        await session.flush()
        if balance:
            period_id = await session.scalar(
                select(Period.id).where(Period.municipality_id == municipality.id)
            )
            assert period_id is not None
            await ledger.credit(session, cert.id, balance, period_id=period_id)
    return c


@dataclass
class World:
    provider: Provider
    program: Program
    group: Group
    child: Child
    parent_id: int
    provider_user: int


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
    p = await provider(session, municipality, provider_user)
    prog = await program(session, p, register=register, price=price, normative=normative, ages=ages)
    g = await group(session, prog, capacity=capacity, taken=taken)
    c = await child(session, parent_id, municipality, birth=birth, kind=kind, balance=balance)
    await session.commit()
    return World(p, prog, g, c, parent_id, provider_user)


async def enrolled(session: AsyncSession, w: World, clock: Clock) -> Enrollment:
    """w.child asks for a seat in w.group and the provider confirms, through the enrollment service
    (a seat taken, a paid program's part reserved)."""
    e = await enrollment.request(
        session,
        parent_id=w.parent_id,
        child_id=w.child.id,
        group_id=w.group.id,
        now=clock.now(),
        today=clock.today(),
        tz=clock.tz,
    )
    await enrollment.confirm(
        session,
        enrollment_id=e.id,
        provider_ids=frozenset({w.provider.id}),
        actor_id=w.provider_user,
        now=clock.now(),
        today=clock.today(),
    )
    return e
