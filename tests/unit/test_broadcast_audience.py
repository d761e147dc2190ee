"""Who an announcement reaches: parents of a municipality, of an age, by interest; providers' staff."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import rules
from bot.services.accounts.access import Access
from bot.services.comms import broadcasts
from bot.services.comms.broadcasts import Audience
from bot.services.errors import DomainError, NotAllowed
from db.models import (
    Child,
    Municipality,
    OutboxMessage,
    ProviderKind,
    User,
)
from tests import factories as make
from tests.dates import at, d

TODAY = d(2026, 11, 23)


async def _family(
    session: AsyncSession, parent: int, birth: date, municipality_id: int, **user: object
) -> None:
    session.add(User(id=parent, **user))
    await session.flush()
    session.add(
        Child(
            parent_id=parent, last_name="И", first_name="А", birth_date=birth, municipality_id=municipality_id
        )
    )
    await session.flush()


@pytest.fixture
async def people(session: AsyncSession, municipality: Municipality) -> Municipality:
    other = Municipality(name_ru="Другой", name_en="Other")
    session.add(other)
    await session.flush()
    await _family(session, 1, d(2019, 11, 23), municipality.id, interests=["arts"])  # 7 today
    await _family(session, 2, d(2014, 11, 24), municipality.id, interests=["sport"])  # 11
    await _family(session, 3, d(2014, 11, 23), municipality.id)  # 12 today
    await _family(session, 4, d(2016, 1, 1), other.id, interests=["arts"])
    await _family(session, 5, d(2016, 1, 1), municipality.id, unreachable_since=at(2026, 1, 1))
    await make.user(session, 9, consent=False)
    await make.provider(session, municipality, 9, name="ДДТ", kind=ProviderKind.MUNICIPAL)
    return municipality


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ({"kind": "municipality"}, [1, 2, 3]),
        ({"kind": "age", "age_min": 7, "age_max": 11}, [1, 2]),
        ({"kind": "age", "age_min": 12, "age_max": 12}, [3]),
        ({"kind": "direction", "direction": "arts"}, [1]),
        ({"kind": "providers"}, [9]),
    ],
)
async def test_recipients(
    session: AsyncSession, people: Municipality, audience: dict, expected: list[int]
) -> None:  # type: ignore[type-arg]
    chosen = Audience.from_dict({**audience, "municipality_id": people.id})
    assert await broadcasts.recipients(session, chosen, TODAY) == expected


async def test_start_queues_one_message_per_recipient_and_refuses_other_municipalities(
    session: AsyncSession, people: Municipality
) -> None:
    staff = User(id=100)
    session.add(staff)
    await session.flush()
    access = Access(user=staff, staff_municipality_ids=frozenset({people.id}))
    now = at(2026, 11, 23, 9, 0)
    broadcast, count = await broadcasts.start(
        session,
        access,
        text="Привет",
        photo=None,
        audience=Audience("municipality", people.id),
        now=now,
        today=TODAY,
        progress_chat_id=100,
    )
    keys = sorted((await session.scalars(select(OutboxMessage.key))).all())
    assert count == 3 and keys == [f"bc:{broadcast.id}:{chat}" for chat in (1, 2, 3)]
    with pytest.raises(NotAllowed):
        await broadcasts.count_recipients(session, access, Audience("municipality", people.id + 1), TODAY)
    with pytest.raises(DomainError, match=r"^broadcasts-no-recipients$"):
        await broadcasts.start(
            session,
            access,
            text="Привет",
            photo=None,
            audience=Audience("age", people.id, 17, 18),
            now=now,
            today=TODAY,
            progress_chat_id=100,
        )


@pytest.mark.parametrize(("text", "expected"), [("7-12", (7, 12)), ("7 – 12", (7, 12)), ("10", (10, 10))])
def test_age_range(text: str, expected: tuple[int, int]) -> None:
    assert rules.age_range(text, key="broadcasts-age-invalid") == expected


@pytest.mark.parametrize("text", ["", "abc", "12-7", "3-10", "5-19", "1-2-3", "-5", "²", "7-①"])
def test_age_range_refused(text: str) -> None:
    with pytest.raises(DomainError, match=r"^broadcasts-age-invalid$"):
        rules.age_range(text, key="broadcasts-age-invalid")
