from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.services.desk import reports
from db.models import (
    Certificate,
    CertificateKind,
    CertificateState,
    Direction,
    Enrollment,
    EnrollmentStatus,
    Municipality,
    Period,
    WaitlistEntry,
)
from tests import dates
from tests import factories as make
from tests.dates import d

TODAY = d(2026, 11, 23)


async def certificates(session: AsyncSession, municipality_id: int, states: list[CertificateState]) -> None:
    for n, state in enumerate(states):
        session.add(
            Certificate(
                number=f"{municipality_id:02d}{n:08d}",
                municipality_id=municipality_id,
                kind=CertificateKind.ACCOUNTING,
                state=state,
                issued_at=dates.at(2026, 11, 1),
                valid_until=d(2035, 1, 1),
                birth_year=2017,
            )
        )
    await session.flush()


def test_share_is_exact_and_rounded_half_up() -> None:
    assert reports.share_percent(50, 1000) == Decimal("5.00")
    assert reports.share_percent(1, 3) == Decimal("33.33")
    assert reports.share_percent(2, 3) == Decimal("66.67")
    assert reports.share_percent(1, 8) == Decimal("12.50")
    assert reports.share_percent(1, 200_000) == Decimal("0.00")  # 0.0005 % shows as 0.00, honestly
    assert reports.share_percent(3, 0) is None


def test_targets_compare_without_rounding() -> None:
    five = Decimal(5)
    assert reports.Coverage(1, "a", "a", 50, 1000).meets(five)
    assert not reports.Coverage(1, "a", "a", 49, 1000).meets(five)
    # 49.995 of 1000 would round to 5.00 % but is not 5 %.
    almost = reports.Coverage(1, "a", "a", 99_999, 2_000_000)
    assert almost.share == Decimal("5.00") and not almost.meets(five)
    assert almost.needed_for(five) == 1
    assert reports.Coverage(1, "a", "a", 0, 1001).needed_for(Decimal(27)) == 271  # ceil(270.27)
    assert not reports.Coverage(1, "a", "a", 10, 0).meets(five)


def test_targets_come_from_settings() -> None:
    assert Settings(_env_file=None).coverage_targets == [Decimal(5), Decimal(27)]  # type: ignore[call-arg]
    custom = Settings(coverage_targets="30, 7.5", _env_file=None)  # type: ignore[arg-type,call-arg]
    assert custom.coverage_targets == [Decimal("7.5"), Decimal(30)]
    with pytest.raises(ValueError):
        Settings(coverage_targets="0", _env_file=None)  # type: ignore[arg-type,call-arg]


async def test_coverage_counts_active_certificates_over_the_current_population(
    session: AsyncSession, municipality: Municipality
) -> None:
    other = await make.municipality(session)
    session.add(
        Period(
            municipality_id=other.id,
            starts_on=d(2025, 9, 1),
            ends_on=d(2026, 8, 31),
            child_population=10,
        )
    )
    active, suspended, closed = CertificateState.ACTIVE, CertificateState.SUSPENDED, CertificateState.CLOSED
    await certificates(session, municipality.id, [active] * 55 + [suspended, closed])
    await certificates(session, other.id, [active] * 3)

    rows = {r.municipality_id: r for r in await reports.coverage(session, {municipality.id, other.id}, TODAY)}

    assert (rows[municipality.id].active, rows[municipality.id].population) == (55, 1000)
    assert rows[municipality.id].share == Decimal("5.50")
    assert rows[municipality.id].meets(Decimal(5)) and not rows[municipality.id].meets(Decimal(27))
    # The other municipality's only period is over: its population is unknown, not 10.
    assert rows[other.id].population == 0 and rows[other.id].share is None
    assert [r.municipality_id for r in await reports.coverage(session, {other.id}, TODAY)] == [other.id]


async def test_figures_by_direction_status_decision_time_demand_and_seats(
    session: AsyncSession, municipality: Municipality
) -> None:
    scope = {municipality.id}
    fast = await make.provider(session, municipality, name="Быстрый")
    slow = await make.provider(session, municipality, name="Медленный")
    robots = await make.submitted_program(session, fast, title="Роботы", direction=Direction.TECHNICAL)
    dance = await make.submitted_program(session, slow, title="Танцы", direction=Direction.ARTS)
    full = await make.group(session, robots, capacity=2, taken=2)
    half = await make.group(session, dance, capacity=4, taken=1)

    def request(
        group_id: int, program_id: int, provider_id: int, status: EnrollmentStatus, hours: int | None
    ) -> Enrollment:
        created = dates.at(2026, 11, 2)
        return Enrollment(
            group_id=group_id,
            program_id=program_id,
            provider_id=provider_id,
            status=status,
            created_at=created,
            decided_at=created + timedelta(hours=hours) if hours is not None else None,
            decided_by=1 if hours is not None else None,
        )

    session.add_all(
        [
            request(full.id, robots.id, fast.id, EnrollmentStatus.ACTIVE, 1),
            request(full.id, robots.id, fast.id, EnrollmentStatus.ACTIVE, 2),
            request(full.id, robots.id, fast.id, EnrollmentStatus.PENDING, None),
            request(half.id, dance.id, slow.id, EnrollmentStatus.ACTIVE, 48),
            request(half.id, dance.id, slow.id, EnrollmentStatus.REJECTED, 24),
            request(half.id, dance.id, slow.id, EnrollmentStatus.WITHDRAWN, 500),  # the parent's act
            WaitlistEntry(group_id=full.id),
            WaitlistEntry(group_id=full.id),
        ]
    )
    await session.flush()

    by_direction = await reports.enrollments_by_direction(session, scope)
    assert by_direction[Direction.TECHNICAL] == 2 and by_direction[Direction.ARTS] == 1
    assert by_direction[Direction.SPORT] == 0
    statuses = await reports.requests_by_status(session, scope)
    assert statuses[EnrollmentStatus.ACTIVE] == 3 and statuses[EnrollmentStatus.PENDING] == 1
    assert statuses[EnrollmentStatus.REJECTED] == 1 and statuses[EnrollmentStatus.WITHDRAWN] == 1
    assert statuses[EnrollmentStatus.EXPIRED] == 0
    times = await reports.decision_times(session, scope)
    assert [(t.provider_name, t.decided, t.average) for t in times] == [
        ("Медленный", 2, timedelta(hours=36)),
        ("Быстрый", 2, timedelta(hours=1, minutes=30)),
    ]
    wanted = await reports.wanted_without_seats(session, scope)
    assert [(w.title, w.pending, w.waiting, w.demand) for w in wanted] == [("Роботы", 1, 2, 3)]
    filled = await reports.seats_filled(session, scope)
    assert [(x.title, x.taken, x.capacity, x.share) for x in filled] == [
        ("Роботы", 2, 2, Decimal("100.00")),
        ("Танцы", 1, 4, Decimal("25.00")),
    ]
    assert await reports.seats_filled(session, set()) == []
