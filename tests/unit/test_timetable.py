"""The child's week: the clash rule (symmetric, by hypothesis), the week of active enrollments, the
warning in the eligibility check, and the lesson reminders job with its quiet hours and expiry."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.jobs.registry import JOBS, run_job
from bot.services.clock import FrozenClock
from bot.services.enrollment import clashes
from bot.services.enrollment import requests as enrollment
from bot.services.enrollment.clashes import Lesson, clash
from bot.services.errors import NotAllowed
from bot.services.family import timetable
from db.models import Child, EnrollmentStatus, Group, Municipality, OutboxMessage, OutboxStatus
from tests import factories as make
from tests.dates import MSK
from tests.job_context import job_context

PARENT = 5001
HERE = "ул. Ленина, 1"
THERE = "ул. Мира, 7"


def lesson(day: int, start: str, end: str, place: str = HERE) -> Lesson:
    return Lesson(day, start, end, place, "Шахматы", "Группа 1", 1)


# ----------------------------------------------------------------------------------- the rule


@st.composite
def lessons(draw: st.DrawFn) -> Lesson:
    start = draw(st.integers(0, 23 * 60 + 58))
    end = draw(st.integers(start + 1, 23 * 60 + 59))
    place = draw(st.sampled_from(["", HERE, THERE, " ул.  ЛЕНИНА, 1 "]))
    return lesson(
        draw(st.integers(0, 1)),
        f"{start // 60:02d}:{start % 60:02d}",
        f"{end // 60:02d}:{end % 60:02d}",
        place,
    )


@settings(max_examples=300, deadline=None)
@given(lessons(), lessons())
def test_the_clash_rule_is_symmetric_and_overlap_always_clashes(a: Lesson, b: Lesson) -> None:
    assert clash(a, b) == clash(b, a)
    assert clash(a, a)  # a lesson overlaps itself
    (a_start, a_end), (b_start, b_end) = a.span, b.span
    if a.day != b.day:
        assert not clash(a, b)
    elif a_start < b_end and b_start < a_end:
        assert clash(a, b)  # overlapping, wherever they are


@pytest.mark.parametrize(
    ("first", "second", "clashes_"),
    [
        (lesson(0, "16:00", "17:30"), lesson(0, "17:00", "18:00"), True),  # overlap
        (lesson(0, "16:00", "17:30"), lesson(0, "17:30", "18:30"), False),  # back to back, same place
        (lesson(0, "16:00", "17:30"), lesson(0, "17:30", "18:30", THERE), True),  # no time to cross town
        (lesson(0, "16:00", "17:30"), lesson(0, "17:59", "18:30", THERE), True),  # 29 minutes
        (lesson(0, "16:00", "17:30"), lesson(0, "18:00", "18:30", THERE), False),  # 30 minutes is enough
        (lesson(0, "16:00", "17:30"), lesson(0, "17:40", "18:30", "ул. ленина,  1"), False),  # same, spelt
        (lesson(0, "16:00", "17:30"), lesson(0, "17:40", "18:30", ""), False),  # place unknown
        (lesson(0, "16:00", "17:30"), lesson(1, "16:00", "17:30"), False),  # another day
    ],
)
def test_the_clash_rule_on_examples(first: Lesson, second: Lesson, clashes_: bool) -> None:
    assert clash(first, second) is clashes_


def test_a_reminder_goes_two_hours_before_or_the_evening_before_the_quiet_hours() -> None:
    quiet = timetable.Quiet(MSK, 22, 8)
    day = date(2030, 3, 5)
    afternoon = datetime.combine(day, time(16), tzinfo=MSK)
    assert timetable.remind_at(afternoon, quiet) == datetime.combine(day, time(14), tzinfo=MSK)
    morning = datetime.combine(day, time(9), tzinfo=MSK)  # 07:00 is quiet: 21:00 the evening before
    assert timetable.remind_at(morning, quiet) == datetime.combine(
        day - timedelta(days=1), time(21), tzinfo=MSK
    )
    late = datetime.combine(day, time(23, 30), tzinfo=MSK)  # 21:30: before the quiet hours
    assert timetable.remind_at(late, quiet) == datetime.combine(day, time(21, 30), tzinfo=MSK)
    never_quiet = timetable.Quiet(MSK, 0, 0)
    assert timetable.remind_at(morning, never_quiet) == datetime.combine(day, time(7), tzinfo=MSK)


# ----------------------------------------------------------------------------------- the week
def slot(day: int, start: str, end: str) -> dict[str, Any]:
    return {"day": day, "start": start, "end": end}


async def test_the_week_shows_active_enrollments_by_day_and_only_to_the_family(
    session: AsyncSession, municipality: Municipality, today: date
) -> None:
    child = await make.child(session, PARENT, municipality)
    chess = await make.running_group(
        session, municipality, today, [slot(2, "16:00", "17:00"), slot(0, "18:00", "19:00")]
    )
    art = await make.running_group(
        session, municipality, today, [slot(0, "15:00", "16:00")], title="Рисование"
    )
    asked = await make.running_group(session, municipality, today, [slot(1, "10:00", "11:00")], title="Танцы")
    ended = await make.running_group(
        session, municipality, today, [slot(3, "10:00", "11:00")], title="Лепка", ends_on=today - timedelta(1)
    )
    for group in (chess, art):
        await make.enrollment_row(session, child, group)
    await make.enrollment_row(session, child, asked, EnrollmentStatus.PENDING)
    await make.enrollment_row(session, child, ended)
    await session.commit()

    week = await timetable.week(session, user_id=PARENT, child_id=child.id, as_child=False, today=today)
    assert [(x.day, x.start, x.title) for x in week.lessons] == [
        (0, "15:00", "Рисование"),
        (0, "18:00", "Шахматы для начинающих"),
        (2, "16:00", "Шахматы для начинающих"),
    ]
    assert [day for day, _ in week.days] == [0, 2]
    assert week.lessons[0].place == HERE
    with pytest.raises(NotAllowed):
        await timetable.week(session, user_id=PARENT + 1, child_id=child.id, as_child=False, today=today)
    with pytest.raises(NotAllowed):  # no one's own account yet
        await timetable.week(session, user_id=PARENT, child_id=child.id, as_child=True, today=today)


async def test_the_eligibility_check_names_the_clashes_with_planned_and_active_lessons(
    session: AsyncSession, municipality: Municipality, today: date
) -> None:
    municipality.budget_program_limit = 5  # the two others are free programs too
    w = await make.world(session, municipality)
    w.group.starts_on, w.group.ends_on = today - timedelta(days=30), today + timedelta(days=90)
    w.group.schedule = [slot(0, "17:45", "19:00"), slot(4, "10:00", "11:00")]
    w.program.address = THERE
    chess = await make.running_group(session, municipality, today, [slot(0, "16:00", "17:30")])
    art = await make.running_group(
        session, municipality, today, [slot(4, "10:30", "12:00")], title="Рисование"
    )
    await make.enrollment_row(session, w.child, chess)
    await make.enrollment_row(session, w.child, art, EnrollmentStatus.PENDING)
    await session.commit()

    eligible = await enrollment.check(
        session, parent_id=PARENT, child_id=w.child.id, group_id=w.group.id, today=today
    )
    found = {(c.new.day, c.other.title, c.overlaps) for c in eligible.clashes}
    assert found == {(0, "Шахматы для начинающих", False), (4, "Рисование", True)}

    request = await make.enrollment_row(session, w.child, w.group, EnrollmentStatus.PENDING)
    by_request = await clashes.for_requests(session, [request], today)
    assert {c.other.title for c in by_request[request.id]} == {"Шахматы для начинающих", "Рисование"}


async def test_reminders_switch_only_for_the_parent(
    session: AsyncSession, municipality: Municipality
) -> None:
    child = await make.child(session, PARENT, municipality)
    await session.commit()
    assert await timetable.toggle_reminders(session, parent_id=PARENT, child_id=child.id) is True
    assert await timetable.toggle_reminders(session, parent_id=PARENT, child_id=child.id) is False
    with pytest.raises(NotAllowed):
        await timetable.toggle_reminders(session, parent_id=PARENT + 1, child_id=child.id)


# ----------------------------------------------------------------------------------- the job
async def _outbox(sessionmaker: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with sessionmaker() as s:
        return list(await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def _opted_in(
    session: AsyncSession, municipality: Municipality, today: date, schedule: list[dict[str, Any]]
) -> tuple[Child, Group]:
    """A child of PARENT in a group with this schedule, his parent asked for lesson reminders."""
    child = await make.child(session, PARENT, municipality)
    group = await make.running_group(session, municipality, today, schedule)
    await make.enrollment_row(session, child, group)
    child.lesson_reminders = True
    return child, group


async def test_the_job_queues_each_lesson_once_when_due_and_only_for_opted_in_children(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    settings: Settings,
    core: FluentRuntimeCore,
    clock: FrozenClock,
    today: date,
) -> None:
    noon = datetime.combine(today, time(12), tzinfo=MSK)
    clock.set(noon)
    day = today.weekday()
    child, group = await _opted_in(
        session, municipality, today, [slot(day, "13:00", "14:00"), slot(day, "15:00", "16:00")]
    )
    other = await make.child(session, PARENT + 1, municipality)  # reminders off
    await make.enrollment_row(session, other, group)
    await session.commit()
    ctx, api = job_context(settings, sessionmaker, core, clock)
    job = JOBS["lesson-reminders"]

    assert await run_job(job, ctx) == "1 lesson reminders queued"  # 13:00 is due from 11:00; 15:00 not yet
    assert await run_job(job, ctx) is None  # never twice
    [queued] = await _outbox(sessionmaker)
    assert queued.chat_id == PARENT
    assert queued.key == timetable.reminder_key(child.id, group.id, today, "13:00")
    await ctx.sender.send_all_due()
    [sent] = [s for s in api.sent if s.method == "SendMessage"]
    assert "Шахматы для начинающих" in (sent.text or "") and "13:00" in (sent.text or "")
    assert HERE in (sent.text or "") and child.first_name in (sent.text or "")

    clock.set(noon + timedelta(hours=1, minutes=30))  # 13:30: the 15:00 lesson is due
    assert await run_job(job, ctx) == "1 lesson reminders queued"
    assert [m.key.rsplit(":", 1)[1] for m in await _outbox(sessionmaker)] == ["1300", "1500"]


async def test_a_morning_lesson_is_reminded_the_evening_before_and_never_after_it_started(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    settings: Settings,
    core: FluentRuntimeCore,
    clock: FrozenClock,
    today: date,
) -> None:
    tomorrow = today + timedelta(days=1)
    await _opted_in(session, municipality, today, [slot(tomorrow.weekday(), "09:00", "10:00")])
    await session.commit()
    quiet = settings.model_copy(update={"quiet_hours_start": 22, "quiet_hours_end": 8})
    ctx, api = job_context(quiet, sessionmaker, core, clock)
    job = JOBS["lesson-reminders"]

    clock.set(datetime.combine(today, time(20, 59), tzinfo=MSK))
    assert await run_job(job, ctx) is None
    clock.set(datetime.combine(today, time(21), tzinfo=MSK))
    assert await run_job(job, ctx) == "1 lesson reminders queued"

    # The bot was down all night: the sender holds it through the quiet hours, then the lesson has begun.
    clock.set(datetime.combine(tomorrow, time(9), tzinfo=MSK))
    await ctx.sender.send_all_due()
    assert [s for s in api.sent if s.method == "SendMessage"] == []
    [dropped] = await _outbox(sessionmaker)
    assert dropped.status is OutboxStatus.CANCELLED
