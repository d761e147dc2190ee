"""The providers register kept by staff: add a provider, invite its employees, suspend and resume it.
Staff act only within their municipalities (`scope`)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import rules
from bot.services.accounts import audit, invites
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.rules import inn_fits_kind, is_valid_inn
from db.models import Municipality, Program, Provider, ProviderKind, ProviderState, Role


def check_name(name: str) -> str:
    limit = rules.PROVIDER_NAME
    return " ".join(rules.meaningful_text(name, limit.low, limit.high, key="desk-provider-name-bad").split())


def check_inn(inn: str, kind: ProviderKind | None = None) -> str:
    """The INN's digits and check digits; with a kind, also its length for that kind."""
    if not is_valid_inn(inn):
        raise DomainError("desk-inn-bad")
    if kind is not None and not inn_fits_kind(inn, kind):
        raise DomainError("desk-inn-kind-mismatch")
    return inn


async def inn_taken(session: AsyncSession, inn: str) -> bool:
    return (await session.scalar(select(Provider.id).where(Provider.inn == inn))) is not None


async def staff_provider(session: AsyncSession, scope: Collection[int], provider_id: int) -> Provider:
    provider = await session.get(Provider, provider_id)
    if provider is None:
        raise NotFound()
    if provider.municipality_id not in scope:
        raise NotAllowed()
    return provider


async def list_providers(session: AsyncSession, municipality_id: int) -> list[tuple[Provider, int]]:
    """The municipality's providers with the number of their programs."""
    programs = (
        select(Program.provider_id, func.count(Program.id).label("n"))
        .group_by(Program.provider_id)
        .subquery()
    )
    rows = await session.execute(
        select(Provider, func.coalesce(programs.c.n, 0))
        .outerjoin(programs, programs.c.provider_id == Provider.id)
        .where(Provider.municipality_id == municipality_id)
        .order_by(Provider.name)
    )
    return [(p, int(n)) for p, n in rows.all()]


async def add_provider(
    session: AsyncSession,
    *,
    actor_id: int,
    scope: Collection[int],
    name: str,
    inn: str,
    kind: ProviderKind,
    municipality_id: int,
) -> Provider:
    if municipality_id not in scope:
        raise NotAllowed()
    name = check_name(name)
    check_inn(inn, kind)
    if await inn_taken(session, inn):
        raise DomainError("desk-inn-taken", inn=inn)
    provider = Provider(name=name, inn=inn, kind=kind, municipality_id=municipality_id)
    session.add(provider)
    await session.flush()
    await audit.record(
        session,
        actor_id=actor_id,
        actor_role=Role.STAFF,
        action="provider.add",
        object_type="provider",
        object_id=provider.id,
        inn=inn,
        kind=kind.value,
    )
    return provider


async def set_state(
    session: AsyncSession, *, actor_id: int, scope: Collection[int], provider_id: int, state: ProviderState
) -> Provider:
    """Suspend or resume. A suspended provider's programs leave the catalogue (it shows active ones only)."""
    provider = await staff_provider(session, scope, provider_id)
    changed = await session.execute(
        update(Provider).where(Provider.id == provider_id, Provider.state != state).values(state=state)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError(f"desk-provider-already-{state.value}")
    await session.refresh(provider)
    await audit.record(
        session,
        actor_id=actor_id,
        actor_role=Role.STAFF,
        action=f"provider.{'resume' if state is ProviderState.ACTIVE else 'suspend'}",
        object_type="provider",
        object_id=provider_id,
    )
    return provider


async def make_invite(
    session: AsyncSession, *, actor_id: int, scope: Collection[int], provider_id: int, now: datetime
) -> str:
    await staff_provider(session, scope, provider_id)
    code = await invites.create_invite(
        session, role=Role.PROVIDER, target_id=provider_id, created_by=actor_id, now=now
    )
    await audit.record(
        session,
        actor_id=actor_id,
        actor_role=Role.STAFF,
        action="provider.invite",
        object_type="provider",
        object_id=provider_id,
    )
    return code


async def municipalities(session: AsyncSession, scope: Collection[int]) -> list[Municipality]:
    return list(
        await session.scalars(
            select(Municipality).where(Municipality.id.in_(scope)).order_by(Municipality.name_ru)
        )
    )
