"""One-time deep links that give an account the provider or staff role."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.errors import DomainError, NotFound
from db.models import Invite, Municipality, Provider, ProviderMembership, Role, StaffMembership, User

INVITE_TTL = timedelta(days=7)
PREFIX = "inv_"


@dataclass
class Redeemed:
    role: Role
    target_name: str


async def create_invite(
    session: AsyncSession,
    *,
    role: Role,
    target_id: int,
    created_by: int | None,
    now: datetime,
) -> str:
    """Return the `/start` payload of a new one-time invite for `role` bound to a provider or municipality."""
    if role is Role.PROVIDER:
        if await session.get(Provider, target_id) is None:
            raise NotFound()
        invite = Invite(role=role, provider_id=target_id)
    elif role is Role.STAFF:
        if await session.get(Municipality, target_id) is None:
            raise NotFound()
        invite = Invite(role=role, municipality_id=target_id)
    else:
        raise DomainError("invite-bad-role")
    invite.code = PREFIX + secrets.token_urlsafe(18)
    invite.created_by = created_by
    invite.expires_at = now + INVITE_TTL
    session.add(invite)
    await session.flush()
    return invite.code


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


async def redeem(session: AsyncSession, code: str, user: User, now: datetime) -> Redeemed:
    """Use an invite once. A used, expired or unknown code changes nothing."""
    invite = await session.scalar(select(Invite).where(Invite.code == code))
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        raise DomainError("invite-invalid")
    # The conditional update makes a code single-use even if two accounts press it at once.
    claimed = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by=user.id)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("invite-invalid")
    if invite.role is Role.PROVIDER and invite.provider_id is not None:
        provider = await session.get(Provider, invite.provider_id)
        assert provider is not None
        await _join(session, ProviderMembership, user_id=user.id, provider_id=provider.id)
        target = provider.name
    else:
        assert invite.municipality_id is not None
        municipality = await session.get(Municipality, invite.municipality_id)
        assert municipality is not None
        await _join(session, StaffMembership, user_id=user.id, municipality_id=municipality.id)
        target = municipality.name(user.locale)
    user.active_role = invite.role
    await session.flush()
    return Redeemed(role=invite.role, target_name=target)


async def _join(
    session: AsyncSession, membership: type[ProviderMembership] | type[StaffMembership], **of: int
) -> None:
    """The membership `of` (the user and the provider or municipality), unless the user has it."""
    if await session.scalar(select(membership).filter_by(**of)) is None:
        session.add(membership(**of))
