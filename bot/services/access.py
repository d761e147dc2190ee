"""Who the user is: the account, its roles and the objects its roles are bound to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Municipality, ProviderMembership, Role, StaffMembership, User


@dataclass
class Access:
    user: User
    is_admin: bool = False
    staff_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    provider_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def roles(self) -> list[Role]:
        roles = [Role.PARENT]
        if self.provider_ids:
            roles.append(Role.PROVIDER)
        if self.is_admin or self.staff_municipality_ids:
            roles.append(Role.STAFF)
        return roles

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def role(self) -> Role:
        """The role the menu is shown for; falls back to parent when a role was taken away."""
        return self.user.active_role if self.user.active_role in self.roles else Role.PARENT

    def is_staff_of(self, municipality_id: int) -> bool:
        return municipality_id in self.staff_municipality_ids

    def works_for(self, provider_id: int) -> bool:
        return provider_id in self.provider_ids


SEEN_RESOLUTION = timedelta(days=1)  # how precisely the last visit is kept: a write a day, not an update


async def load_user(
    session: AsyncSession, user_id: int, language_code: str | None, default_locale: str, now: datetime
) -> User:
    """Fetch the account, creating it on first contact with the client's language (ru or en).
    Reading writes nothing: `last_seen_at` moves once a day, and a 403 mark is cleared once."""
    user = await session.get(User, user_id)
    if user is None:
        lang = (language_code or "").split("-")[0].lower()
        user = User(id=user_id, locale=lang if lang in ("ru", "en") else default_locale, last_seen_at=now)
        session.add(user)
        await session.flush()
    else:
        if now - user.last_seen_at >= SEEN_RESOLUTION:
            user.last_seen_at = now
        if user.unreachable_since is not None:
            user.unreachable_since = None  # he wrote to us, so he can be reached again
    return user


async def load_access(session: AsyncSession, user: User, admin_ids: list[int]) -> Access:
    """The person's roles, in one statement (it runs on every update)."""
    is_admin = user.id in admin_ids
    role = literal_column("'staff'", String()).label("role")
    staff = (
        select(role, Municipality.id.label("ref"))
        if is_admin
        else select(role, StaffMembership.municipality_id.label("ref")).where(
            StaffMembership.user_id == user.id
        )
    )
    provider = select(
        literal_column("'provider'", String()).label("role"), ProviderMembership.provider_id.label("ref")
    ).where(ProviderMembership.user_id == user.id)
    rows: list[tuple[str, int]] = [(r[0], r[1]) for r in await session.execute(union_all(staff, provider))]
    staff_ids = {ref for role, ref in rows if role == "staff"}
    provider_ids = {ref for role, ref in rows if role == "provider"}
    return Access(
        user=user,
        is_admin=is_admin,
        staff_municipality_ids=frozenset(staff_ids),
        provider_ids=frozenset(provider_ids),
    )
