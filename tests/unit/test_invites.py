"""An invite gives its role once; an account that already holds the membership keeps the one it has."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.accounts import invites
from bot.services.clock import FrozenClock
from bot.services.errors import DomainError
from db.models import Municipality, Provider, ProviderKind, ProviderMembership, Role, StaffMembership, User


async def test_invites_join_once_and_a_code_works_once(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    provider = Provider(
        name="ДДТ", inn="2600000001", kind=ProviderKind.MUNICIPAL, municipality_id=municipality.id
    )
    user = User(id=920_001, locale="ru")
    session.add_all([provider, user])
    await session.flush()
    now = clock.now()

    for role, target, membership, name in (
        (Role.PROVIDER, provider.id, ProviderMembership, "ДДТ"),
        (Role.STAFF, municipality.id, StaffMembership, municipality.name("ru")),
    ):
        first = await invites.create_invite(session, role=role, target_id=target, created_by=None, now=now)
        second = await invites.create_invite(session, role=role, target_id=target, created_by=None, now=now)
        done = await invites.redeem(session, first, user, now)
        assert (done.role, done.target_name, user.active_role) == (role, name, role)
        with pytest.raises(DomainError, match="invite-invalid"):
            await invites.redeem(session, first, user, now)
        await invites.redeem(session, second, user, now)  # a second invite to the same place
        count = select(func.count()).select_from(membership).where(membership.user_id == user.id)
        assert await session.scalar(count) == 1
