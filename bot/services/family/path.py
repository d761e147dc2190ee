"""The child's path: «🧭 Что дальше», the next steps after a club.

What is suggested, for the child's age today, among the published programs of his municipality with a
group he can ask to join (the catalogue's own conditions), leaving out the programs he attends, attended
or asked for:

1. the next level in a direction he attended (ACTIVE or ENDED enrollments): introductory → basic →
   advanced, one level above the highest he reached in it;
2. related directions he has not attended: first the ones he follows (`interests.of_child`), then the
   neighbours of what he attended (`RELATED`: technical ↔ science, arts ↔ social, sport ↔ tourism), any
   level, the lowest first.

Programs with a free seat in an open group come first. Each step says whether it fits the certificate:
a budget-funded program needs no money; a paid one fits when the free balance pays its monthly
certificate part for at least a month, the rule of «🧮 Что поместится» (`billing.affordable`).

The family hears of the next steps without asking when an enrollment ended and when the school year
(the municipality's certificate period) closed: `notify` runs daily, looks back `LOOK_BACK` days and
queues one message per child under a unique outbox key, so nothing is sent twice and nothing is sent
when there is no step to suggest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, case, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import QueryableAttribute

from bot.services import batching, outbox
from bot.services.catalogue.catalog import Filters, conditions, has_free_seat
from bot.services.clock import Clock
from bot.services.errors import NotFound
from bot.services.family import interests
from bot.services.family.children import get_child
from bot.services.money import billing, ledger
from bot.services.rules import age_on
from bot.services.standing import active_certificate
from db.models import (
    Child,
    Direction,
    Enrollment,
    EnrollmentStatus,
    Level,
    OutboxMessage,
    Period,
    Program,
    User,
)

if TYPE_CHECKING:
    from bot.jobs.context import JobContext


LEVELS = (Level.INTRODUCTORY, Level.BASIC, Level.ADVANCED)
RELATED = {
    Direction.TECHNICAL: Direction.SCIENCE,
    Direction.SCIENCE: Direction.TECHNICAL,
    Direction.ARTS: Direction.SOCIAL,
    Direction.SOCIAL: Direction.ARTS,
    Direction.SPORT: Direction.TOURISM,
    Direction.TOURISM: Direction.SPORT,
}
ATTENDED = (EnrollmentStatus.ACTIVE, EnrollmentStatus.ENDED)  # confirmed: the child went there
TAKEN = (*ATTENDED, EnrollmentStatus.PENDING)  # not suggested again
LIMIT = 6  # steps on the screen (each a button)
LOOK_BACK = timedelta(days=7)  # how far back the daily run looks for ended enrollments and periods


class Kind(StrEnum):
    LEVEL = "level"  # the next level in a direction he attended
    INTEREST = "interest"  # a direction he follows
    RELATED = "related"  # a neighbour of a direction he attended


@dataclass(frozen=True)
class Step:
    program: Program
    kind: Kind
    fits: bool  # the certificate pays for it (see the module's docstring)
    free_seat: bool  # an open group has a free seat


@dataclass(frozen=True)
class Path:
    child: Child
    steps: list[Step]


def next_level(level: Level) -> Level | None:
    """The level after `level` (None after advanced)."""
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def level_rank(column: QueryableAttribute[Level] = Program.level) -> ColumnElement[int]:
    """A level's place in LEVELS, in SQL (0 for introductory); `column`: a level column (of an alias)."""
    return case({level: i for i, level in enumerate(LEVELS)}, value=column)


async def reached(session: AsyncSession, child_id: int) -> dict[Direction, Level]:
    """The highest level the child attended in each direction."""
    rows = await session.execute(
        select(Program.direction, Program.level)
        .join(Enrollment, Enrollment.program_id == Program.id)
        .where(Enrollment.child_id == child_id, Enrollment.status.in_(ATTENDED))
    )
    best: dict[Direction, Level] = {}
    for direction, level in rows.all():
        if direction not in best or LEVELS.index(level) > LEVELS.index(best[direction]):
            best[direction] = level
    return best


async def next_steps(
    session: AsyncSession, child_id: int, today: date, *, parent_id: int | None = None, limit: int = LIMIT
) -> Path:
    """The child's next steps (see the module's docstring), at most `limit`. With `parent_id`, the child
    must be that parent's (the screen); without it, any (the daily run)."""
    if parent_id is not None:
        child = await get_child(session, parent_id, child_id)
    elif (found := await session.get(Child, child_id)) is not None:
        child = found
    else:
        raise NotFound()
    age = age_on(child.birth_date, today)
    levels = await reached(session, child.id)
    followed = interests.of_child(child, await session.get(User, child.parent_id))
    up = [
        and_(Program.direction == direction, Program.level == following)
        for direction, level in levels.items()
        if (following := next_level(level)) is not None
    ]
    liked = [Direction(d) for d in followed if Direction(d) not in levels]
    near = [RELATED[d] for d in levels if RELATED[d] not in levels and RELATED[d] not in liked]
    if not (up or liked or near):
        return Path(child, [])
    is_up = or_(*up) if up else false()
    kind = case((is_up, 0), (Program.direction.in_(liked), 1), else_=2)
    certificate = await active_certificate(session, child.id)
    free = (await ledger.balance_of(session, certificate.id)).balance if certificate is not None else -1
    seat = has_free_seat(today)
    taken = select(Enrollment.program_id).where(Enrollment.child_id == child.id, Enrollment.status.in_(TAKEN))
    rows = await session.execute(
        select(Program, kind, seat, billing.affordable(free))
        .where(
            *conditions(Filters(age=age, municipality_id=child.municipality_id), today),
            or_(is_up, Program.direction.in_([*liked, *near])),
            Program.id.not_in(taken),
        )
        .order_by(kind, seat.desc(), level_rank(), Program.title, Program.id)
        .limit(limit)
    )
    steps = [
        Step(
            program,
            (Kind.LEVEL, Kind.INTEREST, Kind.RELATED)[rank],
            fits=certificate is not None and (not program.register.is_paid or bool(affordable)),
            free_seat=bool(free_seat),
        )
        for program, rank, free_seat, affordable in rows.unique().all()
    ]
    return Path(child, steps)


# ----------------------------------------------------------------------------------- the daily run


async def _due(
    session: AsyncSession, in_range: ColumnElement[bool], now: datetime, today: date
) -> dict[int, str]:
    """The children of `in_range` to tell, each with the outbox key of his message: the school year
    (period) of his municipality closed in the last LOOK_BACK days and he attended a club that year, or one
    of his enrollments ended then (one message a day whatever number ended)."""
    attended = exists().where(  # that year: still studying, or ended after the year began
        Enrollment.child_id == Child.id,
        Enrollment.status.in_(ATTENDED),
        or_(Enrollment.ended_at.is_(None), Enrollment.ended_at >= Period.starts_on),
    )
    closed = await session.execute(
        select(Child.id, Period.id)
        .join(Period, Period.municipality_id == Child.municipality_id)
        .where(in_range, Period.ends_on >= today - LOOK_BACK, Period.ends_on < today, attended)
    )
    due = {child_id: f"path:year:{child_id}:{period_id}" for child_id, period_id in closed.all()}
    ended = await session.execute(
        select(Child.id, Enrollment.ended_at)
        .join(Enrollment, Enrollment.child_id == Child.id)
        .where(in_range, Enrollment.status == EnrollmentStatus.ENDED, Enrollment.ended_at >= now - LOOK_BACK)
    )
    for child_id, ended_at in ended.all():
        if ended_at is not None:  # always set on an ended enrollment
            due.setdefault(child_id, f"path:end:{child_id}:{ended_at.date().isoformat()}")
    return due


async def _suggest(
    session: AsyncSession, in_range: ColumnElement[bool], *, now: datetime, today: date
) -> int:
    due = await _due(session, in_range, now, today)
    if not due:
        return 0
    queued = set(await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(due.values()))))
    notices = batching.Notices()
    for child_id, key in due.items():
        if key in queued:
            continue
        found = await next_steps(session, child_id, today, limit=1)
        if not found.steps:
            continue  # nothing to suggest: nothing is sent
        notices.add(
            outbox.Notice(
                chat_id=found.child.parent_id,
                key=key,
                text_key="path-notice",
                args={
                    "name": found.child.first_name,
                    "cause": key.split(":")[1],
                    "title": found.steps[0].program.title,
                },
                buttons=[[outbox.button("path-open", outbox.Open.PATH, child_id)]],
            )
        )
    count = len(notices.items)
    await notices.enqueue(session, now)
    return count


async def suggest(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> int:
    """Tell the families whose child's enrollment ended or whose school year closed of the next step,
    in batches of children; idempotent through the outbox keys. Returns how many were queued."""
    work = partial(_suggest, now=clock.now(), today=clock.today())
    return await batching.by_id_ranges(sessionmaker, Child.id, work)


async def run_job(ctx: JobContext) -> int:
    queued = await batching.retrying(lambda: suggest(ctx.sessionmaker, ctx.clock), what="next steps")
    if queued:
        ctx.sender.wake()
    return queued
