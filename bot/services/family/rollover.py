"""The daily check of certificate periods and ages.

At a period's end the unused balance expires and the next period's nominal is credited to every valid
financing certificate (the next period copies the last one's nominal and quota if staff have not set
it). A certificate closes on the child's 18th birthday (`closing.close`: enrollments end, what was not
studied returns from the reserve, the balance expires). Families hear of both 30 days ahead. The check
walks the certificates in batches, each a short transaction, and everything goes through unique ledger
and outbox keys and JobRun rows, so it can stop anywhere and run any number of times a day and after a
pause; a failed check is retried."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import batching, outbox
from bot.services.clock import Clock
from bot.services.family import closing
from bot.services.money import ledger
from bot.services.money.writeoffs import LowBalance, current_periods
from db.models import (
    Certificate,
    CertificateKind,
    CertificateState,
    Child,
    JobRun,
    LedgerKind,
    Municipality,
    Period,
)

if TYPE_CHECKING:
    from bot.jobs.context import JobContext

log = logging.getLogger(__name__)

JOB = "rollover"
NOTICE_DAYS = 30


def _slot(period: Period) -> str:
    return f"period:{period.id}"


def _year_later(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


async def next_period(session: AsyncSession, period: Period) -> Period:
    """The period after `period`, created as a copy of it when staff have not set one."""
    starts_on = period.ends_on + timedelta(days=1)
    found = await session.scalar(
        select(Period).where(Period.municipality_id == period.municipality_id, Period.starts_on == starts_on)
    )
    if found is not None:
        return found
    created = Period(
        municipality_id=period.municipality_id,
        starts_on=starts_on,
        ends_on=_year_later(starts_on) - timedelta(days=1),
        nominal_kopecks=period.nominal_kopecks,
        financing_quota=period.financing_quota,
        child_population=period.child_population,
    )
    session.add(created)
    await session.flush()
    return created


@dataclass(frozen=True)
class Holder:
    """What the daily check needs of one certificate: one row of a batch."""

    id: int
    number: str
    kind: CertificateKind
    state: CertificateState
    valid_until: date
    municipality_id: int
    low_balance_threshold: int
    parent_id: int | None  # None: the child's data was deleted (nobody to tell)


async def _holders(session: AsyncSession, *where: ColumnElement[bool]) -> list[Holder]:
    rows = await session.execute(
        select(
            Certificate.id,
            Certificate.number,
            Certificate.kind,
            Certificate.state,
            Certificate.valid_until,
            Certificate.municipality_id,
            Municipality.low_balance_threshold_kopecks,
            Child.parent_id,
        )
        .join(Municipality, Certificate.municipality_id == Municipality.id)
        .outerjoin(Child, Certificate.child_id == Child.id)
        .where(*where)
        .order_by(Certificate.id)
    )
    return [Holder(*row) for row in rows]


async def close_period(
    session: AsyncSession, in_range: ColumnElement[bool], *, period: Period, following: Period, clock: Clock
) -> None:
    """The period ended, for the certificates of `in_range`: expire what is unused, credit the next
    period's nominal."""
    holders = await _holders(session, in_range, Certificate.municipality_id == period.municipality_id)
    if not holders:
        return
    money = await ledger.batch(session, [h.id for h in holders])
    keys = [ledger.expire_key(h.id, period.id) for h in holders]
    keys += [ledger.credit_key(h.id, following.id) for h in holders]
    posted = await ledger.posted(session, keys)
    credits = following.ends_on >= clock.today() and following.nominal_kopecks > 0
    for holder in holders:
        left = money.balances.get(holder.id, ledger.Balance(0, 0)).balance
        expire = ledger.expire_key(holder.id, period.id)
        if left > 0 and expire not in posted:
            money.add(
                ledger.Movement(
                    holder.id, LedgerKind.EXPIRE, expire, balance_delta=-left, period_id=period.id
                )
            )
        credit = ledger.credit_key(holder.id, following.id)
        if (
            credits
            and credit not in posted
            and holder.kind is CertificateKind.FINANCING
            and holder.state is CertificateState.ACTIVE
            and holder.valid_until > following.starts_on
        ):
            money.add(
                ledger.Movement(
                    holder.id,
                    LedgerKind.CREDIT,
                    credit,
                    balance_delta=following.nominal_kopecks,
                    period_id=following.id,
                )
            )
    await money.write(session, clock.now())


async def _close_adults(session: AsyncSession, in_range: ColumnElement[bool], *, clock: Clock) -> int:
    """The children who turned 18: their certificates close (`closing.close`), suspended ones too."""
    adults = await session.scalars(
        select(Certificate).where(
            in_range, Certificate.state.in_(closing.CLOSABLE), Certificate.valid_until <= clock.today()
        )
    )
    closed = 0
    for certificate in list(adults.unique()):
        await closing.close(
            session,
            certificate,
            cause=closing.Cause.AGE_18,
            actor_id=None,
            now=clock.now(),
            today=clock.today(),
        )
        closed += 1
    return closed


def _period_ending(
    holder: Holder, parent_id: int, period: Period | None, balance: int
) -> batching.Notice | None:
    """The period ends in NOTICE_DAYS and money is left: what is unused then expires."""
    if period is None or balance <= 0:
        return None
    return batching.Notice(
        chat_id=parent_id,
        key=f"mo-pend:{holder.id}:{period.id}",
        text_key="money-period-ending",
        args={"number": holder.number, "balance_kopecks": balance, "end_date": period.ends_on.isoformat()},
        buttons=[[outbox.button("money-btn-view", outbox.Open.MONEY, holder.id)]],
    )


def _turns_eighteen(holder: Holder, parent_id: int) -> batching.Notice:
    """The child turns 18 in NOTICE_DAYS: the certificate is valid until then."""
    return batching.Notice(
        chat_id=parent_id,
        key=f"mo-turns18:{holder.id}",
        text_key="money-turns-eighteen",
        args={"number": holder.number, "until_date": holder.valid_until.isoformat()},
    )


async def _notify(
    session: AsyncSession,
    in_range: ColumnElement[bool],
    *,
    clock: Clock,
    ending: dict[int, Period],
    periods: dict[int, int],
) -> None:
    """The notices of the day for the certificates of `in_range`: the period ends in NOTICE_DAYS (to
    those with money left), the child turns 18 in NOTICE_DAYS, and the free balance fell low."""
    today = clock.today()
    horizon = today + timedelta(days=NOTICE_DAYS)
    holders = [
        h
        for h in await _holders(session, in_range, Certificate.state == CertificateState.ACTIVE)
        if h.parent_id is not None
    ]
    if not holders:
        return
    money = await ledger.sums(session, [h.id for h in holders])
    low = LowBalance(periods, money.credited)
    notices = batching.Notices()
    for holder in holders:
        assert holder.parent_id is not None
        balance = money.balances.get(holder.id, ledger.Balance(0, 0)).balance
        notices.add(_period_ending(holder, holder.parent_id, ending.get(holder.municipality_id), balance))
        if today < holder.valid_until <= horizon:
            notices.add(_turns_eighteen(holder, holder.parent_id))
        if holder.kind is CertificateKind.FINANCING:
            notices.add(
                low.notice(
                    certificate_id=holder.id,
                    number=holder.number,
                    parent_id=holder.parent_id,
                    municipality_id=holder.municipality_id,
                    threshold=holder.low_balance_threshold,
                    balance=balance,
                )
            )
    await notices.enqueue(session, clock.now())


async def run(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> None:
    """The daily check, in batches of certificates, each a short transaction: every ended period
    rolls over (a JobRun row marks it done once all its batches are), then the adults' certificates
    close, then the notices of the day are queued. Safe to stop and run again at any point."""
    today = clock.today()
    while True:  # a created next period may itself have ended after a long pause
        async with sessionmaker.begin() as session:
            done = set(await session.scalars(select(JobRun.slot).where(JobRun.job == JOB)))
            ended = await session.scalars(
                select(Period).where(Period.ends_on < today).order_by(Period.ends_on, Period.id)
            )
            period = next((p for p in ended.unique() if _slot(p) not in done), None)
            if period is None:
                break
            following = await next_period(session, period)
        roll = partial(close_period, period=period, following=following, clock=clock)
        await batching.by_id_ranges(sessionmaker, Certificate.id, roll)
        async with sessionmaker.begin() as session:
            session.add(JobRun(job=JOB, slot=_slot(period), finished_at=clock.now()))
        log.info("period %d rolled over", period.id)

    await batching.by_id_ranges(sessionmaker, Certificate.id, partial(_close_adults, clock=clock))
    async with sessionmaker.begin() as session:
        horizon = today + timedelta(days=NOTICE_DAYS)
        periods = await session.scalars(
            select(Period).where(Period.ends_on >= today, Period.ends_on <= horizon).order_by(Period.ends_on)
        )
        ending = {p.municipality_id: p for p in periods.unique()}
        current = await current_periods(session, clock)
    await batching.by_id_ranges(
        sessionmaker, Certificate.id, partial(_notify, clock=clock, ending=ending, periods=current)
    )


async def run_job(ctx: JobContext) -> None:
    await batching.retrying(lambda: run(ctx.sessionmaker, ctx.clock), what="daily money check")
    ctx.sender.wake()
