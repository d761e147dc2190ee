"""A parent's children: validation of every field, and adding, changing and removing a child.

Every function that takes a child id also takes the parent's id and refuses (NotAllowed) a child of
another family, so a forged callback changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.enrollment import hooks as enrollment_hooks
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.family import closing
from bot.services.rules import AGE_MAX, age_on, date_parts
from bot.services.standing import has_certificate_or_application
from db.models import (
    ApplicationStatus,
    Certificate,
    CertificateApplication,
    CertificateEvent,
    Child,
    Municipality,
)

NAME_MAX = 50
_LETTERS = "A-Za-zА-Яа-яЁё"
_NAME_RE = re.compile(rf"^[{_LETTERS}]+(?:[ '\-][{_LETTERS}]+)*$")
# SNILS numbers up to this one were issued before the check number existed.
_SNILS_UNCHECKED_UP_TO = 1_001_998

TEXT_FIELDS = ("last_name", "first_name", "patronymic", "birth_date", "snils")
FIELDS = ("last_name", "first_name", "patronymic", "birth_date", "municipality_id", "snils")
# Fields that decide the right to a certificate: frozen while one exists or an application waits.
LOCKED_BY_CERTIFICATE = ("birth_date", "municipality_id")


def parse_name(text: str) -> str:
    """'  анна-мария ' -> 'Анна-Мария'. Letters, hyphen, space, apostrophe; 1–50 characters."""
    value = " ".join(text.replace("’", "'").split())
    if not value or len(value) > NAME_MAX:
        raise DomainError("children-error-name-length", max=NAME_MAX)
    if not _NAME_RE.match(value):
        raise DomainError("children-error-name-chars")
    return re.sub(rf"[{_LETTERS}]+", lambda m: m.group(0).capitalize(), value)


def parse_birth_date(text: str, today: date) -> date:
    """05.03.2015, 5.3.2015 or 2015-03-05; a real past date of a child under 18."""
    parts = date_parts(text)
    if parts is None:
        raise DomainError("children-error-date-format")
    try:
        born = date(*parts)
    except ValueError:
        raise DomainError("children-error-date-impossible") from None
    if born > today:
        raise DomainError("children-error-date-future")
    if age_on(born, today) >= AGE_MAX:
        raise DomainError("children-error-date-too-old", max=AGE_MAX)
    return born


def snils_control(first9: str) -> int:
    """The SNILS check number by the official algorithm."""
    total = sum(int(digit) * (9 - i) for i, digit in enumerate(first9))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    return total % 101 % 100  # a remainder of 100 also gives 00


def parse_snils(text: str) -> str:
    """'112-233-445 95' or '11223344595' -> '11223344595', the check number verified."""
    digits = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(r"[0-9]{11}", digits):
        raise DomainError("children-error-snils-format")
    if int(digits[:9]) > _SNILS_UNCHECKED_UP_TO and snils_control(digits[:9]) != int(digits[9:]):
        raise DomainError("children-error-snils-checksum")
    return digits


def format_snils(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def mask_snils(digits: str) -> str:
    """Only the last four digits, enough to compare with a document shown in person."""
    return f"***-***-*{digits[7:9]} {digits[9:]}"


@dataclass
class ChildData:
    """What the form collected, as plain values (the FSM keeps it as JSON between steps)."""

    last_name: str
    first_name: str
    patronymic: str | None
    birth_date: date
    municipality_id: int
    snils: str | None


def parse_field(field: str, text: str, today: date) -> str | None:
    """Validate one typed field; returns the value as the form stores it (dates in ISO)."""
    if field in ("last_name", "first_name", "patronymic"):
        return parse_name(text)
    if field == "birth_date":
        return parse_birth_date(text, today).isoformat()
    if field == "snils":
        return parse_snils(text)
    raise ValueError(field)


async def municipalities(session: AsyncSession) -> list[Municipality]:
    """The municipalities the bot serves."""
    return list(await session.scalars(select(Municipality).order_by(Municipality.name_ru)))


async def served_municipality(session: AsyncSession, municipality_id: int) -> Municipality:
    municipality = await session.get(Municipality, municipality_id)
    if municipality is None:
        raise DomainError("children-error-municipality")
    return municipality


async def list_children(session: AsyncSession, parent_id: int) -> list[Child]:
    rows = await session.scalars(
        select(Child).where(Child.parent_id == parent_id).order_by(Child.birth_date, Child.id)
    )
    return list(rows)


async def get_child(session: AsyncSession, parent_id: int, child_id: int) -> Child:
    child = await session.get(Child, child_id)
    if child is None:
        raise NotFound()
    if child.parent_id != parent_id:
        raise NotAllowed()
    return child


async def add_child(session: AsyncSession, parent_id: int, data: ChildData, today: date) -> Child:
    """Save a completed form. Everything is validated again: the form's data came through the client."""
    child = Child(
        parent_id=parent_id,
        last_name=parse_name(data.last_name),
        first_name=parse_name(data.first_name),
        patronymic=parse_name(data.patronymic) if data.patronymic else None,
        birth_date=parse_birth_date(data.birth_date.isoformat(), today),
        municipality=await served_municipality(session, data.municipality_id),
        snils=parse_snils(data.snils) if data.snils else None,
    )
    session.add(child)
    await session.flush()
    return child


async def check_editable(session: AsyncSession, child: Child, field: str) -> None:
    """Birth date and municipality decide the right to a certificate: once one exists or an application
    waits, staff change them on presenting the documents."""
    if field in LOCKED_BY_CERTIFICATE and await has_certificate_or_application(session, child.id):
        raise DomainError("children-error-locked")


async def update_child(
    session: AsyncSession, parent_id: int, child_id: int, field: str, value: str | None, today: date
) -> Child:
    """Change one field (validated again, as the value came through the client)."""
    child = await get_child(session, parent_id, child_id)
    await check_editable(session, child, field)
    if field == "municipality_id":
        child.municipality = await served_municipality(session, int(value or 0))
    elif field == "birth_date":
        child.birth_date = parse_birth_date(value or "", today)
    elif field == "patronymic":
        child.patronymic = parse_name(value) if value else None
    elif field == "snils":
        child.snils = parse_snils(value) if value else None
    elif field in ("last_name", "first_name"):
        setattr(child, field, parse_name(value or ""))
    else:
        raise DomainError("error-not-allowed")
    await session.flush()
    return child


async def forget(
    session: AsyncSession,
    child_ids: list[int],
    *,
    cause: closing.Cause,
    actor_id: int | None,
    now: datetime,
    today: date,
) -> None:
    """Delete children's personal data. Their certificates close (`closing.close`) and stay in the
    register (it must be kept) anonymised; waiting applications are cancelled."""
    if not child_ids:
        return
    certificates = (
        await session.scalars(select(Certificate).where(Certificate.child_id.in_(child_ids)))
    ).all()
    for certificate in certificates:
        if certificate.state in closing.CLOSABLE:
            await closing.close(session, certificate, cause=cause, actor_id=actor_id, now=now, today=today)
        certificate.anonymised = True
        certificate.child_id = None
        session.add(CertificateEvent(certificate_id=certificate.id, action="anonymised", actor_id=actor_id))
    await session.execute(
        update(CertificateApplication)
        .where(
            CertificateApplication.child_id.in_(child_ids),
            CertificateApplication.status == ApplicationStatus.PENDING,
        )
        .values(status=ApplicationStatus.CANCELLED, decided_at=now)
    )
    # A child whose certificate had closed before may still hold a place on a waiting list.
    await enrollment_hooks.end_for_children(session, child_ids, now)
    await session.execute(delete(Child).where(Child.id.in_(child_ids)))


async def remove_child(
    session: AsyncSession, parent_id: int, child_id: int, now: datetime, today: date
) -> None:
    """Remove a child at the parent's request: the same as withdrawing consent, for one child."""
    child = await get_child(session, parent_id, child_id)
    await forget(
        session, [child.id], cause=closing.Cause.CHILD_REMOVED, actor_id=parent_id, now=now, today=today
    )
