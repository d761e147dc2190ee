"""Program moderation by staff: publish a pending program into a register, or return it with a reason.
Decisions are conditional updates on `moderation = pending`, so of two staff deciding at once one wins
and the other is told the program was already decided."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import outbox, rules
from bot.services.accounts import audit
from bot.services.accounts.access import employee_ids
from bot.services.catalogue import catalog
from bot.services.errors import DomainError, NotAllowed, NotFound
from db.models import ModerationStatus, Program, Register, Role

NOTE_MAX = 1000


async def queue(session: AsyncSession, scope: Collection[int], limit: int = 20) -> list[Program]:
    rows = await session.scalars(
        select(Program)
        .where(Program.moderation == ModerationStatus.PENDING, Program.municipality_id.in_(scope))
        .order_by(Program.updated_at, Program.id)
        .limit(limit)
    )
    return list(rows)


async def staff_program(session: AsyncSession, scope: Collection[int], program_id: int) -> Program:
    program = await session.get(Program, program_id)
    if program is None:
        raise NotFound()
    if program.municipality_id not in scope:
        raise NotAllowed()
    return program


async def pending_program(session: AsyncSession, scope: Collection[int], program_id: int) -> Program:
    program = await staff_program(session, scope, program_id)
    if program.moderation is not ModerationStatus.PENDING:
        raise DomainError("desk-moderation-already-decided")
    return program


def parse_max_students(text: str) -> int:
    """The limit the provider's form and the import use too."""
    limit = rules.PROGRAM_LIMITS["max_students"]
    return rules.whole_number(text, limit.low, limit.high, key="desk-moderation-max-bad", limit=limit.high)


def check_note(text: str) -> str:
    return rules.meaningful_text(text, 3, NOTE_MAX, key="desk-moderation-note-bad")


async def _decide(
    session: AsyncSession,
    *,
    actor_id: int,
    scope: Collection[int],
    program_id: int,
    now: datetime,
    action: str,
    text_key: str,
    values: dict[str, object],
    notify_args: dict[str, object],
) -> Program:
    program = await pending_program(session, scope, program_id)
    won = await session.execute(
        update(Program)
        .where(Program.id == program_id, Program.moderation == ModerationStatus.PENDING)
        .values(**values, updated_at=now)
    )
    if won.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("desk-moderation-already-decided")
    await session.refresh(program)
    entry = await audit.record(
        session,
        actor_id=actor_id,
        actor_role=Role.STAFF,
        action=action,
        object_type="program",
        object_id=program_id,
        **{k: str(v) for k, v in values.items() if v is not None},
    )
    for user_id in await employee_ids(session, program.provider_id):
        await outbox.enqueue(
            session,
            now=now,
            chat_id=user_id,
            key=f"moderation:{entry.id}:{user_id}",
            text_key=text_key,
            args={"title": program.title, **notify_args},
        )
    return program


async def publish(
    session: AsyncSession,
    *,
    actor_id: int,
    scope: Collection[int],
    program_id: int,
    register: Register,
    max_students: int,
    now: datetime,
    today: date,
) -> tuple[Program, bool]:
    """Publish; also whether parents see it in the catalogue now (it has a group open to requests),
    which the provider is told, and staff too."""
    listed = await catalog.has_open_group(session, program_id, today)
    program = await _decide(
        session,
        actor_id=actor_id,
        scope=scope,
        program_id=program_id,
        now=now,
        action="program.publish",
        text_key="desk-notify-published",
        values={
            "moderation": ModerationStatus.PUBLISHED,
            "register": register,
            "max_students": max_students,
            "moderation_note": None,
        },
        notify_args={"register": register.value, "max": max_students, "listed": "yes" if listed else "no"},
    )
    return program, listed


async def return_for_rework(
    session: AsyncSession, *, actor_id: int, scope: Collection[int], program_id: int, note: str, now: datetime
) -> Program:
    note = check_note(note)
    return await _decide(
        session,
        actor_id=actor_id,
        scope=scope,
        program_id=program_id,
        now=now,
        action="program.return",
        text_key="desk-notify-returned",
        values={"moderation": ModerationStatus.RETURNED, "moderation_note": note},
        notify_args={"note": note},
    )
