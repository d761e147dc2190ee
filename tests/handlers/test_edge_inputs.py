"""Edges of typed input on the staff's, the provider's and the parent's single-question forms: an
invisible suspension reason is asked again, a search with no word says so, the share of lessons and
the catalogue age answer any Unicode without an error."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.keyboards.catalog import CaCb
from bot.keyboards.certificates import StaffCb
from bot.keyboards.money import MoneyCb
from bot.services import rules
from bot.services.clock import FrozenClock
from bot.services.errors import DomainError
from bot.services.family import certificates
from db.models import CertificateState, LessonReport, Municipality, Period
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.dates import at
from tests.handlers.harness import Harness
from tests.typed_input import FORM_EXAMPLES, typed


@pytest.mark.parametrize("blank", ["\u200b", "ㅤㅤ", "\u200b\u2060\ufeff", "."])
async def test_an_invisible_suspension_reason_is_asked_again(
    h: Harness, session: AsyncSession, municipality: Municipality, blank: str
) -> None:
    parent = await make.user(session)
    certificate = await make.certificate(session, municipality, parent.id)
    await session.commit()
    await h.press(ADMIN_ID, StaffCb(action="suspend", id=certificate.id).pack())
    [again] = await h.send(ADMIN_ID, blank)
    assert (again.text or "").startswith("Нужна причина словами")
    await session.refresh(certificate)
    assert certificate.state is CertificateState.ACTIVE and certificate.state_reason is None
    await session.commit()  # end the read, so the bot may write
    # the form is still open: the next message is the reason
    sent = await h.send(ADMIN_ID, "Проверка\u200b документов")
    assert any("приостановлен" in (s.text or "") for s in sent)
    await session.refresh(certificate)
    assert (certificate.state, certificate.state_reason) == (
        CertificateState.SUSPENDED,
        "Проверка документов",
    )


@pytest.mark.parametrize("query", ["²", "①", "..", "ㅤ"])
async def test_a_search_with_no_word_says_so(
    h: Harness, session: AsyncSession, municipality: Municipality, query: str
) -> None:
    await make.world(session, municipality)
    await h.send(5001, "🔎 Найти кружок")
    await h.press(5001, CaCb(act="ask", name="age").pack())  # asking the age: «²» is not an age either
    [told] = await h.send(5001, query)
    assert "нет слов для поиска" in (told.text or "")


@pytest.fixture
async def world(session: AsyncSession, municipality: Municipality) -> make.World:
    return await make.world(session, municipality)


@FORM_EXAMPLES
@given(text=typed)
async def test_the_catalogue_answers_any_typed_age_or_words(
    h: Harness, world: make.World, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        await h.send(5001, "🔎 Найти кружок")
        await h.press(5001, CaCb(act="ask", name="age").pack())
        sent = await h.send(5001, text)
    assert [r.levelname for r in caplog.records] == []
    assert sent and all(s.text for s in sent if s.method == "SendMessage")
    age = rules.to_whole(text)
    if age is not None and not rules.AGE_MIN <= age <= rules.AGE_MAX:
        assert "Возраст — число от 5 до 18" in (sent[-1].text or "")


@pytest.fixture
async def teacher_id(session: AsyncSession, municipality: Municipality, clock: FrozenClock) -> int:
    """A provider's employee with one paid group; the lessons report is for November."""
    clock.set(at(2026, 11, 23, 9))
    family = await make.user(session)
    teacher = await make.user(session)
    await make.paid(session, municipality, family.id, member_id=teacher.id)
    await session.commit()
    return teacher.id


@FORM_EXAMPLES
@given(text=typed)
async def test_the_share_of_lessons_answers_any_input(
    h: Harness, session: AsyncSession, teacher_id: int, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    reports = await session.scalar(select(func.count(LessonReport.id)))
    await session.commit()  # end the read, so the bot may write
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        [choose] = await h.send(teacher_id, "/lessons")
        group_id = MoneyCb.unpack(choose.buttons[0][1] or "").id
        await h.press(teacher_id, MoneyCb(action="group", id=group_id).pack())
        [answer] = await h.send(teacher_id, text)
    assert [r.levelname for r in caplog.records] == []
    try:
        rules.whole_number(text.strip().rstrip("%"), 0, 100)
        valid = True
    except DomainError:
        valid = False
    if not valid:
        assert "от 0 до 100" in (answer.text or "")
        assert await session.scalar(select(func.count(LessonReport.id))) == reports
    else:
        assert answer.text


@FORM_EXAMPLES
@given(text=typed)
async def test_the_nominal_answers_any_input_and_changes_only_for_an_amount(
    h: Harness,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    caplog: pytest.LogCaptureFixture,
    text: str,
) -> None:
    async with sessionmaker() as s:
        period = await s.scalar(select(Period).where(Period.municipality_id == municipality.id))
    assert period is not None
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        await h.press(ADMIN_ID, StaffCb(action="per", id=period.id, value="nominal").pack())
        sent = await h.send(ADMIN_ID, text)
    assert [r.levelname for r in caplog.records] == []
    assert sent and sent[0].text
    async with sessionmaker() as s:
        after = await s.get(Period, period.id)
    assert after is not None
    try:
        expected = certificates.parse_period_value("nominal", text)
    except DomainError as refused:
        assert refused.key in ("certificates-error-nominal", "certificates-error-too-large")
        assert after.nominal_kopecks == period.nominal_kopecks  # nothing changed
        assert (sent[0].text or "").startswith(("Не понял сумму", "Слишком большое значение"))
    else:
        assert after.nominal_kopecks == expected


@pytest.mark.parametrize(
    ("lang", "search", "told"),
    [("ru", "🔎 Найти кружок", "Показаны результаты для: <b>шахматы</b>"),
     ("en", "🔎 Find a club", "Showing results for: <b>шахматы</b>")],
)  # fmt: skip
async def test_a_typo_finds_the_program_and_the_bot_says_what_it_searched_for(
    h: Harness, world: make.World, lang: str, search: str, told: str
) -> None:
    someone = 5077  # a new user: his language is his client's
    await h.send(someone, search, language_code=lang)
    [results] = await h.send(someone, "шахмоты", language_code=lang)
    assert told in (results.text or "") and "Шахматы для начинающих" in (results.text or "")
    card = results.data_for("Шахматы")  # the results' buttons open the program found
    assert card.startswith("ca:card:")
