"""The daily check of certificate periods and ages.

At a period's end the unused balance expires and the next period's nominal is credited to every valid
financing certificate (the next period copies the last one's nominal and quota if staff have not set
it). A certificate closes on the child's 18th birthday, its reserves return and its balance expires.
Families hear of both 30 days ahead. Everything goes through unique ledger and outbox keys and JobRun
rows, so the check can run any number of times a day and after a pause."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import enrollment_hooks, ledger, outbox
from bot.services.clock import Clock
from bot.services.money import view_callback
from bot.services.periods import current_period
from bot.services.writeoffs import warn_low_balance
from db.models import (
    Certificate,
    CertificateEvent,
    CertificateKind,
    CertificateState,
    JobRun,
    Period,
)

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


async def _certificates(session: AsyncSession, municipality_id: int) -> list[Certificate]:
    rows = await session.scalars(
        select(Certificate).where(Certificate.municipality_id == municipality_id).order_by(Certificate.id)
    )
    return list(rows.unique())


async def close_period(session: AsyncSession, period: Period, today: date) -> None:
    """The period ended: expire what is unused, credit the next period's nominal."""
    certificates = await _certificates(session, period.municipality_id)
    for certificate in certificates:
        await ledger.expire(session, certificate.id, period_id=period.id)
    following = await next_period(session, period)
    if following.ends_on >= today and following.nominal_kopecks > 0:
        for certificate in certificates:
            if (
                certificate.kind is CertificateKind.FINANCING
                and certificate.state is CertificateState.ACTIVE
                and certificate.valid_until > following.starts_on
            ):
                await ledger.credit(
                    session, certificate.id, following.nominal_kopecks, period_id=following.id
                )


async def close_at_eighteen(session: AsyncSession, certificate: Certificate, clock: Clock) -> None:
    """The child turned 18: the certificate closes, reserves return and the balance expires."""
    certificate.state = CertificateState.CLOSED
    certificate.state_reason = "age_18"
    if certificate.child_id is not None:
        # Through the enrollment service: seats are freed and offered on, reserves settled (what was
        # studied stays owed to the provider until the month's write-off), providers told.
        await enrollment_hooks.end_for_children(session, [certificate.child_id], clock.now())
    period = await current_period(session, certificate.municipality_id, clock.today())
    if period is not None:
        await ledger.expire(session, certificate.id, period_id=period.id)
    session.add(CertificateEvent(certificate_id=certificate.id, action="close", details={"cause": "age_18"}))
    if certificate.child is not None:
        await outbox.enqueue(
            session,
            now=clock.now(),
            chat_id=certificate.child.parent_id,
            key=f"mo-closed18:{certificate.id}",
            text_key="money-closed-eighteen",
            args={"number": certificate.number},
            not_before=clock.now(),
        )


async def _notify_ahead(session: AsyncSession, clock: Clock) -> None:
    today = clock.today()
    horizon = today + timedelta(days=NOTICE_DAYS)
    ending = await session.scalars(select(Period).where(Period.ends_on >= today, Period.ends_on <= horizon))
    for period in ending.unique():
        for certificate in await _certificates(session, period.municipality_id):
            if certificate.child is None or certificate.state is not CertificateState.ACTIVE:
                continue
            balance = (await ledger.balance_of(session, certificate.id)).balance
            if balance > 0:
                await outbox.enqueue(
                    session,
                    now=clock.now(),
                    chat_id=certificate.child.parent_id,
                    key=f"mo-pend:{certificate.id}:{period.id}",
                    text_key="money-period-ending",
                    args={
                        "number": certificate.number,
                        "balance_kopecks": balance,
                        "end_date": period.ends_on.isoformat(),
                    },
                    buttons=[
                        [{"text_key": "money-btn-view", "callback_data": view_callback(certificate.id)}]
                    ],
                    not_before=clock.now(),
                )
    adults = await session.scalars(
        select(Certificate).where(
            Certificate.state == CertificateState.ACTIVE,
            Certificate.valid_until > today,
            Certificate.valid_until <= horizon,
        )
    )
    for certificate in adults.unique():
        if certificate.child is not None:
            await outbox.enqueue(
                session,
                now=clock.now(),
                chat_id=certificate.child.parent_id,
                key=f"mo-turns18:{certificate.id}",
                text_key="money-turns-eighteen",
                args={"number": certificate.number, "until_date": certificate.valid_until.isoformat()},
                not_before=clock.now(),
            )


async def run(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> None:
    """The daily check; each period's rollover commits on its own."""
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
            await close_period(session, period, today)
            session.add(JobRun(job=JOB, slot=_slot(period), finished_at=clock.now()))
            log.info("period %d rolled over", period.id)
    async with sessionmaker.begin() as session:
        adults = await session.scalars(
            select(Certificate).where(
                Certificate.state == CertificateState.ACTIVE, Certificate.valid_until <= today
            )
        )
        for certificate in list(adults.unique()):
            await close_at_eighteen(session, certificate, clock)
        await _notify_ahead(session, clock)
        financing = await session.scalars(
            select(Certificate).where(
                Certificate.kind == CertificateKind.FINANCING, Certificate.state == CertificateState.ACTIVE
            )
        )
        for certificate in list(financing.unique()):
            await warn_low_balance(session, certificate, clock)
