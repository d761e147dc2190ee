"""What a paid (certified) program costs the certificate and the family.

Certificate part a month = min(price, normative cost, what the balance allows for the months left);
the family pays the rest of the price. A partial first or last month is pro-rated by days."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from statistics import median_low

from sqlalchemy import ColumnElement, and_, case, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.catalogue.catalog import open_group, visible
from bot.services.money import ledger
from db.models import Certificate, Enrollment, Group, Program, Register


def month_fractions(start: date, end: date) -> list[tuple[date, Fraction]]:
    """For each calendar month from `start` to `end` (inclusive): its first day and the share of its
    days inside the range."""
    if end < start:
        return []
    months: list[tuple[date, Fraction]] = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        days = calendar.monthrange(cursor.year, cursor.month)[1]
        last = date(cursor.year, cursor.month, days)
        first_in = max(start, cursor)
        last_in = min(end, last)
        months.append((cursor, Fraction((last_in - first_in).days + 1, days)))
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    return months


def amount_for(monthly: int, share: Fraction) -> int:
    """A month's amount pro-rated by days, rounded down: never more than the whole-month amount."""
    return int(monthly * share)


@dataclass(frozen=True)
class Quote:
    price_monthly: int  # the program's price a month
    cap_monthly: int  # min(price, normative cost): the most a certificate pays a month
    certificate_monthly: int  # what this certificate can pay a month, the balance allowing
    family_monthly: int  # price - certificate_monthly
    months: Fraction  # months of study left in the period (partial months as fractions)
    reserve_total: int  # what confirmation reserves: certificate_monthly over the months
    balance: int  # the certificate's free balance now
    shortfall: int  # how much the balance lacks to pay the full cap over the months (0 if enough)

    @property
    def blocked(self) -> bool:
        """A paid program the certificate can pay nothing towards: no request can be made. When the
        balance covers only part of the cap, the family pays more, as the formula says."""
        return self.price_monthly > 0 and self.certificate_monthly == 0

    @property
    def free(self) -> bool:
        return self.price_monthly == 0

    @property
    def left(self) -> int:
        """What stays free on the certificate for other clubs once this one's part is reserved."""
        return max(self.balance - self.reserve_total, 0)

    def leaves_less_than(self, typical: int) -> bool:
        """A paid request that would leave less free money than `typical` (a month of another club):
        the family should know before it asks."""
        return self.price_monthly > 0 and self.left < typical


FREE = Quote(0, 0, 0, 0, Fraction(0), 0, 0, 0)


async def quote(
    session: AsyncSession, program: Program, certificate: Certificate | None, *, start: date, end: date
) -> Quote:
    """The split for studying `program` from `start` to `end` with `certificate` (None: no certificate,
    the family would pay everything)."""
    if not program.register.is_paid:
        return FREE
    balance = (await ledger.balance_of(session, certificate.id)).balance if certificate else 0
    return split(program.price_kopecks, program.normative_cost_kopecks, balance, start=start, end=end)


def cap_of(price: int, normative_cost: int) -> int:
    """The most a certificate pays a month for a program: its price, or the normative cost if lower."""
    return min(price, normative_cost or price)


def cap_column() -> ColumnElement[int]:
    """`cap_of` as SQL, to filter and sort programs by it in the database."""
    return case(
        (
            and_(Program.normative_cost_kopecks > 0, Program.normative_cost_kopecks < Program.price_kopecks),
            Program.normative_cost_kopecks,
        ),
        else_=Program.price_kopecks,
    )


def affordable(free: int) -> ColumnElement[bool]:
    """A free balance of `free` pays the program's monthly certificate part for at least a month."""
    return cap_column() <= free


def open_paid(municipality_id: int, today: date) -> list[ColumnElement[bool]]:
    """A paid (certified) program of the municipality that a parent can ask to join today."""
    return [
        Program.municipality_id == municipality_id,
        Program.register == Register.CERTIFIED,
        Program.price_kopecks > 0,
        visible(),
        exists().where(Group.program_id == Program.id, open_group(today)),
    ]


async def typical_monthly(session: AsyncSession, municipality_id: int, today: date) -> int:
    """A typical month of a club: the median monthly certificate part of the municipality's open paid
    programs (0 when it has none). A request that leaves less free money than this leaves room for no
    other paid club."""
    caps = list(await session.scalars(select(cap_column()).where(*open_paid(municipality_id, today))))
    return int(median_low(caps)) if caps else 0


def split(price: int, normative_cost: int, balance: int, *, start: date, end: date) -> Quote:
    """The split of a paid program's monthly `price` for a certificate whose free balance is `balance`."""
    cap = cap_of(price, normative_cost)
    fractions = month_fractions(start, end)
    months = sum((f for _, f in fractions), Fraction(0))
    full_total = sum(amount_for(cap, f) for _, f in fractions)
    if months == 0 or balance >= full_total:
        monthly = cap
    else:  # what the balance allows, in whole roubles, so the family's part reads as a plain sum
        monthly = min(cap, int(Fraction(balance) / months) // 100 * 100)
    return Quote(
        price_monthly=price,
        cap_monthly=cap,
        certificate_monthly=monthly,
        family_monthly=price - monthly,
        months=months,
        reserve_total=sum(amount_for(monthly, f) for _, f in fractions),
        balance=balance,
        shortfall=max(full_total - balance, 0),
    )


async def reserve_for(session: AsyncSession, enrollment: Enrollment, q: Quote) -> None:
    """On confirmation of a paid enrollment: fix the split on it and reserve the certificate's part."""
    enrollment.certificate_part_kopecks = q.certificate_monthly
    enrollment.family_part_kopecks = q.family_monthly
    if q.reserve_total > 0 and enrollment.certificate_id is not None:
        await ledger.reserve(
            session,
            enrollment.certificate_id,
            q.reserve_total,
            enrollment_id=enrollment.id,
            provider_id=enrollment.provider_id,
        )


def study_range(enrollment: Enrollment) -> tuple[date, date]:
    """The days the certificate pays for, as reserved on confirmation: from the start (or the
    confirmation, if later) to the planned end, or to the day the enrollment ended if that came first."""
    return study_range_of(
        enrollment.starts_on or enrollment.group.starts_on,
        enrollment.ends_on or enrollment.group.ends_on,
        decided_at=enrollment.decided_at,
        ended_at=enrollment.ended_at,
    )


def study_range_of(
    starts_on: date, ends_on: date, *, decided_at: datetime | None, ended_at: datetime | None
) -> tuple[date, date]:
    """`study_range` from plain values: the enrollment's (or else its group's) start and end."""
    start = starts_on if decided_at is None else max(starts_on, decided_at.date())
    end = ends_on if ended_at is None else min(ends_on, ended_at.date())
    return start, end


async def still_due(session: AsyncSession, enrollment: Enrollment) -> int:
    """The certificate's part for the months of study not yet written off (at the full share)."""
    start, end = study_range(enrollment)
    due = 0
    for month, share in month_fractions(start, end):
        if not await ledger.is_written_off(session, enrollment.id, month):
            due += amount_for(enrollment.certificate_part_kopecks, share)
    return due


async def release_for(session: AsyncSession, enrollment: Enrollment) -> None:
    """When an enrollment ends early: what is left of its reserve returns to the balance, except what
    is still due to the provider for the months studied and not yet written off (the monthly write-off
    pays those and releases the rest)."""
    if enrollment.certificate_id is not None:
        keep = await still_due(session, enrollment)
        await ledger.release(session, enrollment.certificate_id, enrollment_id=enrollment.id, keep=keep)
