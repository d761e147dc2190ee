from __future__ import annotations

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.render import render
from bot.services.clock import FrozenClock
from bot.services.desk import moderation, providers
from bot.services.errors import DomainError, NotAllowed
from db.models import (
    AuditRecord,
    Invite,
    ModerationStatus,
    Municipality,
    OutboxMessage,
    Program,
    Provider,
    ProviderKind,
    ProviderState,
    Register,
)
from tests import factories as make

STAFF = 7100
EMPLOYEES = (7201, 7202)


async def test_publish_sets_register_and_max_and_notifies_every_employee(
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
    core: FluentRuntimeCore,
) -> None:
    owner = await make.provider(session, municipality, *EMPLOYEES)
    program = await make.submitted_program(session, owner, title="Роботы <и> код")
    scope = {municipality.id}

    await moderation.publish(
        session,
        actor_id=STAFF,
        scope=scope,
        program_id=program.id,
        register=Register.GENERAL,
        max_students=30,
        now=clock.now(),
        today=clock.today(),
    )

    await session.refresh(program)
    assert (program.moderation, program.register, program.max_students) == (
        ModerationStatus.PUBLISHED,
        Register.GENERAL,
        30,
    )
    sent = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.chat_id)))
    assert [m.chat_id for m in sent] == list(EMPLOYEES)
    assert sent[0].payload["text_key"] == "desk-notify-published"
    assert "«Роботы &lt;и&gt; код» прошла модерацию" in render(core, "ru", sent[0].payload)[0]
    # no group yet: the provider is told parents will not find it until he adds one
    assert sent[0].payload["args"]["listed"] == "no"
    entry = await session.scalar(select(AuditRecord).where(AuditRecord.object_id == program.id))
    assert entry is not None and entry.action == "program.publish" and entry.actor_id == STAFF


async def test_second_decision_loses_and_changes_nothing(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    owner = await make.provider(session, municipality, *EMPLOYEES[:1])
    program = await make.submitted_program(session, owner)
    scope = {municipality.id}
    await moderation.return_for_rework(
        session, actor_id=STAFF, scope=scope, program_id=program.id, note="Нет расписания", now=clock.now()
    )
    with pytest.raises(DomainError) as refused:
        await moderation.publish(
            session,
            actor_id=STAFF + 1,
            scope=scope,
            program_id=program.id,
            register=Register.CERTIFIED,
            max_students=5,
            now=clock.now(),
            today=clock.today(),
        )
    assert refused.value.key == "desk-moderation-already-decided"
    await session.refresh(program)
    assert program.moderation is ModerationStatus.RETURNED
    assert program.moderation_note == "Нет расписания"
    assert await session.scalar(select(func.count(OutboxMessage.id))) == 1


async def test_staff_of_another_municipality_cannot_decide(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    other = await make.municipality(session)
    owner = await make.provider(session, municipality, *EMPLOYEES[:1])
    program = await make.submitted_program(session, owner)
    with pytest.raises(NotAllowed):
        await moderation.return_for_rework(
            session, actor_id=STAFF, scope={other.id}, program_id=program.id, note="Причина", now=clock.now()
        )
    assert await moderation.queue(session, {other.id}) == []
    await session.refresh(program)
    assert program.moderation is ModerationStatus.PENDING
    assert await session.scalar(select(func.count(OutboxMessage.id))) == 0


@pytest.mark.parametrize("text", ["0", "-3", "abc", "10001", ""])
def test_bad_max_students_is_refused(text: str) -> None:
    with pytest.raises(DomainError, match=r"^desk-moderation-max-bad$"):
        moderation.parse_max_students(text)


async def test_add_provider_checks_inn_and_uniqueness(
    session: AsyncSession, municipality: Municipality
) -> None:
    scope = {municipality.id}
    added = await providers.add_provider(
        session,
        actor_id=STAFF,
        scope=scope,
        name="  ИП  Петров ",
        inn="500100732259",
        kind=ProviderKind.INDIVIDUAL,
        municipality_id=municipality.id,
    )
    assert added.name == "ИП Петров"
    cases = [
        ("500100732259", ProviderKind.INDIVIDUAL, "desk-inn-taken"),
        ("7707083894", ProviderKind.NONSTATE, "desk-inn-bad"),
        ("7707083893", ProviderKind.INDIVIDUAL, "desk-inn-kind-mismatch"),
    ]
    for inn, kind, key in cases:
        with pytest.raises(DomainError) as refused:
            await providers.add_provider(
                session,
                actor_id=STAFF,
                scope=scope,
                name="Школа",
                inn=inn,
                kind=kind,
                municipality_id=municipality.id,
            )
        assert refused.value.key == key
    with pytest.raises(NotAllowed):
        await providers.add_provider(
            session,
            actor_id=STAFF,
            scope=set(),
            name="Школа",
            inn="7707083893",
            kind=ProviderKind.STATE,
            municipality_id=municipality.id,
        )
    assert await session.scalar(select(func.count(Provider.id))) == 1


async def test_suspend_resume_and_invite(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    owner = await make.provider(session, municipality)
    scope = {municipality.id}
    await providers.set_state(
        session, actor_id=STAFF, scope=scope, provider_id=owner.id, state=ProviderState.SUSPENDED
    )
    with pytest.raises(DomainError, match=r"^desk-provider-already-suspended$"):
        await providers.set_state(
            session, actor_id=STAFF, scope=scope, provider_id=owner.id, state=ProviderState.SUSPENDED
        )
    assert owner.state is ProviderState.SUSPENDED
    await providers.set_state(
        session, actor_id=STAFF, scope=scope, provider_id=owner.id, state=ProviderState.ACTIVE
    )
    code = await providers.make_invite(
        session, actor_id=STAFF, scope=scope, provider_id=owner.id, now=clock.now()
    )
    invite = await session.scalar(select(Invite).where(Invite.code == code))
    assert invite is not None and invite.provider_id == owner.id
    with pytest.raises(NotAllowed):
        await providers.make_invite(
            session, actor_id=STAFF, scope=set(), provider_id=owner.id, now=clock.now()
        )
    actions = list(await session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))
    assert actions == ["provider.suspend", "provider.resume", "provider.invite"]
    assert await session.scalar(select(func.count(Program.id))) == 0


async def test_of_two_staff_deciding_at_once_only_one_wins(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    owner = await make.provider(session, municipality, *EMPLOYEES[:1])
    program = await make.submitted_program(session, owner)
    await session.commit()
    scope = {municipality.id}
    async with sessionmaker() as first, sessionmaker() as second:
        # Both saw the program pending (SQLite runs one write transaction at a time, so the second
        # keeps what it read in its identity map, as a slower concurrent transaction would)...
        await moderation.pending_program(second, scope, program.id)
        await second.commit()
        await moderation.pending_program(first, scope, program.id)
        await moderation.publish(
            first,
            actor_id=STAFF,
            scope=scope,
            program_id=program.id,
            register=Register.CERTIFIED,
            max_students=10,
            now=clock.now(),
            today=clock.today(),
        )
        await first.commit()
        # ...the second decision finds it decided, although its own copy still says pending.
        with pytest.raises(DomainError) as refused:
            await moderation.return_for_rework(
                second, actor_id=STAFF + 1, scope=scope, program_id=program.id, note="Поздно", now=clock.now()
            )
        assert refused.value.key == "desk-moderation-already-decided"
        await second.rollback()
    await session.refresh(program)
    assert program.moderation is ModerationStatus.PUBLISHED and program.moderation_note is None
    assert await session.scalar(select(func.count(AuditRecord.id))) == 1


async def test_a_program_with_an_open_group_is_announced_as_in_the_catalogue(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    owner = await make.provider(session, municipality, *EMPLOYEES[:1])
    program = await make.submitted_program(session, owner)
    await make.group(session, program)
    await moderation.publish(
        session,
        actor_id=STAFF,
        scope={municipality.id},
        program_id=program.id,
        register=Register.GENERAL,
        max_students=30,
        now=clock.now(),
        today=clock.today(),
    )
    [note] = await session.scalars(select(OutboxMessage))
    assert note.payload["args"]["listed"] == "yes"
