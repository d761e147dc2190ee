"""When a group's weekly lessons collide with another activity of the same child: the one rule, used by
the parent's request confirmation, the provider's request list and the child's timetable.

Two lessons clash when they are on the same weekday and overlap, or when less than MIN_GAP_MINUTES lie
between them and they are in different places (no time to get from one to the other). An address left
empty is not known to differ, so touching lessons there are not flagged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.rules import minutes
from db.models import Enrollment, EnrollmentStatus, Group

MIN_GAP_MINUTES = 30
# A request waiting for the provider is a planned activity too: the family should hear of a clash.
PLANNED = (EnrollmentStatus.PENDING, EnrollmentStatus.ACTIVE)


@dataclass(frozen=True)
class Lesson:
    """One weekly slot of a group, with what a timetable shows about it."""

    day: int  # 0..6, Monday first
    start: str  # "HH:MM"
    end: str
    place: str
    title: str
    group: str
    group_id: int

    @property
    def span(self) -> tuple[int, int]:
        return minutes(self.start), minutes(self.end)


@dataclass(frozen=True)
class Clash:
    new: Lesson  # a lesson of the group asked for
    other: Lesson  # the child's other lesson it collides with

    @property
    def overlaps(self) -> bool:
        """True: the times overlap; False: they only leave too little time to get across town."""
        return gap(self.new, self.other) < 0


def lessons_of(group: Group) -> list[Lesson]:
    """The group's weekly slots in order (the schedule is stored as rules.schedule parsed it)."""
    place = group.program.address.strip()
    return sorted(
        (
            Lesson(int(s["day"]), s["start"], s["end"], place, group.program.title, group.name, group.id)
            for s in group.schedule
        ),
        key=lambda lesson: (lesson.day, lesson.start, lesson.title),
    )


def _place_key(place: str) -> str:
    return " ".join(place.casefold().replace("ё", "е").split())


def gap(a: Lesson, b: Lesson) -> int:
    """Minutes between two lessons of one day; negative when they overlap."""
    (a_start, a_end), (b_start, b_end) = a.span, b.span
    return max(a_start, b_start) - min(a_end, b_end)


def clash(a: Lesson, b: Lesson) -> bool:
    """Same day and overlapping, or less than MIN_GAP_MINUTES apart in different (known) places."""
    if a.day != b.day:
        return False
    between = gap(a, b)
    if between < 0:
        return True
    place_a, place_b = _place_key(a.place), _place_key(b.place)
    return between < MIN_GAP_MINUTES and bool(place_a) and bool(place_b) and place_a != place_b


def find(new: Iterable[Lesson], others: Iterable[Lesson]) -> list[Clash]:
    others = list(others)
    return [Clash(n, o) for n in new for o in others if clash(n, o)]


async def child_groups(
    session: AsyncSession,
    child_id: int,
    today: date,
    statuses: tuple[EnrollmentStatus, ...] = PLANNED,
    without_group: int | None = None,
) -> list[Group]:
    """The groups the child studies in (or has asked for) that have not ended, each once."""
    query = (
        select(Group)
        .join(Enrollment, Enrollment.group_id == Group.id)
        .where(
            Enrollment.child_id == child_id,
            Enrollment.status.in_(statuses),
            Group.ends_on >= today,
        )
        .order_by(Group.id)
    )
    if without_group is not None:
        query = query.where(Group.id != without_group)
    return list((await session.scalars(query)).unique())


async def for_child(session: AsyncSession, child_id: int, group: Group, today: date) -> list[Clash]:
    """How the group's lessons collide with the child's other activities (planned or active)."""
    others = await child_groups(session, child_id, today, without_group=group.id)
    return find(lessons_of(group), (lesson for g in others for lesson in lessons_of(g)))


async def for_requests(
    session: AsyncSession, requests: list[Enrollment], today: date
) -> dict[int, list[Clash]]:
    """The clashes of each request (by enrollment id) with its child's other activities; requests
    without any are left out."""
    found: dict[int, list[Clash]] = {}
    for request in requests:
        if request.child_id is None:
            continue
        clashes = await for_child(session, request.child_id, request.group, today)
        if clashes:
            found[request.id] = clashes
    return found
