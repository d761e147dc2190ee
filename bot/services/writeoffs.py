"""The monthly write-off: on the 1st of the month, for each active paid enrollment, the month that just
ended moves from the certificate's reserve to the provider.

The amount is the certificate's monthly part, pro-rated by days for a partial first or last month and
reduced by the share of lessons the provider reports as given (100 % when not reported), never more
than the enrollment's reserve. Each enrollment is charged in its own transaction under a unique ledger
key, so a run cut short and repeated charges nobody twice; a JobRun row marks the month done, and the
bot runs a missed month when it starts."""

from __future__ import annotations

import html
import logging
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import audit, billing, ledger, outbox
from bot.services.clock import Clock
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.money import LESSONS_CALLBACK, view_callback
from bot.services.periods import current_period
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
    Program,
    ProviderMembership,
    Register,
)

if TYPE_CHECKING:
    from bot.scheduler import JobContext

log = logging.getLogger(__name__)

JOB = "writeoff"
RUN_HOUR = 3  # local time on the 1st


def first_of(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return first_of(first_of(month) - timedelta(days=1))


def slot(month: date) -> str:
    return f"{month:%Y-%m}"


def due_month(local_now: datetime) -> date:
    """The month whose write-off was last due at `local_now`: the previous month once the 1st's run
    hour has passed, else the month before it."""
    return previous_month((local_now - timedelta(hours=RUN_HOUR)).date())


def reporting_month(local_now: datetime) -> date:
    """The month a lesson report is for: the current one, or the one just ended until its run."""
    return first_of((local_now - timedelta(hours=RUN_HOUR)).date())


async def lesson_share(session: AsyncSession, group_id: int, month: date) -> int:
    value = await session.scalar(
        select(LessonReport.share_percent).where(
            LessonReport.group_id == group_id, LessonReport.month == month
        )
    )
    return 100 if value is None else value


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


async def enrollments_for(session: AsyncSession, month: date) -> list[int]:
    """Paid enrollments that may owe something for `month`: active, or ended on or after its first day."""
    rows = await session.scalars(
        select(Enrollment.id)
        .join(Program, Enrollment.program_id == Program.id)
        .where(
            Program.register == Register.CERTIFIED,
            Enrollment.certificate_id.is_not(None),
            Enrollment.certificate_part_kopecks > 0,
            or_(
                Enrollment.status == EnrollmentStatus.ACTIVE,
                (Enrollment.status == EnrollmentStatus.ENDED) & (Enrollment.ended_at >= _start_of(month)),
            ),
        )
        .order_by(Enrollment.id)
    )
    return list(rows)


def _start_of(month: date) -> datetime:
    return datetime(month.year, month.month, 1, tzinfo=UTC)


async def charge(session: AsyncSession, enrollment: Enrollment, month: date, clock: Clock) -> int | None:
    """Write off `month` for one enrollment and tell the parent. Returns the amount, or None when the
    enrollment owes nothing for that month or was charged before."""
    if enrollment.certificate_id is None or await ledger.is_written_off(session, enrollment.id, month):
        return None
    certificate = await session.get(Certificate, enrollment.certificate_id)
    if certificate is None or certificate.state is CertificateState.CLOSED:
        return None
    fractions = billing.month_fractions(*billing.study_range(enrollment))
    days_share = dict(fractions).get(month)
    left = await ledger.reserved_for(session, enrollment.id)
    if days_share is None or left <= 0:
        return None
    percent = await lesson_share(session, enrollment.group_id, month)
    amount = min(billing.amount_for(enrollment.certificate_part_kopecks, days_share) * percent // 100, left)
    entry = await ledger.write_off(
        session,
        certificate.id,
        amount,
        enrollment_id=enrollment.id,
        provider_id=enrollment.provider_id,
        month=month,
    )
    if entry is None:  # a concurrent run got there first
        return None
    if month == fractions[-1][0]:  # the last month: what the reported shares did not use goes back
        await ledger.release(
            session, certificate.id, enrollment_id=enrollment.id, key=f"release:{enrollment.id}:{slot(month)}"
        )
    family = billing.amount_for(enrollment.family_part_kopecks, days_share) * percent // 100
    await _notify_parent(session, certificate, enrollment, month, amount, family, percent, clock)
    return amount


async def _notify_parent(
    session: AsyncSession,
    certificate: Certificate,
    enrollment: Enrollment,
    month: date,
    amount: int,
    family: int,
    percent: int,
    clock: Clock,
) -> None:
    child: Child | None = certificate.child
    if child is None:
        return
    balance = await ledger.balance_of(session, certificate.id)
    await outbox.enqueue(
        session,
        now=clock.now(),
        chat_id=child.parent_id,
        key=f"mo-writeoff:{enrollment.id}:{slot(month)}",
        text_key="money-writeoff-notice",
        args={
            "child": html.escape(child.first_name),
            "program": html.escape(enrollment.group.program.title),
            "month": f"{month:%m.%Y}",
            "percent": percent,
            "amount_kopecks": amount,
            "family_kopecks": family,
            "left_kopecks": balance.balance + balance.reserved,
            "free_kopecks": balance.balance,
        },
        buttons=[[{"text_key": "money-btn-view", "callback_data": view_callback(certificate.id)}]],
        not_before=clock.now(),
    )
    await warn_low_balance(session, certificate, clock)


async def warn_low_balance(session: AsyncSession, certificate: Certificate, clock: Clock) -> bool:
    """Warn the parent once per period and threshold when the free balance falls below the
    municipality's threshold (having been credited above it)."""
    child = certificate.child
    threshold = certificate.municipality.low_balance_threshold_kopecks
    period = await current_period(session, certificate.municipality_id, clock.today())
    if child is None or period is None or threshold <= 0:
        return False
    credited = await session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.balance_delta), 0)).where(
            LedgerEntry.certificate_id == certificate.id,
            LedgerEntry.kind == LedgerKind.CREDIT,
            LedgerEntry.period_id == period.id,
        )
    )
    balance = (await ledger.balance_of(session, certificate.id)).balance
    if int(credited or 0) < threshold or balance >= threshold:
        return False
    return await outbox.enqueue(
        session,
        now=clock.now(),
        chat_id=child.parent_id,
        key=f"mo-low:{certificate.id}:{period.id}:{threshold}",
        text_key="money-low-balance",
        args={"number": certificate.number, "balance_kopecks": balance, "threshold_kopecks": threshold},
        buttons=[[{"text_key": "money-btn-view", "callback_data": view_callback(certificate.id)}]],
        not_before=clock.now(),
    )


async def _provider_statements(session: AsyncSession, month: date, now: datetime) -> None:
    """Each provider's people get, per program, how many children were charged and the sum."""
    rows = await session.execute(
        select(
            Program.id,
            Program.title,
            Program.provider_id,
            func.count(distinct(LedgerEntry.enrollment_id)),
            func.coalesce(func.sum(-LedgerEntry.reserve_delta), 0),
        )
        .join(Enrollment, LedgerEntry.enrollment_id == Enrollment.id)
        .join(Program, Enrollment.program_id == Program.id)
        .where(LedgerEntry.kind == LedgerKind.WRITEOFF, LedgerEntry.month == month)
        .group_by(Program.id, Program.title, Program.provider_id)
    )
    for program_id, title, provider_id, children, total in rows:
        members = await session.scalars(
            select(ProviderMembership.user_id).where(ProviderMembership.provider_id == provider_id)
        )
        for user_id in members:
            await outbox.enqueue(
                session,
                now=now,
                chat_id=user_id,
                key=f"mo-pv:{program_id}:{slot(month)}:{user_id}",
                text_key="money-provider-statement",
                args={
                    "program": html.escape(title),
                    "month": f"{month:%m.%Y}",
                    "children": int(children),
                    "amount_kopecks": int(total),
                },
                not_before=now,
            )


async def run(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, month: date) -> int:
    """Charge every paid enrollment for `month`, one transaction each; safe to repeat or resume.
    Returns how many enrollments were charged by this run."""
    async with sessionmaker.begin() as session:
        if await month_done(session, month):
            return 0
        job = await session.scalar(select(JobRun).where(JobRun.job == JOB, JobRun.slot == slot(month)))
        if job is None:
            session.add(JobRun(job=JOB, slot=slot(month)))
        ids = await enrollments_for(session, month)
    charged = 0
    for enrollment_id in ids:
        async with sessionmaker.begin() as session:
            enrollment = await session.get(Enrollment, enrollment_id)
            if enrollment is not None and await charge(session, enrollment, month, clock) is not None:
                charged += 1
    async with sessionmaker.begin() as session:
        await _provider_statements(session, month, clock.now())
        job = await session.scalar(select(JobRun).where(JobRun.job == JOB, JobRun.slot == slot(month)))
        if job is not None:
            job.finished_at = clock.now()
    log.info("write-off %s: %d enrollments charged", slot(month), charged)
    return charged


async def run_due(ctx: JobContext) -> None:
    """The scheduled run, and the catch-up at start: the last month that fell due, unless done."""
    await run(ctx.sessionmaker, ctx.clock, due_month(ctx.clock.local_now()))
    ctx.sender.wake()


async def remind_providers(ctx: JobContext) -> None:
    """On the month's last day, providers with paid enrollments are asked for the share of lessons."""
    month = first_of(ctx.clock.today())
    async with ctx.sessionmaker.begin() as session:
        rows = await session.execute(
            select(ProviderMembership.user_id)
            .distinct()
            .join(Enrollment, Enrollment.provider_id == ProviderMembership.provider_id)
            .join(Program, Enrollment.program_id == Program.id)
            .where(Enrollment.status == EnrollmentStatus.ACTIVE, Program.register == Register.CERTIFIED)
        )
        for (user_id,) in rows:
            await outbox.enqueue(
                session,
                now=ctx.clock.now(),
                chat_id=user_id,
                key=f"mo-lessons:{slot(month)}:{user_id}",
                text_key="money-lessons-reminder",
                args={"month": f"{month:%m.%Y}"},
                buttons=[[{"text_key": "money-btn-lessons", "callback_data": LESSONS_CALLBACK}]],
                not_before=ctx.clock.now(),
            )
    ctx.sender.wake()
