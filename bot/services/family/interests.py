"""Interests: the directions a family follows, per child and family-wide.

A parent marks interests for each child (the child's card, «🎯 Интересы»); the family-wide list (settings,
«🎯 Интересы», `User.interests`) is kept as what the parent follows for every child. What a child follows
is the union of both (`of_child`); with nothing chosen anywhere, every direction. Events, broadcasts by
direction and the child's next steps ask `follows`, the one matching rule."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.errors import NotAllowed
from db.models import Child, Direction, User


def toggled(chosen: Iterable[str], direction: str) -> list[str]:
    """`chosen` with `direction` added, or taken away if it was there; a direction that does not
    exist is a forged press."""
    if direction not in set(Direction):
        raise NotAllowed()
    current = list(chosen)
    return [d for d in current if d != direction] if direction in current else [*current, direction]


async def toggle(session: AsyncSession, holder: User | Child, direction: str) -> list[str]:
    """Switch one direction of a parent's (family-wide) or a child's interests; returns the new list."""
    holder.interests = toggled(holder.interests or [], direction)
    await session.flush()
    return list(holder.interests)


def of_child(child: Child, parent: User | None) -> set[str]:
    """What this child follows: his own interests and the ones his parent chose for the whole family."""
    return set(child.interests or []) | set((parent.interests if parent is not None else None) or [])


def follows(interests: Collection[str], direction: Direction | str | None) -> bool:
    """Whether something of `direction` (None: of any) suits someone with these interests (none: all)."""
    return not interests or direction is None or str(direction) in interests
