"""Money notifications go through the outbox: in the parent's language, never at night, and the
scheduled jobs catch up a missed run from the database."""

from __future__ import annotations

from datetime import timedelta

from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery.render import render
from bot.jobs.scheduler import create_scheduler
from bot.keyboards.money import MoneyCb
from bot.services.clock import FrozenClock
from bot.services.money import writeoffs
from db.models import JobRun, LedgerEntry, LedgerKind, Municipality
from tests import factories as make
from tests.dates import at, d
from tests.job_context import job_context


async def test_the_night_write_off_notice_waits_for_the_morning(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    settings: Settings,
    core: FluentRuntimeCore,
    clock: FrozenClock,
) -> None:
    user = await make.user(session, locale="en")
    await make.paid(session, municipality, user.id, price=100_000)
    await session.commit()
    clock.set(at(2026, 12, 1, 0, 0))  # 03:00 in Moscow: the scheduled run
    settings = settings.model_copy(update={"quiet_hours_start": 22, "quiet_hours_end": 8})
    ctx, api = job_context(settings, sessionmaker, core, clock)

    await writeoffs.run_due(ctx)
    await ctx.sender.send_all_due()
    assert [s for s in api.sent if s.method == "SendMessage"] == []
    [held] = await make.outbox_for(session, user.id)
    assert held.not_before == at(2026, 12, 1, 5, 0)  # 08:00 local
    await session.commit()

    clock.set(at(2026, 12, 1, 4, 59))
    await ctx.sender.send_all_due()
    assert [s for s in api.sent if s.method == "SendMessage"] == []
    clock.set(at(2026, 12, 1, 5, 0))
    await ctx.sender.send_all_due()
    [notice] = [s for s in api.sent if s.method == "SendMessage"]
    assert str(notice.chat_id) == str(user.id)
    assert f"Payment for {d(2026, 11, 1):%m.%Y}" in (notice.text or "") and "₽1,000" in (notice.text or "")
    assert notice.buttons[0][0] == "💳 Certificate balance"


async def test_a_missed_run_is_caught_up_once_from_the_database(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    settings: Settings,
    core: FluentRuntimeCore,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    p = await make.paid(session, municipality, user.id, starts_on=d(2026, 11, 1))
    await session.commit()
    # The bot was down on the 1st at 03:00; it comes back on the 3rd.
    clock.set(at(2026, 12, 3, 9, 0))
    ctx, _ = job_context(settings, sessionmaker, core, clock)
    scheduler = create_scheduler(ctx)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert {"money-writeoff", "money-writeoff-catch-up", "money-rollover"} <= set(jobs)

    await jobs["money-writeoff-catch-up"].func(*jobs["money-writeoff-catch-up"].args)
    clock.move(timedelta(hours=1))  # another restart the same day
    await writeoffs.run_due(ctx)

    charged = (
        await session.scalars(
            select(LedgerEntry.month).where(
                LedgerEntry.enrollment_id == p.enrollment.id, LedgerEntry.kind == LedgerKind.WRITEOFF
            )
        )
    ).all()
    assert charged == [d(2026, 11, 1)]
    slot = f"{d(2026, 11, 1):%Y-%m}"
    run = await session.scalar(select(JobRun).where(JobRun.job == "writeoff", JobRun.slot == slot))
    assert run is not None and run.finished_at is not None


async def test_providers_are_asked_for_the_lessons_report_at_month_end(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    settings: Settings,
    core: FluentRuntimeCore,
    clock: FrozenClock,
) -> None:
    family = await make.user(session)
    teacher = await make.user(session)
    await make.paid(session, municipality, family.id, member_id=teacher.id)
    await session.commit()
    clock.set(at(2026, 11, 30, 9, 0))  # the month's last day
    ctx, _ = job_context(settings, sessionmaker, core, clock)

    await writeoffs.remind_providers(ctx)
    await writeoffs.remind_providers(ctx)

    [asked] = await make.outbox_for(session, teacher.id)
    assert asked.payload["text_key"] == "money-lessons-reminder"
    _, markup = render(core, "ru", asked.payload)
    assert (
        markup is not None and markup.inline_keyboard[0][0].callback_data == MoneyCb(action="lessons").pack()
    )
