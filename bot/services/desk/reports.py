"""The figures staff watch: certificate coverage against the Concept's targets, enrollments by
direction, requests by status, providers' decision time, programs wanted with no free seats, seats
filled. Exact integer and Decimal arithmetic; the chart and the workbooks are drawn elsewhere."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.services.family import path
from db.models import (
    Certificate,
    CertificateState,
    Direction,
    Dispute,
    DisputeSide,
    Enrollment,
    EnrollmentStatus,
    Group,
    Municipality,
    Period,
    Program,
    Provider,
    WaitlistEntry,
    WaitlistStatus,
)

CENT = Decimal("0.01")
# Statuses a request reaches by the provider's decision (an ended enrollment was confirmed first).
PROVIDER_DECISIONS = (EnrollmentStatus.ACTIVE, EnrollmentStatus.REJECTED, EnrollmentStatus.ENDED)


def share_percent(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, two decimals, rounded half up; None when the whole is unknown (0)."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Coverage:
    municipality_id: int
    name_ru: str
    name_en: str
    active: int  # certificates in state active
    population: int  # children aged 5–18 in the current period; 0 when unknown

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_ru

    @property
    def share(self) -> Decimal | None:
        return share_percent(self.active, self.population)

    def meets(self, target: Decimal) -> bool:
        """Exact: active / population >= target %, without rounding the share first."""
        return self.population > 0 and self.active * 100 >= target * self.population

    def needed_for(self, target: Decimal) -> int:
        """How many more active certificates reach the target (0 when reached)."""
        if self.population <= 0:
            return 0
        required = (target * self.population / 100).to_integral_value(rounding=ROUND_CEILING)
        return max(int(required) - self.active, 0)


async def coverage(session: AsyncSession, scope: Collection[int], today: date) -> list[Coverage]:
    active = (
        select(Certificate.municipality_id, func.count(Certificate.id).label("n"))
        .where(Certificate.state == CertificateState.ACTIVE)
        .group_by(Certificate.municipality_id)
        .subquery()
    )
    period = (
        select(Period.municipality_id, Period.child_population)
        .where(Period.starts_on <= today, Period.ends_on >= today)
        .subquery()
    )
    rows = await session.execute(
        select(
            Municipality.id,
            Municipality.name_ru,
            Municipality.name_en,
            func.coalesce(active.c.n, 0),
            func.coalesce(period.c.child_population, 0),
        )
        .outerjoin(active, active.c.municipality_id == Municipality.id)
        .outerjoin(period, period.c.municipality_id == Municipality.id)
        .where(Municipality.id.in_(scope))
        .order_by(Municipality.name_ru)
    )
    return [Coverage(mid, ru, en, int(n), int(pop)) for mid, ru, en, n, pop in rows.all()]


@dataclass(frozen=True)
class Window:
    """Requests created within [since, until); None means all time."""

    since: datetime | None = None
    until: datetime | None = None

    def apply(self, query: Any, created: Any = Enrollment.created_at) -> Any:
        if self.since is not None:
            query = query.where(created >= self.since)
        if self.until is not None:
            query = query.where(created < self.until)
        return query


ALL_TIME = Window()


@dataclass(frozen=True)
class MovedUp:
    children: int
    by_direction: dict[Direction, int]


async def this_year(session: AsyncSession, scope: Collection[int], today: date, tz: ZoneInfo) -> Window:
    """From the start of the scope's earliest current period (the school year; 1 January with none)."""
    starts = await session.scalar(
        select(func.min(Period.starts_on)).where(
            Period.municipality_id.in_(scope), Period.starts_on <= today, Period.ends_on >= today
        )
    )
    since = starts or date(today.year, 1, 1)
    return Window(since=datetime.combine(since, datetime.min.time(), tzinfo=tz))


def _scoped(query: Any, scope: Collection[int]) -> Any:
    return query.join(Program, Program.id == Enrollment.program_id).where(Program.municipality_id.in_(scope))


async def moved_up(session: AsyncSession, scope: Collection[int], window: Window = ALL_TIME) -> MovedUp:
    """Children who moved up a level: a confirmed enrollment (active or ended) requested within `window`
    in a program of the scope whose level is higher than that of a program in the same direction the
    child was confirmed in by an earlier request (a smaller id), e.g. introductory → basic. Counted once
    per child in all and once per child in each direction (a child may move up in two)."""
    later, earlier = aliased(Enrollment), aliased(Enrollment)
    now_in, before_in = aliased(Program), aliased(Program)
    query = (
        select(now_in.direction, later.child_id)
        .join(now_in, now_in.id == later.program_id)
        .join(earlier, (earlier.child_id == later.child_id) & (earlier.id < later.id))
        .join(before_in, before_in.id == earlier.program_id)
        .where(
            later.status.in_(path.ATTENDED),
            earlier.status.in_(path.ATTENDED),
            now_in.municipality_id.in_(scope),
            before_in.direction == now_in.direction,
            path.level_rank(before_in.level) < path.level_rank(now_in.level),
        )
        .distinct()
    )
    rows = (await session.execute(window.apply(query, later.created_at))).all()
    by_direction = {direction: 0 for direction in Direction}
    for direction, _ in rows:
        by_direction[Direction(direction)] += 1
    return MovedUp(children=len({child_id for _, child_id in rows}), by_direction=by_direction)


async def enrollments_by_direction(
    session: AsyncSession, scope: Collection[int], window: Window = ALL_TIME
) -> dict[Direction, int]:
    """Children studying now (active enrollments) per direction; directions with none show 0."""
    query = _scoped(select(Program.direction, func.count(Enrollment.id)), scope).where(
        Enrollment.status == EnrollmentStatus.ACTIVE
    )
    rows = await session.execute(window.apply(query).group_by(Program.direction))
    counts = {direction: 0 for direction in Direction}
    counts.update({Direction(d): int(n) for d, n in rows.all()})
    return counts


async def requests_by_status(
    session: AsyncSession, scope: Collection[int], window: Window = ALL_TIME
) -> dict[EnrollmentStatus, int]:
    query = _scoped(select(Enrollment.status, func.count(Enrollment.id)), scope)
    rows = await session.execute(window.apply(query).group_by(Enrollment.status))
    counts = {status: 0 for status in EnrollmentStatus}
    counts.update({EnrollmentStatus(s): int(n) for s, n in rows.all()})
    return counts


@dataclass(frozen=True)
class DecisionTime:
    provider_id: int
    provider_name: str
    decided: int
    average: timedelta


async def decision_times(
    session: AsyncSession, scope: Collection[int], window: Window = ALL_TIME
) -> list[DecisionTime]:
    """Average of decided_at - created_at per provider over the requests it confirmed or rejected
    (not those withdrawn or expired), slowest first. The difference is taken in Python: date
    arithmetic differs between SQLite and PostgreSQL."""
    query = _scoped(
        select(Enrollment.provider_id, Provider.name, Enrollment.created_at, Enrollment.decided_at), scope
    ).join(Provider, Provider.id == Enrollment.provider_id)
    query = window.apply(
        query.where(Enrollment.decided_at.is_not(None), Enrollment.status.in_(PROVIDER_DECISIONS))
    )
    totals: dict[int, tuple[str, int, timedelta]] = {}
    for provider_id, name, created, decided in (await session.execute(query)).all():
        _, n, total = totals.get(provider_id, (name, 0, timedelta()))
        totals[provider_id] = (name, n + 1, total + (decided - created))
    result = [DecisionTime(pid, name, n, total / n) for pid, (name, n, total) in totals.items()]
    return sorted(result, key=lambda d: (-d.average, d.provider_name))


@dataclass(frozen=True)
class Wanted:
    program_id: int
    title: str
    provider_name: str
    pending: int  # requests waiting for a provider's decision
    waiting: int  # children on the waiting list
    seats: int

    @property
    def demand(self) -> int:
        return self.pending + self.waiting


async def wanted_without_seats(
    session: AsyncSession, scope: Collection[int], limit: int = 10
) -> list[Wanted]:
    """Programs every open group of which is full, by demand: pending requests + waiting list."""
    groups = list(
        await session.scalars(
            select(Group)
            .join(Program, Program.id == Group.program_id)
            .where(Program.municipality_id.in_(scope), Group.archived.is_(False))
        )
    )
    by_program: dict[int, list[Group]] = defaultdict(list)
    for group in groups:
        by_program[group.program_id].append(group)
    full = [pid for pid, gs in by_program.items() if all(g.free_seats == 0 for g in gs)]
    if not full:
        return []
    pending = dict(
        (
            await session.execute(
                select(Enrollment.program_id, func.count(Enrollment.id))
                .where(Enrollment.program_id.in_(full), Enrollment.status == EnrollmentStatus.PENDING)
                .group_by(Enrollment.program_id)
            )
        ).all()
    )
    waiting = dict(
        (
            await session.execute(
                select(Group.program_id, func.count(WaitlistEntry.id))
                .join(Group, Group.id == WaitlistEntry.group_id)
                .where(Group.program_id.in_(full), WaitlistEntry.status == WaitlistStatus.WAITING)
                .group_by(Group.program_id)
            )
        ).all()
    )
    result = []
    for pid in full:
        program = by_program[pid][0].program
        item = Wanted(
            pid,
            program.title,
            program.provider.name,
            int(pending.get(pid, 0)),
            int(waiting.get(pid, 0)),
            sum(g.capacity for g in by_program[pid]),
        )
        if item.demand:
            result.append(item)
    return sorted(result, key=lambda w: (-w.demand, w.title))[:limit]


@dataclass(frozen=True)
class Filled:
    program_id: int
    title: str
    provider_name: str
    taken: int
    capacity: int

    @property
    def share(self) -> Decimal | None:
        return share_percent(self.taken, self.capacity)


async def seats_filled(session: AsyncSession, scope: Collection[int]) -> list[Filled]:
    rows = await session.execute(
        select(
            Program.id,
            Program.title,
            Provider.name,
            func.sum(Group.seats_taken),
            func.sum(Group.capacity),
        )
        .join(Group, Group.program_id == Program.id)
        .join(Provider, Provider.id == Program.provider_id)
        .where(Program.municipality_id.in_(scope), Group.archived.is_(False))
        .group_by(Program.id, Program.title, Provider.name)
        .order_by(Program.title)
    )
    return [Filled(pid, title, name, int(t), int(c)) for pid, title, name, t, c in rows.all()]


@dataclass(frozen=True)
class ProviderDisputes:
    provider_name: str
    opened: int
    for_family: int  # settled in the family's favour (the provider agreed, or staff decided so)


async def disputes_by_provider(session: AsyncSession, scope: Collection[int]) -> list[ProviderDisputes]:
    """«Ребёнок не занимался» per provider: disputes opened and those settled for the family, most first."""
    for_family = func.sum(case((Dispute.settled_for == DisputeSide.FAMILY, 1), else_=0))
    rows = await session.execute(
        select(Provider.name, func.count(Dispute.id), for_family)
        .select_from(Dispute)
        .join(Enrollment, Enrollment.id == Dispute.enrollment_id)
        .join(Program, Program.id == Enrollment.program_id)
        .join(Provider, Provider.id == Enrollment.provider_id)
        .where(Program.municipality_id.in_(scope))
        .group_by(Provider.id, Provider.name)
    )
    result = [ProviderDisputes(name, int(n), int(won or 0)) for name, n, won in rows.all()]
    return sorted(result, key=lambda p: (-p.opened, p.provider_name))
