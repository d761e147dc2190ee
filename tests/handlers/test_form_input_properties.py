"""Property tests: arbitrary Unicode and numbers typed into the number, money and text fields of the
provider's forms, through the real dispatcher. Every input gets an answer (the next question or a
refusal saying what is expected), nothing is logged at ERROR, and the database changes only for a
valid input (a group is created only when its last answer is valid)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from hypothesis import given
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings as BotSettings
from bot.keyboards.provider import PvCb
from bot.services import rules
from bot.services.catalogue import provider_desk
from bot.services.errors import DomainError
from db.models import Group, Municipality, Program, Register
from tests import factories as make
from tests.dates import year
from tests.handlers.harness import Harness
from tests.typed_input import FORM_EXAMPLES, typed

PROVIDER = 6001


def _valid(parse: Callable[[str], Any], text: str) -> bool:
    try:
        parse(text)
    except DomainError:
        return False
    return True


def _positive_money(text: str) -> int:
    amount = rules.money(text)
    if not amount:
        raise DomainError("provider-bad-money")
    return amount


LIMITS = rules.PROGRAM_LIMITS
# step of the program form -> (the rule that decides, the start of its refusal)
PROGRAM_STEPS: dict[int, tuple[Callable[[str], Any], str]] = {
    0: (
        lambda t: rules.meaningful_text(t, LIMITS["title"].low, LIMITS["title"].high),
        "Название должно быть",
    ),
    7: (lambda t: rules.whole_number(t, 1, LIMITS["duration_months"].high), "Нужно целое число от 1 до 48"),
    9: (_positive_money, "Напишите сумму в рублях"),
    11: (lambda t: rules.whole_number(t, 1, LIMITS["max_students"].high), "Нужно целое число от 1 до 200"),
}


async def _snapshot(sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[Any, ...]:
    async with sessionmaker() as s:
        programs = tuple((await s.execute(select(Program.__table__).order_by(Program.id))).all())
        return programs, await s.scalar(select(func.count(Group.id)))


@pytest.fixture
async def program_id(session: AsyncSession, municipality: Municipality) -> int:
    w = await make.world(session, municipality, register=Register.CERTIFIED, price=250_000, normative=250_000)
    return w.program.id


@pytest.fixture
async def h(settings: BotSettings, sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[Harness]:
    """One dispatcher for all the examples of a test: each example starts its form afresh."""
    async with Harness(settings, sessionmaker) as harness:
        yield harness


@pytest.mark.parametrize("step", sorted(PROGRAM_STEPS))
@FORM_EXAMPLES
@given(text=typed)
async def test_program_form_fields_answer_any_input(
    h: Harness,
    sessionmaker: async_sessionmaker[AsyncSession],
    program_id: int,
    caplog: pytest.LogCaptureFixture,
    step: int,
    text: str,
) -> None:
    parse, refusal = PROGRAM_STEPS[step]
    before = await _snapshot(sessionmaker)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        await h.press(PROVIDER, PvCb(action="pe", id=program_id).pack())
        for kept in range(step):
            await h.press(PROVIDER, PvCb(action="fk", id=kept).pack())
        replies = await h.send(PROVIDER, text)
    assert [r.levelname for r in caplog.records] == []
    answer = replies[-1].text or ""
    if _valid(parse, text):
        assert answer.startswith(f"Шаг {step + 2} из {len(provider_desk.PROGRAM_FIELDS)}."), answer
    else:
        assert answer.startswith(refusal), answer
    assert await _snapshot(sessionmaker) == before  # the form saves nothing before it is submitted


GROUP_ANSWERS = {
    "name": "Группа 1",
    "schedule": "пн 16:00-17:30",
    "dates": f"01.09.{year(2026)} - 31.05.{year(2026) + 1}",
    "capacity": "12",
    "teacher": "Иванова Елена Петровна",
}
GROUP_FIELDS = list(GROUP_ANSWERS)


@pytest.mark.parametrize("field", ["capacity", "teacher"])
@FORM_EXAMPLES
@given(text=typed)
async def test_group_form_fields_answer_any_input_and_only_a_valid_one_creates_the_group(
    h: Harness,
    sessionmaker: async_sessionmaker[AsyncSession],
    program_id: int,
    caplog: pytest.LogCaptureFixture,
    field: str,
    text: str,
) -> None:
    limit = rules.GROUP_LIMITS[field]
    if field == "capacity":
        valid = _valid(lambda t: rules.whole_number(t, limit.low, limit.high), text)
        refusal, next_question = "Нужно целое число от 1 до 200", "ФИО педагога"
    else:
        valid = _valid(lambda t: rules.meaningful_text(t, limit.low, limit.high), text)
        refusal = "Напишите текст от 1 до 200 символов"
        next_question = "Расписание" if field == "name" else "✅ Группа добавлена"
    answers = GROUP_ANSWERS | {field: text}
    before = await _snapshot(sessionmaker)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        await h.press(PROVIDER, PvCb(action="gn", id=program_id).pack())
        for name in GROUP_FIELDS[: GROUP_FIELDS.index(field) + 1]:
            replies = await h.send(PROVIDER, answers[name])
    assert [r.levelname for r in caplog.records] == []
    answer = replies[-1].text or ""
    assert answer.startswith(next_question if valid else refusal), answer
    after = await _snapshot(sessionmaker)
    assert after[0] == before[0]
    assert after[1] - before[1] == (1 if valid and field == "teacher" else 0)
