"""The child's week («Расписание»): the lessons of every active enrollment, and the reminders before
them the parent may ask for (per child).

When a reminder goes: REMIND_BEFORE (2 hours) before the lesson. When that moment falls in the quiet
hours (a morning lesson), it goes the evening before instead, EVENING_MARGIN before the quiet hours
begin (21:00 with the default 22:00–08:00). A reminder is queued once (one outbox key per child, group,
date and start) and carries the lesson's start as its expiry: the sender drops it rather than send it
after the lesson started (e.g. when the bot was down). Reminders go to the parent's account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import batching
from bot.services.enrollment import clashes
from bot.services.enrollment import requests as enrollment
from bot.services.errors import NotAllowed
from bot.services.outbox import quiet_hours_end
from bot.services.rules import minutes
from db.models import Child, Enrollment, EnrollmentStatus, OutboxMessage

REMIND_BEFORE = timedelta(hours=2)
EVENING_MARGIN = timedelta(hours=1)
# The job looks this far ahead: enough for an evening-before reminder of tomorrow's lessons.
LOOK_AHEAD_DAYS = 2
REMINDER_JOB_MINUTES = 10


@dataclass(frozen=True)
class Week:
    child: Child
    lessons: list[clashes.Lesson]  # by day, then start

    @property
    def days(self) -> list[tuple[int, list[clashes.Lesson]]]:
        """The days the child has lessons on, Monday first, each with its lessons in order."""
        by_day: dict[int, list[clashes.Lesson]] = {}
        for lesson in self.lessons:
            by_day.setdefault(lesson.day, []).append(lesson)
        return sorted(by_day.items())


async def _child(session: AsyncSession, user_id: int, child_id: int, *, as_child: bool) -> Child:
    """The family's child (or, with `as_child`, the child whose own account this is)."""
    for child in await enrollment.children_of(session, user_id, as_child=as_child):
        if child.id == child_id:
            return child
    raise NotAllowed()


async def week(session: AsyncSession, *, user_id: int, child_id: int, as_child: bool, today: date) -> Week:
    """The child's week: every lesson of his active enrollments in groups that have not ended."""
    child = await _child(session, user_id, child_id, as_child=as_child)
    groups = await clashes.child_groups(session, child.id, today, statuses=(EnrollmentStatus.ACTIVE,))
    lessons = sorted(
        (lesson for group in groups for lesson in clashes.lessons_of(group)),
        key=lambda lesson: (lesson.day, lesson.start, lesson.title),
    )
    return Week(child, lessons)


async def toggle_reminders(session: AsyncSession, *, parent_id: int, child_id: int) -> bool:
    """Switch the lesson reminders for the parent's child; returns whether they are now on."""
    child = await enrollment.own_child(session, parent_id, child_id)
    child.lesson_reminders = not child.lesson_reminders
    await session.flush()
    return child.lesson_reminders


# ----------------------------------------------------------------------------------- reminders job
@dataclass(frozen=True)
class Quiet:
    tz: ZoneInfo
    start_hour: int
    end_hour: int


def remind_at(starts_at: datetime, quiet: Quiet) -> datetime:
    """When the reminder of a lesson starting at `starts_at` goes: REMIND_BEFORE it, or when that is
    in the quiet hours, EVENING_MARGIN before those quiet hours began."""
    at = starts_at - REMIND_BEFORE
    if quiet_hours_end(at, quiet.tz, quiet.start_hour, quiet.end_hour) == at:
        return at
    local = at.astimezone(quiet.tz)
    began = datetime.combine(local.date(), time(quiet.start_hour), tzinfo=quiet.tz)
    if began > local:  # after midnight: the quiet hours began the evening before
        began -= timedelta(days=1)
    return began - EVENING_MARGIN


def reminder_key(child_id: int, group_id: int, day: date, start: str) -> str:
    return f"lesson:{child_id}:{group_id}:{day:%Y%m%d}:{start.replace(':', '')}"


def _studies_on(e: Enrollment, day: date) -> bool:
    group = e.group
    return (
        group.starts_on <= day <= group.ends_on
        and (e.starts_on is None or e.starts_on <= day)
        and (e.ends_on is None or day <= e.ends_on)
    )


def due_reminders(enrollments: list[Enrollment], now: datetime, quiet: Quiet) -> list[batching.Notice]:
    """The reminders due now: the lessons of the next days whose reminder time has come and which have
    not started."""
    today = now.astimezone(quiet.tz).date()
    notices = []
    for e in enrollments:
        child = e.child
        if child is None:
            continue
        for offset in range(LOOK_AHEAD_DAYS):
            day = today + timedelta(days=offset)
            if not _studies_on(e, day):
                continue
            for lesson in clashes.lessons_of(e.group):
                if lesson.day != day.weekday():
                    continue
                hour, minute = divmod(minutes(lesson.start), 60)
                starts_at = datetime.combine(day, time(hour, minute), tzinfo=quiet.tz)
                if not remind_at(starts_at, quiet) <= now < starts_at:
                    continue
                notices.append(
                    batching.Notice(
                        child.parent_id,
                        reminder_key(child.id, lesson.group_id, day, lesson.start),
                        "timetable-reminder",
                        # Escaped: the texts are typed by people and the message is HTML.
                        {
                            "child": child.first_name,
                            "title": lesson.title,
                            "group": lesson.group,
                            "lesson_date": day.isoformat(),
                            "start": lesson.start,
                            "end": lesson.end,
                            "place": lesson.place,
                            "has_place": "yes" if lesson.place else "no",
                        },
                        expires_at=starts_at,
                    )
                )
    return notices


async def _remind_batch(
    session: AsyncSession, in_range: ColumnElement[bool], now: datetime, quiet: Quiet
) -> int:
    rows = await session.scalars(
        select(Enrollment)
        .join(Child, Child.id == Enrollment.child_id)
        .where(in_range, Child.lesson_reminders.is_(True), Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(Enrollment.id)
    )
    due = due_reminders(list(rows.unique()), now, quiet)
    if not due:
        return 0
    queued_before = set(
        await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_([n.key for n in due])))
    )
    notices = batching.Notices()
    queued = sum(notices.add(n) for n in due if n.key not in queued_before)
    await notices.enqueue(session, now)
    return queued


async def remind(sessionmaker: async_sessionmaker[AsyncSession], now: datetime, quiet: Quiet) -> int:
    """Queue the lesson reminders due now, children in batches of id ranges. Returns how many were
    queued (a key queued before is not queued again, so a rerun adds nothing)."""

    async def work(session: AsyncSession, in_range: ColumnElement[bool]) -> int:
        return await _remind_batch(session, in_range, now, quiet)

    return await batching.by_id_ranges(sessionmaker, Child.id, work)
