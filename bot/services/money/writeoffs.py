"""The monthly write-off: on the 1st of the month, for each active paid enrollment, the month that just
ended moves from the certificate's reserve to the provider.

The amount is the certificate's monthly part, pro-rated by days for a partial first or last month and
reduced by the share of lessons the provider reports as given (100 % when not reported), never more
than the enrollment's reserve. Enrollments are charged in batches, each a short transaction of a few
statements (bot/services/batching.py), under unique ledger keys, so a run cut short and repeated
charges nobody twice; a JobRun row marks the month done. Every month due and not done since the last
one done is run, at start and at each scheduled run, and a failed run is retried until it succeeds."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import batching, outbox
from bot.services.accounts import audit
from bot.services.clock import Clock
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.money import billing, disputes, ledger
from db.models import (
    Certificate,
    CertificateState,
    Child,
    Enrollment,
    EnrollmentStatus,
    Group,
    JobRun,
    LedgerEntry,
    LedgerKind,
    LessonReport,
    Municipality,
    Period,
    Program,
    ProviderMembership,
    Register,
)

if TYPE_CHECKING:
    from bot.jobs.context import JobContext

log = logging.getLogger(__name__)

JOB = "writeoff"
RUN_HOUR = 3  # local time on the 1st


def first_of(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return first_of(first_of(month) - timedelta(days=1))


@lru_cache(maxsize=64)
def slot(month: date) -> str:
    return f"{month:%Y-%m}"


def due_month(local_now: datetime) -> date:
    """The month whose write-off was last due at `local_now`: the previous month once the 1st's run
    hour has passed, else the month before it."""
    return previous_month((local_now - timedelta(hours=RUN_HOUR)).date())


def reporting_month(local_now: datetime) -> date:
    """The month a lesson report is for: the current one, or the one just ended until its run."""
    return first_of((local_now - timedelta(hours=RUN_HOUR)).date())


def share_or_full(reported: int | None) -> int:
    """The share of lessons a month is paid for: as reported, 100 % when not reported."""
    return 100 if reported is None else reported


async def lesson_share(session: AsyncSession, group_id: int, month: date) -> int:
    value = await session.scalar(
        select(LessonReport.share_percent).where(
            LessonReport.group_id == group_id, LessonReport.month == month
        )
    )
    return share_or_full(value)


async def month_done(session: AsyncSession, month: date) -> bool:
    finished = await session.scalar(
        select(JobRun.finished_at).where(JobRun.job == JOB, JobRun.slot == slot(month))
    )
    return finished is not None


async def reportable_groups(session: AsyncSession, provider_ids: frozenset[int]) -> list[Group]:
    """The provider's groups of paid programs that are running (those the share matters for)."""
    rows = await session.scalars(
        select(Group)
        .join(Program, Group.program_id == Program.id)
        .where(
            Program.provider_id.in_(provider_ids),
            Program.register == Register.CERTIFIED,
            Group.archived.is_(False),
        )
        .order_by(Group.id)
    )
    return list(rows.unique())


async def own_group(session: AsyncSession, provider_ids: frozenset[int], group_id: int) -> Group:
    group = await session.get(Group, group_id)
    if group is None:
        raise NotFound()
    if group.program.provider_id not in provider_ids:
        raise NotAllowed()
    return group


async def report_lessons(
    session: AsyncSession,
    *,
    provider_ids: frozenset[int],
    actor_id: int,
    group_id: int,
    month: date,
    percent: int,
) -> Group:
    """The provider reports the share of lessons given in a group this month (before the run)."""
    group = await own_group(session, provider_ids, group_id)
    if not 0 <= percent <= 100:
        raise DomainError("money-lessons-bad-percent")
    if await month_done(session, month):
        raise DomainError("money-lessons-too-late")
    report = await session.scalar(
        select(LessonReport).where(LessonReport.group_id == group_id, LessonReport.month == month)
    )
    if report is None:
        session.add(LessonReport(group_id=group_id, month=month, share_percent=percent, reported_by=actor_id))
    else:
        report.share_percent = percent
        report.reported_by = actor_id
    await audit.record(
        session,
        actor_id=actor_id,
        actor_role="provider",
        action="lessons_reported",
        object_type="group",
        object_id=group_id,
        month=slot(month),
        percent=percent,
    )
    return group


def _owing(month: date) -> list[ColumnElement[bool]]:
    """Paid enrollments that may owe something for `month`: active, or ended on or after its first day."""
    return [
        Program.register == Register.CERTIFIED,
        Enrollment.certificate_id.is_not(None),
        Enrollment.certificate_part_kopecks > 0,
        or_(
            Enrollment.status == EnrollmentStatus.ACTIVE,
            (Enrollment.status == EnrollmentStatus.ENDED) & (Enrollment.ended_at >= _start_of(month)),
        ),
    ]


def _start_of(month: date) -> datetime:
    return datetime(month.year, month.month, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Due:
    """What the write-off needs to know of one enrollment: one row of a batch."""

    enrollment_id: int
    certificate_id: int
    provider_id: int
    group_id: int
    study: tuple[date, date]
    certificate_part: int
    family_part: int
    program_title: str
    certificate_number: str
    certificate_closed: bool
    ended: bool  # the enrollment ended (a closing certificate ends its enrollments)
    municipality_id: int
    low_balance_threshold: int
    parent_id: int | None  # None: the certificate's child was deleted (nobody to tell)
    child_name: str
    lesson_share: int  # the share of lessons reported for the month (100 % when not reported)


async def _dues(session: AsyncSession, month: date, which: ColumnElement[bool]) -> list[Due]:
    """The enrollments of `which` that may owe something for `month`, by id."""
    rows = await session.execute(
        select(
            Enrollment.id,
            Certificate.id,
            Enrollment.provider_id,
            Enrollment.group_id,
            Enrollment.starts_on,
            Enrollment.ends_on,
            Group.starts_on,
            Group.ends_on,
            Enrollment.decided_at,
            Enrollment.ended_at,
            Enrollment.certificate_part_kopecks,
            Enrollment.family_part_kopecks,
            Program.title,
            Certificate.number,
            Certificate.state,
            Certificate.municipality_id,
            Municipality.low_balance_threshold_kopecks,
            Child.parent_id,
            Child.first_name,
            LessonReport.share_percent,
        )
        .join(Program, Enrollment.program_id == Program.id)
        .join(Group, Enrollment.group_id == Group.id)
        .join(Certificate, Enrollment.certificate_id == Certificate.id)
        .join(Municipality, Certificate.municipality_id == Municipality.id)
        .outerjoin(Child, Certificate.child_id == Child.id)
        .outerjoin(
            LessonReport, (LessonReport.group_id == Enrollment.group_id) & (LessonReport.month == month)
        )
        .where(*_owing(month), which)
        .order_by(Enrollment.id)
    )
    return [
        Due(
            enrollment_id=r[0],
            certificate_id=r[1],
            provider_id=r[2],
            group_id=r[3],
            study=billing.study_range_of(r[4] or r[6], r[5] or r[7], decided_at=r[8], ended_at=r[9]),
            certificate_part=r[10],
            family_part=r[11],
            program_title=r[12],
            certificate_number=r[13],
            certificate_closed=r[14] is CertificateState.CLOSED,
            ended=r[9] is not None,
            municipality_id=r[15],
            low_balance_threshold=r[16],
            parent_id=r[17],
            child_name=r[18] or "",
            lesson_share=share_or_full(r[19]),
        )
        for r in rows
    ]


@dataclass
class Batch:
    """One batch of the write-off: what the database says of its enrollments, read under the
    certificates' locks, and what the batch will write."""

    month: date
    now: datetime
    money: ledger.Batch
    reserves: dict[int, tuple[int, bool]]  # enrollment id -> (what its reserve holds, month written off)
    low: LowBalance
    notices: batching.Notices = field(default_factory=batching.Notices)

    @classmethod
    async def read(
        cls, session: AsyncSession, dues: list[Due], month: date, clock: Clock, periods: dict[int, int]
    ) -> Batch:
        money = await ledger.batch(session, {d.certificate_id for d in dues})
        return cls(
            month=month,
            now=clock.now(),
            money=money,
            reserves=await ledger.reserves_and_writeoffs(session, [d.enrollment_id for d in dues], month),
            low=LowBalance(periods, money.credited),
        )

    async def write(self, session: AsyncSession) -> None:
        await self.money.write(session, self.now)
        await self.notices.enqueue(session, self.now)


async def charge(session: AsyncSession, enrollment: Enrollment, month: date, clock: Clock) -> int | None:
    """Write off `month` for one enrollment and tell the parent, in the caller's transaction: a batch
    of one. Returns the amount, or None when the enrollment owes nothing for that month or was
    charged before."""
    dues = await _dues(session, month, Enrollment.id == enrollment.id)
    if not dues:
        return None
    batch = await Batch.read(session, dues, month, clock, await current_periods(session, clock))
    amount = await charge_due(batch, dues[0])
    await batch.write(session)
    return amount


@lru_cache(maxsize=4096)
def _month_fractions(study: tuple[date, date]) -> tuple[dict[date, Fraction], date | None]:
    """The study range's months with their shares of days, and its last month. Thousands of
    enrollments share a few study ranges: the calendar arithmetic is done once for each."""
    fractions = billing.month_fractions(*study)
    return dict(fractions), fractions[-1][0] if fractions else None


async def charge_due(batch: Batch, due: Due) -> int | None:
    """Write off the batch's month for one of its enrollments and queue the parent's notice (both
    written with the batch). Returns the amount, or None (see `charge`)."""
    month = batch.month
    left, written = batch.reserves.get(due.enrollment_id, (0, False))
    # An enrollment still active on a closed certificate was left behind by a closing made before
    # closings ended enrollments: nobody studies on it, so nothing is paid. One the closing ended is
    # paid for the days studied.
    if written or (due.certificate_closed and not due.ended):
        return None
    shares, last_month = _month_fractions(due.study)
    days_share = shares.get(month)
    if days_share is None or left <= 0:
        return None
    percent = due.lesson_share
    amount = min(billing.amount_for(due.certificate_part, days_share) * percent // 100, left)
    balance = _post(batch, due, amount, left - amount if month == last_month else 0)
    if due.parent_id is not None:
        family = billing.amount_for(due.family_part, days_share) * percent // 100
        _tell_family(batch, due, due.parent_id, amount, family, balance)
    return amount


def _post(batch: Batch, due: Due, amount: int, rest: int) -> ledger.Balance:
    """The month's write-off from the reserve to the provider; in the last month the `rest` of the
    reserve the shares did not use goes back to the balance (and expires on a closed certificate).
    Returns the certificate's balance after them."""
    month = batch.month
    balance = batch.money.add(
        ledger.Movement(
            certificate_id=due.certificate_id,
            kind=LedgerKind.WRITEOFF,
            key=ledger.writeoff_key(due.enrollment_id, month),
            reserve_delta=-amount,
            enrollment_id=due.enrollment_id,
            provider_id=due.provider_id,
            month=month,
        )
    )
    if rest > 0:
        balance = batch.money.add(
            ledger.Movement(
                certificate_id=due.certificate_id,
                kind=LedgerKind.RELEASE,
                key=f"release:{due.enrollment_id}:{slot(month)}",
                balance_delta=rest,
                reserve_delta=-rest,
                enrollment_id=due.enrollment_id,
            )
        )
        if due.certificate_closed:  # nothing stays free to use on a closed certificate
            balance = batch.money.add(
                ledger.Movement(
                    certificate_id=due.certificate_id,
                    kind=LedgerKind.EXPIRE,
                    key=f"expire:enrollment:{due.enrollment_id}:{slot(month)}",
                    balance_delta=-rest,
                )
            )
    return balance


def _tell_family(
    batch: Batch, due: Due, parent_id: int, amount: int, family: int, balance: ledger.Balance
) -> None:
    """The write-off notice (what was paid, the family's part, what is left) and, on a certificate
    still in use, the low-balance warning when the balance fell below the threshold."""
    batch.notices.add(
        batching.Notice(
            chat_id=parent_id,
            key=f"mo-writeoff:{due.enrollment_id}:{slot(batch.month)}",
            text_key="money-writeoff-notice",
            args={
                "child": due.child_name,
                "program": due.program_title,
                "month": f"{batch.month:%m.%Y}",
                "percent": due.lesson_share,
                "amount_kopecks": amount,
                "family_kopecks": family,
                "left_kopecks": balance.balance + balance.reserved,
                "free_kopecks": balance.balance,
            },
            buttons=[
                [outbox.button("money-btn-view", outbox.Open.MONEY, due.certificate_id)],
                # «Ребёнок не занимался в этом месяце»: opens a dispute of this month (disputes.py)
                [
                    outbox.button(
                        "dispute-btn-ask",
                        outbox.Open.DISPUTE_ASK,
                        due.enrollment_id,
                        disputes.month_code(batch.month),
                    )
                ],
            ],
        )
    )
    if not due.certificate_closed:
        batch.notices.add(
            batch.low.notice(
                certificate_id=due.certificate_id,
                number=due.certificate_number,
                parent_id=parent_id,
                municipality_id=due.municipality_id,
                threshold=due.low_balance_threshold,
                balance=balance.balance,
            )
        )


@dataclass(frozen=True)
class LowBalance:
    """The low-balance warning: once per certificate, period and threshold, when the free balance
    falls below the municipality's threshold after the period credited at least that much."""

    periods: dict[int, int]  # municipality id -> its current period's id
    credited: dict[tuple[int, int], int]  # (certificate id, period id) -> credited in that period

    def notice(
        self,
        *,
        certificate_id: int,
        number: str,
        parent_id: int,
        municipality_id: int,
        threshold: int,
        balance: int,
    ) -> batching.Notice | None:
        period_id = self.periods.get(municipality_id)
        if period_id is None or threshold <= 0:
            return None
        if self.credited.get((certificate_id, period_id), 0) < threshold or balance >= threshold:
            return None
        return batching.Notice(
            chat_id=parent_id,
            key=f"mo-low:{certificate_id}:{period_id}:{threshold}",
            text_key="money-low-balance",
            args={"number": number, "balance_kopecks": balance, "threshold_kopecks": threshold},
            buttons=[[outbox.button("money-btn-view", outbox.Open.MONEY, certificate_id)]],
        )


async def current_periods(session: AsyncSession, clock: Clock) -> dict[int, int]:
    """Each municipality's current period: {municipality id: period id}."""
    return await periods_on(session, clock.today())


async def periods_on(session: AsyncSession, today: date) -> dict[int, int]:
    """Each municipality's period on `today`: {municipality id: period id}."""
    rows = await session.execute(
        select(Period.municipality_id, Period.id).where(Period.starts_on <= today, Period.ends_on >= today)
    )
    return {m: p for m, p in rows}


async def warn_low_balance(
    session: AsyncSession, certificate: Certificate, *, today: date, now: datetime
) -> bool:
    """Warn the parent of one certificate (see LowBalance) unless warned before; True when queued.
    Called where money leaves the free balance outside the write-off: a reserve on confirmation."""
    child = certificate.child
    if child is None:
        return False
    money = await ledger.batch(session, [certificate.id])
    low = LowBalance(await periods_on(session, today), money.credited)
    notice = low.notice(
        certificate_id=certificate.id,
        number=certificate.number,
        parent_id=child.parent_id,
        municipality_id=certificate.municipality_id,
        threshold=certificate.municipality.low_balance_threshold_kopecks,
        balance=money.balances.get(certificate.id, ledger.Balance(0, 0)).balance,
    )
    return notice is not None and await notice.enqueue(session, now)


async def _provider_statements(
    sessionmaker: async_sessionmaker[AsyncSession], month: date, now: datetime
) -> None:
    """Each provider's people get, per program, how many children were charged and the sum. Programs
    are taken in batches by id; the outbox keys make a repeated batch queue nothing twice."""

    async def statements(session: AsyncSession, in_range: ColumnElement[bool]) -> None:
        await _statements_for(session, in_range, month, now)

    await batching.by_id_ranges(sessionmaker, Program.id, statements)


async def _statements_for(
    session: AsyncSession, programs: ColumnElement[bool], month: date, now: datetime
) -> None:
    rows = (
        await session.execute(
            select(
                Program.id,
                Program.title,
                Program.provider_id,
                func.count(distinct(LedgerEntry.enrollment_id)),
                func.coalesce(func.sum(ledger.PAID), 0),
            )
            .join(Enrollment, LedgerEntry.enrollment_id == Enrollment.id)
            .join(Program, Enrollment.program_id == Program.id)
            .where(
                programs,
                LedgerEntry.kind.in_(ledger.PAID_KINDS),
                LedgerEntry.month == month,
            )
            .group_by(Program.id, Program.title, Program.provider_id)
        )
    ).all()
    if not rows:
        return
    members: dict[int, list[int]] = defaultdict(list)
    found = await session.execute(
        select(ProviderMembership.provider_id, ProviderMembership.user_id)
        .where(ProviderMembership.provider_id.in_({r[2] for r in rows}))
        .order_by(ProviderMembership.id)
    )
    for provider_id, user_id in found:
        members[provider_id].append(user_id)
    notices = batching.Notices()
    for program_id, title, provider_id, children, total in rows:
        for user_id in members[provider_id]:
            notices.add(
                batching.Notice(
                    chat_id=user_id,
                    key=f"mo-pv:{program_id}:{slot(month)}:{user_id}",
                    text_key="money-provider-statement",
                    args={
                        "program": title,
                        "month": f"{month:%m.%Y}",
                        "children": int(children),
                        "amount_kopecks": int(total),
                    },
                )
            )
    await notices.enqueue(session, now)


async def run(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, month: date) -> int:
    """Charge every paid enrollment for `month`, in batches of short transactions; safe to repeat or
    resume. Returns how many enrollments were charged by this run."""
    async with sessionmaker.begin() as session:
        if await month_done(session, month):
            return 0
        job = await session.scalar(select(JobRun).where(JobRun.job == JOB, JobRun.slot == slot(month)))
        if job is None:
            session.add(JobRun(job=JOB, slot=slot(month)))
        periods = await current_periods(session, clock)

    async def charge_range(session: AsyncSession, in_range: ColumnElement[bool]) -> int:
        # Enrollments made once the run began lie past its last range: confirmed after `month`,
        # they owe nothing for it.
        dues = await _dues(session, month, in_range)
        if not dues:
            return 0
        batch = await Batch.read(session, dues, month, clock, periods)
        charged = 0
        for due in dues:
            charged += await charge_due(batch, due) is not None
        await batch.write(session)
        return charged

    charged = await batching.by_id_ranges(sessionmaker, Enrollment.id, charge_range)
    await _provider_statements(sessionmaker, month, clock.now())
    async with sessionmaker.begin() as session:
        job = await session.scalar(select(JobRun).where(JobRun.job == JOB, JobRun.slot == slot(month)))
        if job is not None:
            job.finished_at = clock.now()
    log.info("write-off %s: %d enrollments charged", slot(month), charged)
    return charged


async def months_due(session: AsyncSession, local_now: datetime) -> list[date]:
    """Every month whose write-off is due at `local_now` and not done, oldest first: from the first
    month started and not finished (or else the one after the last finished) to the last due. With no
    run ever recorded, the last due month only (the first run of a new installation)."""
    last = due_month(local_now)
    runs = (await session.execute(select(JobRun.slot, JobRun.finished_at).where(JobRun.job == JOB))).all()
    unfinished = [s for s, finished in runs if finished is None]
    finished = [s for s, done in runs if done is not None]
    if unfinished:
        month = _month_of(min(unfinished))
    elif finished:
        month = next_month(_month_of(max(finished)))
    else:
        month = last
    done = set(finished)
    months = []
    while month <= last:
        if slot(month) not in done:
            months.append(month)
        month = next_month(month)
    return months


def _month_of(run_slot: str) -> date:
    year, month = run_slot.split("-")
    return date(int(year), int(month), 1)


def next_month(month: date) -> date:
    return first_of(first_of(month) + timedelta(days=31))


async def run_months_due(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> int:
    """Run every month due and not done, oldest first. Returns how many enrollments were charged."""
    async with sessionmaker.begin() as session:
        months = await months_due(session, clock.local_now())
    charged = 0
    for month in months:
        charged += await run(sessionmaker, clock, month)
    return charged


async def run_due(ctx: JobContext, month: date | None = None) -> None:
    """The scheduled run and the catch-up at start: every month due and not done (or only `month`),
    retried until it succeeds, so no month is ever skipped."""
    if month is None:
        await batching.retrying(lambda: run_months_due(ctx.sessionmaker, ctx.clock), what="write-off")
    else:
        await batching.retrying(lambda: run(ctx.sessionmaker, ctx.clock, month), what="write-off")
    ctx.sender.wake()


async def remind_providers(ctx: JobContext) -> None:
    """On the month's last day, providers with paid enrollments are asked for the share of lessons."""
    await batching.retrying(lambda: _remind_providers(ctx.sessionmaker, ctx.clock), what="lessons reminder")
    ctx.sender.wake()


async def _remind_providers(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> None:
    month = first_of(clock.today())
    async with sessionmaker.begin() as session:
        rows = await session.scalars(
            select(ProviderMembership.user_id)
            .distinct()
            .join(Enrollment, Enrollment.provider_id == ProviderMembership.provider_id)
            .join(Program, Enrollment.program_id == Program.id)
            .where(Enrollment.status == EnrollmentStatus.ACTIVE, Program.register == Register.CERTIFIED)
        )
        notices = batching.Notices()
        for user_id in rows:
            notices.add(
                batching.Notice(
                    chat_id=user_id,
                    key=f"mo-lessons:{slot(month)}:{user_id}",
                    text_key="money-lessons-reminder",
                    args={"month": f"{month:%m.%Y}"},
                    buttons=[[outbox.button("money-btn-lessons", outbox.Open.LESSONS)]],
                )
            )
        await notices.enqueue(session, clock.now())
