"""The waiting list (offer, accept, 48-hour expiry), the deadlines job with a controllable clock, the
race for the last seat, and consent withdrawal ending enrollments."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.clock import FrozenClock
from bot.services.enrollment import requests as enrollment
from bot.services.errors import DomainError
from bot.services.family import consent
from db.models import (
    Enrollment,
    EnrollmentStatus,
    Group,
    Municipality,
    User,
    WaitlistEntry,
    WaitlistStatus,
)
from tests import factories as make
from tests.dates import monday_morning

TZ = ZoneInfo("Europe/Moscow")


async def _keys(session: AsyncSession, chat_id: int) -> list[str]:
    return [r.payload["text_key"] for r in await make.outbox_for(session, chat_id)]


async def test_freed_seat_goes_to_the_first_waiting_and_moves_on_after_48_hours(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality, capacity=1)
    e = await make.enrolled(session, w, clock)
    first = await make.child(session, 5101, municipality)
    second = await make.child(session, 5102, municipality)
    entry1, place1 = await enrollment.join_waitlist(
        session, parent_id=5101, child_id=first.id, group_id=w.group.id, today=clock.today()
    )
    entry2, place2 = await enrollment.join_waitlist(
        session, parent_id=5102, child_id=second.id, group_id=w.group.id, today=clock.today()
    )
    assert (place1, place2) == (1, 2)
    try:
        await enrollment.join_waitlist(
            session, parent_id=5101, child_id=first.id, group_id=w.group.id, today=clock.today()
        )
    except DomainError as error:
        assert error.key == "enroll-waitlist-duplicate"
    else:
        raise AssertionError("joined twice")

    await enrollment.end(
        session,
        enrollment_id=e.id,
        actor_id=w.parent_id,
        reason="family",
        comment=None,
        now=clock.now(),
        parent_id=w.parent_id,
    )
    assert entry1.status is WaitlistStatus.OFFERED and entry2.status is WaitlistStatus.WAITING
    assert await _keys(session, 5101) == ["enroll-note-offer"]

    clock.move(timedelta(hours=47))
    assert (await enrollment.run_due(session, clock.now(), TZ))["offers_expired"] == 0
    clock.move(timedelta(hours=2))
    assert (await enrollment.run_due(session, clock.now(), TZ))["offers_expired"] == 1
    await session.refresh(entry1)
    await session.refresh(entry2)
    assert entry1.status is WaitlistStatus.EXPIRED and entry2.status is WaitlistStatus.OFFERED
    assert await _keys(session, 5101) == ["enroll-note-offer", "enroll-note-offer-expired"]
    try:
        await enrollment.accept_offer(
            session, entry_id=entry1.id, parent_id=5101, now=clock.now(), today=clock.today(), tz=TZ
        )
    except DomainError as error:
        assert error.key == "enroll-offer-expired"
    else:
        raise AssertionError("an expired offer was accepted")

    request = await enrollment.accept_offer(
        session, entry_id=entry2.id, parent_id=5102, now=clock.now(), today=clock.today(), tz=TZ
    )
    assert request.status is EnrollmentStatus.PENDING and request.child_id == second.id
    assert entry2.status is WaitlistStatus.ACCEPTED


async def test_someone_elses_offer_cannot_be_accepted(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality, capacity=1)
    e = await make.enrolled(session, w, clock)
    waiting = await make.child(session, 5101, municipality)
    entry, _ = await enrollment.join_waitlist(
        session, parent_id=5101, child_id=waiting.id, group_id=w.group.id, today=clock.today()
    )
    await enrollment.end(
        session,
        enrollment_id=e.id,
        actor_id=1,
        reason="family",
        comment=None,
        now=clock.now(),
        parent_id=w.parent_id,
    )
    try:
        await enrollment.accept_offer(
            session, entry_id=entry.id, parent_id=5999, now=clock.now(), today=clock.today(), tz=TZ
        )
    except DomainError as error:
        assert error.key == "error-not-allowed"
    else:
        raise AssertionError("a stranger took the offer")
    assert entry.status is WaitlistStatus.OFFERED


async def test_deadline_reminds_the_provider_once_then_expires_and_tells_the_parent(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    clock.set(monday_morning(clock.now()))
    w = await make.world(session, municipality)
    e = await make.requested(session, w, clock)
    clock.move(timedelta(days=7) - timedelta(minutes=1))  # Monday 09:00 UTC + 7 days = the deadline
    assert await enrollment.run_due(session, clock.now(), TZ) == {
        "reminded": 0,
        "expired": 0,
        "offers_expired": 0,
    }
    clock.move(timedelta(minutes=1))
    assert (await enrollment.run_due(session, clock.now(), TZ))["reminded"] == 1
    assert (await enrollment.run_due(session, clock.now(), TZ))["reminded"] == 0  # once
    assert await _keys(session, w.provider_user) == [
        "enroll-note-provider-new",
        "enroll-note-provider-reminder",
    ]
    clock.move(timedelta(days=2) - timedelta(minutes=1))  # Wednesday, just before 2 working days
    assert (await enrollment.run_due(session, clock.now(), TZ))["expired"] == 0
    clock.move(timedelta(minutes=1))
    assert (await enrollment.run_due(session, clock.now(), TZ))["expired"] == 1
    await session.refresh(e)
    assert e.status is EnrollmentStatus.EXPIRED
    assert await _keys(session, w.parent_id) == ["enroll-note-expired"]


async def test_many_confirmations_race_for_the_last_seat_and_exactly_one_wins(
    sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality, clock: FrozenClock
) -> None:
    async with sessionmaker() as session:
        w = await make.world(session, municipality, capacity=3, taken=2)
        ids = []
        for n in range(12):
            c = await make.child(session, 5200 + n, municipality)
            ids.append(
                (
                    await enrollment.request(
                        session,
                        parent_id=5200 + n,
                        child_id=c.id,
                        group_id=w.group.id,
                        now=clock.now(),
                        today=clock.today(),
                        tz=TZ,
                        seat_offered=True,
                    )
                ).id
            )
        await session.commit()

    async def attempt(enrollment_id: int) -> EnrollmentStatus:
        async with sessionmaker() as s, s.begin():
            decided = await enrollment.confirm(
                s,
                enrollment_id=enrollment_id,
                provider_ids=frozenset({w.provider.id}),
                actor_id=1,
                now=clock.now(),
                today=clock.today(),
            )
            return decided.enrollment.status

    results = await asyncio.gather(*(attempt(i) for i in ids))
    assert results.count(EnrollmentStatus.ACTIVE) == 1
    async with sessionmaker() as session:
        group = await session.get(Group, w.group.id)
        assert group is not None and group.seats_taken == group.capacity == 3
        rows = (
            await session.execute(select(Enrollment.status, Enrollment.reason).where(Enrollment.id.in_(ids)))
        ).all()
        assert [status for status, _ in rows].count(EnrollmentStatus.ACTIVE) == 1
        # The families that lost the race are not left hanging: their requests give way to the waiting list.
        lost = [(status, reason) for status, reason in rows if status is not EnrollmentStatus.ACTIVE]
        assert lost == [(EnrollmentStatus.WITHDRAWN, enrollment.NO_SEAT)] * 11
        waiting = await session.scalar(
            select(func.count(WaitlistEntry.id)).where(
                WaitlistEntry.group_id == w.group.id, WaitlistEntry.status == WaitlistStatus.WAITING
            )
        )
        assert waiting == 11


async def test_consent_withdrawal_ends_active_enrollments_properly(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality, capacity=1)
    await make.enrolled(session, w, clock)
    waiting = await make.child(session, 5101, municipality)
    entry, _ = await enrollment.join_waitlist(
        session, parent_id=5101, child_id=waiting.id, group_id=w.group.id, today=clock.today()
    )
    parent = await session.get(User, w.parent_id)
    assert parent is not None
    await consent.withdraw(session, parent, clock.now(), clock.today())
    group = await session.get(Group, w.group.id, populate_existing=True)
    assert group is not None and group.seats_taken == 0
    ended = await session.scalar(select(Enrollment).where(Enrollment.group_id == w.group.id))
    assert ended is not None and ended.status is EnrollmentStatus.ENDED
    await session.refresh(entry)
    assert entry.status is WaitlistStatus.OFFERED
    assert "enroll-note-provider-ended" in await _keys(session, w.provider_user)
    assert (
        await session.scalar(select(WaitlistEntry.id).where(WaitlistEntry.parent_id == w.parent_id)) is None
    )


async def test_the_deadline_job_works_in_batches_until_every_due_request_is_handled(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worlds = [
        await make.world(session, municipality, parent_id=5001 + n, provider_user=6001 + n) for n in range(5)
    ]
    for w in worlds:
        await make.requested(session, w, clock)
    await session.commit()
    clock.move(timedelta(days=7))  # every deadline passed
    monkeypatch.setattr(enrollment, "DEADLINE_BATCH", 2)
    ctx = SimpleNamespace(sessionmaker=sessionmaker, clock=clock, settings=SimpleNamespace(tz=TZ))

    done = await enrollment._run_due_in_batches(ctx)  # type: ignore[arg-type]

    assert done == {"reminded": 5, "expired": 0, "offers_expired": 0}  # in batches of 2, 2 and 1
    reminded = await session.scalar(
        select(func.count(Enrollment.id)).where(Enrollment.reminded_at.is_not(None))
    )
    assert reminded == 5
