"""When a group fills: every other pending request moves to the waiting list at once, in the same
transaction, each family told once; seats the waiting list offered stay with the family that took
them; the family can leave the list; a moved request is not shown as withdrawn by the family."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.clock import FrozenClock
from bot.services.enrollment import requests as enrollment
from bot.services.errors import DomainError, NotAllowed
from db.models import (
    EnrollmentStatus,
    Municipality,
    WaitlistEntry,
    WaitlistStatus,
)
from tests import factories as make

TZ = ZoneInfo("Europe/Moscow")


async def _two_waiting(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> tuple[make.World, WaitlistEntry, WaitlistEntry]:
    """A full group of one seat, and two children (parents 5101, 5102) waiting for it in turn."""
    w = await make.world(session, municipality, capacity=1, taken=1)
    first = await make.child(session, 5101, municipality)
    second = await make.child(session, 5102, municipality)
    entry1, _ = await enrollment.join_waitlist(
        session, parent_id=5101, child_id=first.id, group_id=w.group.id, today=clock.today()
    )
    entry2, _ = await enrollment.join_waitlist(
        session, parent_id=5102, child_id=second.id, group_id=w.group.id, today=clock.today()
    )
    return w, entry1, entry2


async def _free_the_seat(session: AsyncSession, w: make.World, clock: FrozenClock) -> None:
    w.group.seats_taken = 0
    await session.flush()
    await enrollment.offer_next(session, w.group.id, clock.now())


async def test_confirming_the_last_seat_moves_every_other_pending_request_to_the_waiting_list(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality, capacity=1)
    second = await make.child(session, 5101, municipality)
    third = await make.child(session, 5102, municipality)
    first_request = await make.requested(session, w, clock)
    others = [
        await make.requested(session, w, clock, parent_id=5101, child_id=second.id),
        await make.requested(session, w, clock, parent_id=5102, child_id=third.id),
    ]
    done = await make.confirmed(session, w, clock, first_request)
    assert done.enrollment.status is EnrollmentStatus.ACTIVE and done.waitlisted == 2
    for e in others:
        await session.refresh(e)
        assert (e.status, e.reason) == (EnrollmentStatus.WITHDRAWN, enrollment.NO_SEAT)
    entries = (await session.scalars(select(WaitlistEntry).order_by(WaitlistEntry.id))).all()
    assert [(x.child_id, x.status) for x in entries] == [
        (second.id, WaitlistStatus.WAITING),
        (third.id, WaitlistStatus.WAITING),
    ]
    [note] = await make.outbox_for(session, 5102)
    assert note.payload["text_key"] == "enroll-note-waitlisted" and note.payload["args"]["place"] == 2
    assert await enrollment.pending_for_provider(session, frozenset({w.provider.id})) == []
    # «Мои заявки»: the moved request is its waiting-list place, not a request "withdrawn" by the family.
    assert await enrollment.for_parent_list(session, 5101) == []
    assert [x.child_id for x in await enrollment.waiting_for_parent(session, 5101)] == [second.id]
    # «Подтвердить» pressed on the old notice: told it is on the waiting list, nothing sent twice.
    again = await make.confirmed(session, w, clock, others[0])
    assert again.enrollment.status is EnrollmentStatus.WITHDRAWN and again.waitlisted == 0
    with pytest.raises(DomainError) as rejected:
        await enrollment.reject(
            session,
            enrollment_id=others[0].id,
            provider_ids=frozenset({w.provider.id}),
            actor_id=w.provider_user,
            reason="other",
            comment=None,
            now=clock.now(),
        )
    assert rejected.value.key == "enroll-on-waitlist"
    assert len(await make.outbox_for(session, 5101)) == 1


async def test_a_group_with_seats_left_keeps_the_other_requests_pending(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality, capacity=2)
    second = await make.child(session, 5101, municipality)
    first_request = await make.requested(session, w, clock)
    other = await make.requested(session, w, clock, parent_id=5101, child_id=second.id)
    assert (await make.confirmed(session, w, clock, first_request)).waitlisted == 0
    await session.refresh(other)
    assert other.status is EnrollmentStatus.PENDING
    assert await make.outbox_for(session, 5101) == []


async def test_a_seat_taken_from_the_waiting_list_is_kept_for_that_family(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality, capacity=1)
    waiting = await make.child(session, 5101, municipality)
    late = await make.child(session, 5102, municipality)
    active = await make.requested(session, w, clock)
    await make.confirmed(session, w, clock, active)
    entry, _ = await enrollment.join_waitlist(
        session, parent_id=5101, child_id=waiting.id, group_id=w.group.id, today=clock.today()
    )
    await enrollment.end(
        session,
        enrollment_id=active.id,
        actor_id=1,
        reason="moved",
        comment=None,
        now=clock.now(),
        parent_id=w.parent_id,
    )
    await session.refresh(entry)
    assert entry.status is WaitlistStatus.OFFERED
    offered = await enrollment.accept_offer(
        session, entry_id=entry.id, parent_id=5101, now=clock.now(), today=clock.today(), tz=TZ
    )
    # The provider hears it is the waiting list's seat, in the notice and in his list.
    notes = await make.outbox_for(session, w.provider_user)
    new = [n for n in notes if n.key.startswith(f"enr:{offered.id}:new")]
    assert new[0].payload["args"]["waitlist"] == "yes"
    assert await enrollment.from_waitlist(session, [offered]) == {offered.id}
    # The seat is still free, but promised: an ordinary request is offered the waiting list.
    with pytest.raises(enrollment.NoSeat):
        await make.requested(session, w, clock, parent_id=5102, child_id=late.id)
    done = await make.confirmed(session, w, clock, offered)
    assert done.enrollment.status is EnrollmentStatus.ACTIVE


async def test_rejecting_a_request_from_the_waiting_list_offers_the_seat_to_the_next(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w, entry1, entry2 = await _two_waiting(session, municipality, clock)
    await _free_the_seat(session, w, clock)
    offered = await enrollment.accept_offer(
        session, entry_id=entry1.id, parent_id=5101, now=clock.now(), today=clock.today(), tz=TZ
    )
    await session.refresh(entry2)
    assert entry2.status is WaitlistStatus.WAITING  # the seat is held by the accepted offer
    await enrollment.reject(
        session,
        enrollment_id=offered.id,
        provider_ids=frozenset({w.provider.id}),
        actor_id=w.provider_user,
        reason="documents",
        comment=None,
        now=clock.now(),
    )
    await session.refresh(entry2)
    assert entry2.status is WaitlistStatus.OFFERED


async def test_leaving_the_waiting_list_passes_an_offered_seat_on(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w, entry1, entry2 = await _two_waiting(session, municipality, clock)
    with pytest.raises(NotAllowed):
        await enrollment.leave_waitlist(session, entry_id=entry2.id, parent_id=5101, now=clock.now())
    await _free_the_seat(session, w, clock)
    await enrollment.leave_waitlist(session, entry_id=entry1.id, parent_id=5101, now=clock.now())
    await session.refresh(entry1)
    await session.refresh(entry2)
    assert (entry1.status, entry2.status) == (WaitlistStatus.CANCELLED, WaitlistStatus.OFFERED)
    with pytest.raises(DomainError) as twice:
        await enrollment.leave_waitlist(session, entry_id=entry1.id, parent_id=5101, now=clock.now())
    assert twice.value.key == "enroll-waitlist-gone"
