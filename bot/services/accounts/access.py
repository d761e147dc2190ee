"""Who the user is: the account, its roles and the objects its roles are bound to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Child, Municipality, ProviderMembership, Role, StaffMembership, User

# The menu of a child's own account (14+, linked by the parent): his certificate, his enrollments,
# the catalogue and events; no family data and no consent screen (the consent is the parent's).
TEEN_MENU = "teen"


@dataclass
class Access:
    user: User
    is_admin: bool = False
    staff_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    provider_ids: frozenset[int] = field(default_factory=frozenset)
    own_child_ids: frozenset[int] = field(default_factory=frozenset)  # children linked to this account
    has_children: bool = False  # registered children as their parent

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

    @property
    def is_teen(self) -> bool:
        """A child's own account: linked to his certificate, with no family of its own, in the
        parent's role (an employee's account keeps his work menus)."""
        return bool(self.own_child_ids) and not self.has_children and self.role is Role.PARENT

    @property
    def menu(self) -> str:
        """Which main menu to show: the role's, or the teen's."""
        return TEEN_MENU if self.is_teen else self.role.value

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
    # Children registered by this account, and children whose own account (14+) this is.
    parent = select(literal_column("'parent'", String()).label("role"), Child.id.label("ref")).where(
        Child.parent_id == user.id
    )
    own = select(literal_column("'own'", String()).label("role"), Child.id.label("ref")).where(
        Child.own_user_id == user.id
    )
    statement = union_all(staff, provider, parent, own)
    rows: list[tuple[str, int]] = [(r[0], r[1]) for r in await session.execute(statement)]
    ids: dict[str, set[int]] = {"staff": set(), "provider": set(), "parent": set(), "own": set()}
    for kind, ref in rows:
        ids[kind].add(ref)
    return Access(
        user=user,
        is_admin=is_admin,
        staff_municipality_ids=frozenset(ids["staff"]),
        provider_ids=frozenset(ids["provider"]),
        own_child_ids=frozenset(ids["own"] - ids["parent"]),
        has_children=bool(ids["parent"]),
    )


async def staff_chat_ids(session: AsyncSession, municipality_id: int, admin_ids: Iterable[int]) -> set[int]:
    """Who hears of what a municipality's staff must decide: its staff and the admins."""
    members = await session.scalars(
        select(StaffMembership.user_id).where(StaffMembership.municipality_id == municipality_id)
    )
    return set(members) | set(admin_ids)


async def employee_ids(session: AsyncSession, provider_id: int) -> list[int]:
    """The provider's people: who hears of what the provider must answer."""
    rows = await session.scalars(
        select(ProviderMembership.user_id).where(ProviderMembership.provider_id == provider_id)
    )
    return list(rows)
