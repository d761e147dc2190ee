from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.accounts import audit
from bot.services.errors import NotAllowed, NotFound
from db.models import Enrollment, Municipality
from tests import factories as make

STAFF = 7900


async def test_staff_read_the_history_of_their_municipalitys_objects_only(
    session: AsyncSession, municipality: Municipality
) -> None:
    other = await make.municipality(session)
    owner = await make.provider(session, municipality)
    program = await make.submitted_program(session, owner)
    group = await make.group(session, program)
    enrollment = Enrollment(group_id=group.id, program_id=program.id, provider_id=owner.id)
    session.add(enrollment)
    await session.flush()
    for n in range(3):
        await audit.record(
            session, actor_id=STAFF, actor_role="provider", action=f"enrollment.step{n}",
            object_type="enrollment", object_id=enrollment.id,
        )  # fmt: skip
    await audit.record(
        session, actor_id=STAFF, actor_role="staff", action="program.publish", object_type="program",
        object_id=program.id,
    )  # fmt: skip

    rows = await audit.staff_history(session, {municipality.id}, "enrollment", enrollment.id, limit=2)
    assert [r.action for r in rows] == ["enrollment.step2", "enrollment.step1"]
    assert [
        r.action for r in await audit.staff_history(session, {municipality.id}, "program", program.id)
    ] == ["program.publish"]
    with pytest.raises(NotAllowed):
        await audit.staff_history(session, {other.id}, "enrollment", enrollment.id)
    with pytest.raises(NotAllowed):
        await audit.staff_history(session, {other.id}, "group", group.id)
    with pytest.raises(NotFound):
        await audit.staff_history(session, {municipality.id}, "program", program.id + 100)
    with pytest.raises(NotFound):
        await audit.staff_history(session, {municipality.id}, "user", STAFF)
