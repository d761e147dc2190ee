"""The certificate's money: a ledger of entries whose sums are the balance and the reserve.

Every movement goes through `post`, which locks the certificate row (a no-op on SQLite, where the
write transaction is already exclusive), refuses to let either sum go below zero, and writes each
movement once: a second post with the same key is ignored and returns None. Jobs that move the money
of thousands of certificates use a `Batch`: the same locks and checks, one INSERT for all."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.errors import DomainError
from db.models import Certificate, LedgerEntry, LedgerKind

# What a provider is paid: its write-offs less the refunds of disputed months (a refund puts money back
# on the balance, a write-off takes it from the reserve). Sum PAID over entries of PAID_KINDS.
PAID_KINDS = (LedgerKind.WRITEOFF, LedgerKind.REFUND)
PAID = -(LedgerEntry.balance_delta + LedgerEntry.reserve_delta)


@dataclass(frozen=True)
class Balance:
    balance: int  # kopecks free to use
    reserved: int  # kopecks reserved for confirmed paid enrollments


class InsufficientFunds(DomainError):
    def __init__(self, shortfall: int) -> None:
        super().__init__("error-insufficient-funds", shortfall_kopecks=shortfall)
        self.shortfall = shortfall


def credit_key(certificate_id: int, period_id: int) -> str:
    return f"credit:{certificate_id}:{period_id}"


def expire_key(certificate_id: int, period_id: int) -> str:
    return f"expire:{certificate_id}:{period_id}"


def writeoff_key(enrollment_id: int, month: date) -> str:
    return f"writeoff:{enrollment_id}:{month.year:04d}-{month.month:02d}"


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
        key=credit_key(certificate_id, period_id),
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


def refund_key(enrollment_id: int, month: date) -> str:
    return f"refund:{enrollment_id}:{month.year:04d}-{month.month:02d}"


async def written_off(session: AsyncSession, enrollment_id: int, month: date) -> LedgerEntry | None:
    """The write-off of one enrollment's month, if it was made."""
    key = writeoff_key(enrollment_id, month)
    return await session.scalar(select(LedgerEntry).where(LedgerEntry.key == key))


async def refund(session: AsyncSession, writeoff: LedgerEntry, amount: int) -> LedgerEntry | None:
    """Reverse `amount` of a write-off (a disputed month): back to the certificate's free balance and
    off the provider's statement. Once per enrollment and month; the write-off itself is never edited."""
    if not 0 < amount <= -writeoff.reserve_delta or writeoff.enrollment_id is None or writeoff.month is None:
        return None
    return await post(
        session,
        certificate_id=writeoff.certificate_id,
        kind=LedgerKind.REFUND,
        key=refund_key(writeoff.enrollment_id, writeoff.month),
        balance_delta=amount,
        enrollment_id=writeoff.enrollment_id,
        provider_id=writeoff.provider_id,
        month=writeoff.month,
    )


async def is_written_off(session: AsyncSession, enrollment_id: int, month: date) -> bool:
    return await written_off(session, enrollment_id, month) is not None


async def expire(session: AsyncSession, certificate_id: int, *, period_id: int) -> LedgerEntry | None:
    """The unused free balance expires at the period's end (it does not carry over)."""
    left = (await balance_of(session, certificate_id)).balance
    if left <= 0:
        return None
    return await post(
        session,
        certificate_id=certificate_id,
        kind=LedgerKind.EXPIRE,
        key=expire_key(certificate_id, period_id),
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


@dataclass(frozen=True)
class Movement:
    """One entry of a `Batch`, the arguments of `post`."""

    certificate_id: int
    kind: LedgerKind
    key: str
    balance_delta: int = 0
    reserve_delta: int = 0
    period_id: int | None = None
    enrollment_id: int | None = None
    provider_id: int | None = None
    month: date | None = None
    note: str | None = None


class Batch:
    """Movements of many certificates written with one INSERT. Made by `batch`, which locks the
    certificates and reads their sums; `add` checks each movement against them as `post` does."""

    def __init__(self, balances: dict[int, Balance], credited: dict[tuple[int, int], int]) -> None:
        self.balances = balances
        self.credited = credited  # (certificate id, period id) -> the credits of that period
        self.movements: list[Movement] = []

    def add(self, movement: Movement) -> Balance:
        """Take one movement (its key not posted before: the caller checked). Returns the
        certificate's sums after it; raises InsufficientFunds like `post`."""
        current = self.balances.get(movement.certificate_id, Balance(0, 0))
        after = Balance(current.balance + movement.balance_delta, current.reserved + movement.reserve_delta)
        if after.balance < 0:
            raise InsufficientFunds(-after.balance)
        if after.reserved < 0:
            raise DomainError("error-reserve-negative")
        self.balances[movement.certificate_id] = after
        self.movements.append(movement)
        return after

    async def write(self, session: AsyncSession, now: datetime) -> None:
        if self.movements:
            rows = [dict(m.__dict__, created_at=now) for m in self.movements]
            await session.execute(insert(LedgerEntry), rows)
        self.movements = []


async def batch(session: AsyncSession, certificate_ids: Collection[int]) -> Batch:
    """Lock the certificates (in id order, so two batches never deadlock) and read their balances
    and what each period credited them, in one query."""
    ids = sorted(set(certificate_ids))
    if session.bind is None or session.bind.dialect.name != "sqlite":  # SQLite's transaction is exclusive
        await session.execute(select(Certificate.id).where(Certificate.id.in_(ids)).with_for_update())
    return await sums(session, ids)


async def sums(session: AsyncSession, certificate_ids: Collection[int]) -> Batch:
    """The certificates' balances and credits by period, without locking them (to read, not move)."""
    rows = await session.execute(
        select(
            LedgerEntry.certificate_id,
            LedgerEntry.kind,
            LedgerEntry.period_id,
            func.sum(LedgerEntry.balance_delta),
            func.sum(LedgerEntry.reserve_delta),
        )
        .where(LedgerEntry.certificate_id.in_(certificate_ids))
        .group_by(LedgerEntry.certificate_id, LedgerEntry.kind, LedgerEntry.period_id)
    )
    balances: dict[int, Balance] = {}
    credited: dict[tuple[int, int], int] = {}
    for certificate_id, kind, period_id, balance, reserved in rows:
        before = balances.get(certificate_id, Balance(0, 0))
        balances[certificate_id] = Balance(before.balance + int(balance), before.reserved + int(reserved))
        if kind is LedgerKind.CREDIT and period_id is not None:
            credited[(certificate_id, period_id)] = int(balance)
    return Batch(balances, credited)


async def posted(session: AsyncSession, keys: Collection[str]) -> set[str]:
    """Which of `keys` were posted before."""
    return set(await session.scalars(select(LedgerEntry.key).where(LedgerEntry.key.in_(keys))))


async def reserves_and_writeoffs(
    session: AsyncSession, enrollment_ids: Collection[int], month: date
) -> dict[int, tuple[int, bool]]:
    """For each enrollment: `reserved_for` it, and whether `month` was written off (`is_written_off`),
    in one query. Absent: nothing was ever reserved for it."""
    rows = await session.execute(
        select(
            LedgerEntry.enrollment_id,
            func.sum(LedgerEntry.reserve_delta),
            func.max(
                case(((LedgerEntry.kind == LedgerKind.WRITEOFF) & (LedgerEntry.month == month), 1), else_=0)
            ),
        )
        .where(LedgerEntry.enrollment_id.in_(enrollment_ids))
        .group_by(LedgerEntry.enrollment_id)
    )
    return {int(eid): (int(total), bool(written)) for eid, total, written in rows if eid is not None}
