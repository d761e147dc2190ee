"""Interests per child: a parent hears of an event that suits one of his children (municipality, age and
what that child follows: his own interests and the family-wide ones), and of broadcasts by direction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.comms import broadcasts, events
from bot.services.comms.broadcasts import Audience
from bot.services.errors import NotAllowed
from bot.services.family import interests
from db.models import Child, Direction, Event, Municipality, User
from tests.dates import at, d

NOW = at(2026, 11, 23, 9, 0)
TODAY = d(2026, 11, 23)


async def _child(
    session: AsyncSession, parent: User, municipality: Municipality, born: int, *chosen: str
) -> Child:
    child = Child(
        parent_id=parent.id,
        last_name="И",
        first_name="А",
        birth_date=d(born, 5, 1),
        municipality_id=municipality.id,
        interests=list(chosen),
    )
    session.add(child)
    await session.flush()
    return child


async def _event(
    session: AsyncSession, m: Municipality, title: str, ages: tuple[int, int], d_: Direction | None
) -> None:
    session.add(
        Event(
            municipality_id=m.id,
            title=title,
            starts_at=NOW + timedelta(days=3),
            age_min=ages[0],
            age_max=ages[1],
            direction=d_,
        )
    )
    await session.flush()


@pytest.fixture
async def parent(session: AsyncSession) -> User:
    """A parent with no family-wide interests."""
    user = User(id=1)
    session.add(user)
    await session.flush()
    return user


async def test_events_follow_each_childs_own_interests_and_age(
    session: AsyncSession, municipality: Municipality, parent: User
) -> None:
    await _child(session, parent, municipality, 2016, "arts")  # 10: arts
    await _child(session, parent, municipality, 2011, "sport")  # 15: sport
    await _event(session, municipality, "arts for ten", (7, 12), Direction.ARTS)
    await _event(session, municipality, "arts for fifteen", (14, 18), Direction.ARTS)  # the arts child is 10
    await _event(session, municipality, "sport for fifteen", (14, 18), Direction.SPORT)
    await _event(session, municipality, "sport for ten", (7, 12), Direction.SPORT)  # the sport child is 15
    await _event(session, municipality, "technical", (5, 18), Direction.TECHNICAL)  # nobody follows it
    await _event(session, municipality, "any direction", (5, 18), None)
    found = await events.for_parent(session, parent, NOW, TODAY)
    assert sorted(e.title for e in found) == ["any direction", "arts for ten", "sport for fifteen"]

    # The family-wide interests count for every child.
    await interests.toggle(session, parent, "technical")
    found = await events.for_parent(session, parent, NOW, TODAY)
    assert "technical" in {e.title for e in found}


async def test_a_child_with_no_interests_anywhere_hears_of_every_direction(
    session: AsyncSession, municipality: Municipality, parent: User
) -> None:
    await _child(session, parent, municipality, 2016)
    await _event(session, municipality, "technical", (5, 18), Direction.TECHNICAL)
    await _event(session, municipality, "too old", (14, 18), Direction.TECHNICAL)
    assert [e.title for e in await events.for_parent(session, parent, NOW, TODAY)] == ["technical"]


async def test_a_broadcast_by_direction_reaches_parents_whose_child_follows_it(
    session: AsyncSession, municipality: Municipality
) -> None:
    family_wide, per_child, neither = User(id=1, interests=["sport"]), User(id=2), User(id=3)
    session.add_all([family_wide, per_child, neither])
    await session.flush()
    await _child(session, family_wide, municipality, 2016)
    await _child(session, per_child, municipality, 2016, "sport")
    await _child(session, neither, municipality, 2016, "arts")
    audience = Audience.from_dict(
        {"kind": "direction", "direction": "sport", "municipality_id": municipality.id}
    )
    assert await broadcasts.recipients(session, audience, TODAY) == [1, 2]


async def test_a_childs_interests_toggle_and_refuse_an_unknown_direction(
    session: AsyncSession, municipality: Municipality, parent: User
) -> None:
    child = await _child(session, parent, municipality, 2016)
    assert await interests.toggle(session, child, "arts") == ["arts"]
    assert await interests.toggle(session, child, "science") == ["arts", "science"]
    assert await interests.toggle(session, child, "arts") == ["science"]
    assert parent.interests == []  # the family-wide list is not touched
    with pytest.raises(NotAllowed):
        await interests.toggle(session, child, "cooking")
