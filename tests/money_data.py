"""Test data for the money tests, built directly with the models."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.clock import Clock
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
    Program,
    Provider,
    ProviderKind,
    ProviderMembership,
    Register,
    StaffMembership,
    User,
)
from tests.dates import at, d, years_ago

_seq = itertools.count(1)


async def parent(session: AsyncSession, user_id: int | None = None, locale: str = "ru") -> User:
    user = User(id=user_id or 500_000 + next(_seq), locale=locale, consent_at=at(2026, 9, 1))
    session.add(user)
    await session.flush()
    return user


async def certificate(
    session: AsyncSession,
    municipality: Municipality,
    parent_id: int,
    *,
    born: date | None = None,
    kind: CertificateKind = CertificateKind.FINANCING,
    credit: bool = True,
) -> Certificate:
    """A child with a certificate; a financing one gets the current period's nominal."""
    born = born or d(2015, 3, 10)
    child = Child(
        parent_id=parent_id,
        last_name="Иванов",
        first_name="Петя",
        birth_date=born,
        municipality_id=municipality.id,
    )
    session.add(child)
    await session.flush()
    n = next(_seq)
    cert = Certificate(
        number=f"T{n:09d}",
        child=child,
        municipality=municipality,
        kind=kind,
        issued_at=at(2026, 9, 1),
        valid_until=years_ago(born, -18),
        birth_year=born.year,
    )
    session.add(cert)
    await session.flush()
    if credit and kind is CertificateKind.FINANCING:
        period = await current_period(session, municipality.id, d(2026, 11, 1))
        assert period is not None
        await ledger.credit(session, cert.id, period.nominal_kopecks, period_id=period.id)
    return cert


async def group(
    session: AsyncSession,
    municipality: Municipality,
    *,
    price: int = 200_000,
    starts_on: date | None = None,
    ends_on: date | None = None,
    member_id: int | None = None,
) -> Group:
    """A certified (paid) program of a new provider with one group (September to May by default);
    `member_id` works for it."""
    starts_on, ends_on = starts_on or d(2026, 9, 1), ends_on or d(2027, 5, 31)
    n = next(_seq)
    provider = Provider(
        name=f"Школа {n}",
        inn=inn_with_check_digits(f"{n:09d}"),
        kind=ProviderKind.NONSTATE,
        municipality_id=municipality.id,
    )
    session.add(provider)
    await session.flush()
    if member_id is not None:
        session.add(ProviderMembership(user_id=member_id, provider_id=provider.id))
    program = Program(
        provider_id=provider.id,
        municipality_id=municipality.id,
        title=f"Робототехника <{n}>",
        direction=Direction.TECHNICAL,
        level=Level.BASIC,
        age_min=5,
        age_max=17,
        register=Register.CERTIFIED,
        price_kopecks=price,
        normative_cost_kopecks=price,
        moderation=ModerationStatus.PUBLISHED,
    )
    session.add(program)
    await session.flush()
    g = Group(program=program, name=f"Группа {n}", starts_on=starts_on, ends_on=ends_on, capacity=10)
    session.add(g)
    await session.flush()
    return g


@dataclass
class Paid:
    certificate: Certificate
    enrollment: Enrollment


async def certificate_by_id(session: AsyncSession, certificate_id: int) -> Certificate:
    found = await session.get(Certificate, certificate_id)
    assert found is not None
    return found


async def pending(session: AsyncSession, cert: Certificate, g: Group) -> int:
    """An active enrollment with nothing reserved yet (the property test reserves it later)."""
    assert cert.child is not None
    e = Enrollment(
        child=cert.child,
        parent_id=cert.child.parent_id,
        group=g,
        program_id=g.program.id,
        provider_id=g.program.provider_id,
        certificate_id=cert.id,
        status=EnrollmentStatus.ACTIVE,
        starts_on=g.starts_on,
        ends_on=g.ends_on,
    )
    session.add(e)
    await session.flush()
    return e.id


async def enroll(
    session: AsyncSession,
    cert: Certificate,
    g: Group,
    *,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Enrollment:
    """An active paid enrollment confirmed the way the catalogue confirms it: quote, then reserve."""
    assert cert.child is not None
    program = await session.get(Program, g.program_id)
    assert program is not None
    start, end = starts_on or g.starts_on, ends_on or g.ends_on
    e = Enrollment(
        child=cert.child,
        parent_id=cert.child.parent_id,
        group=g,
        program_id=program.id,
        provider_id=program.provider_id,
        certificate_id=cert.id,
        status=EnrollmentStatus.ACTIVE,
        starts_on=start,
        ends_on=end,
    )
    session.add(e)
    await session.flush()
    await billing.reserve_for(session, e, await billing.quote(session, program, cert, start=start, end=end))
    await session.flush()
    return e


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
    cert = await certificate(session, municipality, parent_id)
    g = await group(
        session, municipality, price=price, starts_on=starts_on, ends_on=ends_on, member_id=member_id
    )
    return Paid(cert, await enroll(session, cert, g))


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
    parent_user = await parent(session, locale=locale)
    member = await parent(session, locale=locale)
    staff = await parent(session, locale=locale)
    session.add(StaffMembership(user_id=staff.id, municipality_id=municipality.id))
    p = await paid(session, municipality, parent_user.id, price=price, member_id=member.id)
    assert await writeoffs.charge(session, p.enrollment, month, clock) == price
    await session.commit()
    return WrittenOff(
        parent_user.id, member.id, staff.id, p.enrollment.id, p.certificate.id, p.enrollment.provider_id
    )
