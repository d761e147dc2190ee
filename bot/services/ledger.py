"""The certificate's money: a ledger of entries whose sums are the balance and the reserve.

Every movement goes through `post`, which locks the certificate row (a no-op on SQLite, where the
write transaction is already exclusive), refuses to let either sum go below zero, and writes each
movement once: a second post with the same key is ignored and returns None."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.errors import DomainError
from db.models import Certificate, LedgerEntry, LedgerKind


@dataclass(frozen=True)
class Balance:
    balance: int  # kopecks free to use
    reserved: int  # kopecks reserved for confirmed paid enrollments


class InsufficientFunds(DomainError):
    def __init__(self, shortfall: int) -> None:
        super().__init__("error-insufficient-funds", shortfall_kopecks=shortfall)
        self.shortfall = shortfall


async def balance_of(session: AsyncSession, certificate_id: int) -> Balance:
    row = (
        await session.execute(
            select(
                func.coalesce(func.sum(LedgerEntry.balance_delta), 0),
                func.coalesce(func.sum(LedgerEntry.reserve_delta), 0),
            ).where(LedgerEntry.certificate_id == certificate_id)
        )
    ).one()
    return Balance(balance=int(row[0]), reserved=int(row[1]))


async def post(
    session: AsyncSession,
    *,
    certificate_id: int,
    kind: LedgerKind,
    key: str,
    balance_delta: int = 0,
    reserve_delta: int = 0,
    period_id: int | None = None,
    enrollment_id: int | None = None,
    provider_id: int | None = None,
    month: date | None = None,
    note: str | None = None,
) -> LedgerEntry | None:
    """Write one movement, or nothing if `key` was posted before. Raises InsufficientFunds when the
    balance or the reserve would go negative."""
    await session.execute(select(Certificate.id).where(Certificate.id == certificate_id).with_for_update())
    if await session.scalar(select(LedgerEntry.id).where(LedgerEntry.key == key)) is not None:
        return None
    current = await balance_of(session, certificate_id)
    if current.balance + balance_delta < 0:
        raise InsufficientFunds(-(current.balance + balance_delta))
    if current.reserved + reserve_delta < 0:
        raise DomainError("error-reserve-negative")
    entry = LedgerEntry(
        certificate_id=certificate_id,
        kind=kind,
        key=key,
        balance_delta=balance_delta,
        reserve_delta=reserve_delta,
        period_id=period_id,
        enrollment_id=enrollment_id,
        provider_id=provider_id,
        month=month,
        note=note,
    )
    session.add(entry)
    await session.flush()
    return entry


async def credit(
    session: AsyncSession, certificate_id: int, amount: int, *, period_id: int
) -> LedgerEntry | None:
    """Credit a period's nominal to a certificate, once per certificate and period."""
    return await post(
        session,
        certificate_id=certificate_id,
        kind=LedgerKind.CREDIT,
        key=f"credit:{certificate_id}:{period_id}",
        balance_delta=amount,
        period_id=period_id,
    )


async def reserve(
    session: AsyncSession, certificate_id: int, amount: int, *, enrollment_id: int, provider_id: int
) -> LedgerEntry | None:
    """Move the certificate's part of a confirmed paid enrollment from the balance to the reserve."""
    return await post(
        session,
        certificate_id=certificate_id,
        kind=LedgerKind.RESERVE,
        key=f"reserve:{enrollment_id}",
        balance_delta=-amount,
        reserve_delta=amount,
        enrollment_id=enrollment_id,
        provider_id=provider_id,
    )


async def reserved_for(session: AsyncSession, enrollment_id: int) -> int:
    """What is still held in reserve for one enrollment."""
    value = await session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.reserve_delta), 0)).where(
            LedgerEntry.enrollment_id == enrollment_id
        )
    )
    return int(value or 0)


async def release(
    session: AsyncSession, certificate_id: int, *, enrollment_id: int, keep: int = 0, key: str | None = None
) -> LedgerEntry | None:
    """Return what is left of an enrollment's reserve to the balance (it ended early), except `keep`
    (still due to the provider for months not yet written off)."""
    amount = await reserved_for(session, enrollment_id) - keep
    if amount <= 0:
        return None
    return await post(
        session,
        certificate_id=certificate_id,
        kind=LedgerKind.RELEASE,
        key=key or f"release:{enrollment_id}",
        balance_delta=amount,
        reserve_delta=-amount,
        enrollment_id=enrollment_id,
    )


async def write_off(
    session: AsyncSession,
    certificate_id: int,
    amount: int,
    *,
    enrollment_id: int,
    provider_id: int,
    month: date,
) -> LedgerEntry | None:
    """Pay a month of an enrollment to the provider from its reserve: once per enrollment and month."""
    return await post(
        session,
        certificate_id=certificate_id,
        kind=LedgerKind.WRITEOFF,
        key=f"writeoff:{enrollment_id}:{month:%Y-%m}",
        reserve_delta=-amount,
        enrollment_id=enrollment_id,
        provider_id=provider_id,
        month=month,
    )


async def is_written_off(session: AsyncSession, enrollment_id: int, month: date) -> bool:
    key = f"writeoff:{enrollment_id}:{month:%Y-%m}"
    return await session.scalar(select(LedgerEntry.id).where(LedgerEntry.key == key)) is not None


async def expire(session: AsyncSession, certificate_id: int, *, period_id: int) -> LedgerEntry | None:
    """The unused free balance expires at the period's end (it does not carry over)."""
    left = (await balance_of(session, certificate_id)).balance
    if left <= 0:
        return None
    return await post(
        session,
        certificate_id=certificate_id,
        kind=LedgerKind.EXPIRE,
        key=f"expire:{certificate_id}:{period_id}",
        balance_delta=-left,
        period_id=period_id,
    )


async def entries(
    session: AsyncSession, certificate_id: int, *, offset: int, limit: int
) -> list[LedgerEntry]:
    """The certificate's movements, newest first."""
    rows = await session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.certificate_id == certificate_id)
        .order_by(LedgerEntry.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows)


async def count_entries(session: AsyncSession, certificate_id: int) -> int:
    value = await session.scalar(
        select(func.count(LedgerEntry.id)).where(LedgerEntry.certificate_id == certificate_id)
    )
    return int(value or 0)
