"""Issue 13: a moderation decision is made only by the confirm button of a summary of what will happen;
every question has «Cancel», which changes nothing; a stale confirm is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.formatting import TEXT
from bot.keyboards.callbacks import ModCb
from bot.services.desk import moderation
from db.models import (
    AuditRecord,
    ModerationStatus,
    Municipality,
    OutboxMessage,
    Program,
    Register,
    StaffMembership,
    User,
)
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.handlers.harness import Harness, Sent

EMPLOYEE = 7801
COLLEAGUE = 7802  # staff of the same municipality

TEXTS = {
    "ru": {
        "publish": "✅ Опубликовать",
        "return": "↩️ Вернуть поставщику",
        "cancel": "✖️ Отмена",
        "summary": "максимум обучающихся — 20",
        "listed": "Родители сразу увидят её в каталоге",
        "published": "опубликована",
        "returned": "возвращена на доработку",
        "cancelled": "ничего не изменилось",
        "to_queue": "К очереди модерации",
        "decided": "уже принято решение",
        "stale": "Эта кнопка устарела",
    },
    "en": {
        "publish": "✅ Publish",
        "return": "↩️ Return to the provider",
        "cancel": "✖️ Cancel",
        "summary": "maximum of students 20",
        "listed": "Parents will see it in the catalogue at once",
        "published": "is published",
        "returned": "is returned for rework",
        "cancelled": "nothing has changed",
        "to_queue": "To the moderation queue",
        "decided": "already been decided",
        "stale": "This button is out of date",
    },
}
NOTE = "Добавьте расписание групп"


def screen(sent: list[Sent]) -> Sent:
    """The one screen an update showed (the press's answer aside)."""
    [shown] = [s for s in sent if s.text]
    return shown


async def pending_program(session: AsyncSession, municipality: Municipality) -> Program:
    owner = await make.provider(session, municipality, EMPLOYEE)
    program = await make.submitted_program(
        session, owner, title="Робототехника", register=Register.SIGNIFICANT, max_students=15
    )
    await make.group(session, program, name="Утро", schedule=[{"day": 0, "start": "16:00", "end": "17:30"}])
    session.add(User(id=COLLEAGUE))
    await session.flush()
    session.add(StaffMembership(user_id=COLLEAGUE, municipality_id=municipality.id))
    await session.commit()
    return program


async def unchanged(session: AsyncSession, program: Program) -> None:
    """Nothing was decided: the program waits as it came, no audit record, nobody notified."""
    await session.refresh(program)
    assert (program.moderation, program.register, program.max_students, program.moderation_note) == (
        ModerationStatus.PENDING,
        Register.SIGNIFICANT,
        15,
        None,
    )
    assert await session.scalar(select(func.count(AuditRecord.id))) == 0
    assert await session.scalar(select(func.count(OutboxMessage.id))) == 0
    await session.commit()  # end the read, or SQLite keeps the bot's writes waiting


async def decisions(session: AsyncSession) -> int:
    count = await session.scalar(select(func.count(AuditRecord.id))) or 0
    await session.commit()
    return count


async def to_publish_summary(h: Harness, user_id: int, program: Program, lang: str) -> Sent:
    await h.press(user_id, ModCb(action="publish", program_id=program.id).pack(), language_code=lang)
    register = ModCb(action="register", program_id=program.id, reg=Register.GENERAL).pack()
    await h.press(user_id, register, language_code=lang)
    [summary] = await h.send(user_id, "20", language_code=lang)
    return summary


async def to_return_summary(h: Harness, user_id: int, program: Program, lang: str) -> Sent:
    await h.press(user_id, ModCb(action="return", program_id=program.id).pack(), language_code=lang)
    [summary] = await h.send(user_id, NOTE, language_code=lang)
    return summary


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_publishing_is_confirmed_from_a_summary_and_a_second_press_publishes_nothing_more(
    lang: str,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    t = TEXTS[lang]
    program = await pending_program(session, municipality)
    async with Harness(settings, sessionmaker) as h:
        summary = await to_publish_summary(h, ADMIN_ID, program, lang)
        assert "Робототехника" in (summary.text or "")
        assert t["summary"] in (summary.text or "") and t["listed"] in (summary.text or "")
        assert [label for label, _ in summary.buttons] == [t["publish"], t["cancel"]]
        await unchanged(session, program)  # the summary decides nothing
        confirm = summary.data_for(t["publish"])
        done = screen(await h.press(ADMIN_ID, confirm, language_code=lang))
        assert done.method == "EditMessageText" and t["published"] in (done.text or "")
        assert done.data_for(t["to_queue"]) == ModCb(action="queue", program_id=0).pack()
        again = await h.press(ADMIN_ID, confirm, language_code=lang)
        assert t["decided"] in h.alerts(again)[0]
    await session.refresh(program)
    assert (program.moderation, program.register, program.max_students) == (
        ModerationStatus.PUBLISHED,
        Register.GENERAL,
        20,
    )
    assert await decisions(session) == 1
    assert len(await make.outbox_for(session, EMPLOYEE)) == 1


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_returning_is_confirmed_from_a_summary_showing_the_note(
    lang: str,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    t = TEXTS[lang]
    program = await pending_program(session, municipality)
    async with Harness(settings, sessionmaker) as h:
        summary = await to_return_summary(h, ADMIN_ID, program, lang)
        assert NOTE in (summary.text or "") and "Робототехника" in (summary.text or "")
        assert [label for label, _ in summary.buttons] == [t["return"], t["cancel"]]
        await unchanged(session, program)
        confirm = summary.data_for(t["return"])
        done = await h.press(ADMIN_ID, confirm, language_code=lang)
        assert t["returned"] in (done[0].text or "")
        again = await h.press(ADMIN_ID, confirm, language_code=lang)
        assert t["decided"] in h.alerts(again)[0]
    await session.refresh(program)
    assert (program.moderation, program.moderation_note) == (ModerationStatus.RETURNED, NOTE)
    assert await decisions(session) == 1


async def _register_question(h: Harness, program: Program, lang: str) -> Sent:
    asked = screen(
        await h.press(ADMIN_ID, ModCb(action="publish", program_id=program.id).pack(), language_code=lang)
    )
    return asked


async def _max_question(h: Harness, program: Program, lang: str) -> Sent:
    await _register_question(h, program, lang)
    register = ModCb(action="register", program_id=program.id, reg=Register.GENERAL).pack()
    asked = screen(await h.press(ADMIN_ID, register, language_code=lang))
    return asked


async def _publish_summary(h: Harness, program: Program, lang: str) -> Sent:
    return await to_publish_summary(h, ADMIN_ID, program, lang)


async def _note_question(h: Harness, program: Program, lang: str) -> Sent:
    asked = screen(
        await h.press(ADMIN_ID, ModCb(action="return", program_id=program.id).pack(), language_code=lang)
    )
    return asked


async def _return_summary(h: Harness, program: Program, lang: str) -> Sent:
    return await to_return_summary(h, ADMIN_ID, program, lang)


STEPS = [_register_question, _max_question, _publish_summary, _note_question, _return_summary]


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.__name__.strip("_"))
async def test_cancel_at_any_question_changes_nothing(
    step: Callable[[Harness, Program, str], Awaitable[Sent]],
    lang: str,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    t = TEXTS[lang]
    program = await pending_program(session, municipality)
    async with Harness(settings, sessionmaker) as h:
        asked = await step(h, program, lang)
        cancelled = await h.press(ADMIN_ID, asked.data_for(t["cancel"]), language_code=lang)
        [screen] = [s for s in cancelled if s.text]
        assert screen.method == "EditMessageText" and t["cancelled"] in (screen.text or "")
        assert screen.data_for(t["to_queue"]) == ModCb(action="queue", program_id=0).pack()
        # The form is over: a typed number or note answers no question, and an earlier confirm is stale.
        await h.send(ADMIN_ID, "20", language_code=lang)
        await h.send(ADMIN_ID, NOTE, language_code=lang)
        for action in ("publish_ok", "return_ok"):
            late = await h.press(
                ADMIN_ID, ModCb(action=action, program_id=program.id).pack(), language_code=lang
            )
            assert t["stale"] in h.alerts(late)[0]
    await unchanged(session, program)


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("colleague_returns", [False, True], ids=["colleague-publishes", "colleague-returns"])
async def test_a_confirm_after_a_colleague_decided_is_refused(
    lang: str,
    colleague_returns: bool,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    t = TEXTS[lang]
    program = await pending_program(session, municipality)
    async with Harness(settings, sessionmaker) as h:
        mine = await to_publish_summary(h, ADMIN_ID, program, lang)
        walk, label = (to_return_summary, "return") if colleague_returns else (to_publish_summary, "publish")
        theirs = await walk(h, COLLEAGUE, program, "ru")  # his account is in Russian
        await h.press(COLLEAGUE, theirs.data_for(TEXTS["ru"][label]))
        assert await decisions(session) == 1
        late = await h.press(ADMIN_ID, mine.data_for(t["publish"]), language_code=lang)
        assert t["decided"] in h.alerts(late)[0]
        assert [s.method for s in late] == ["AnswerCallbackQuery"]
    await session.refresh(program)
    expected = ModerationStatus.RETURNED if colleague_returns else ModerationStatus.PUBLISHED
    assert program.moderation is expected
    assert await decisions(session) == 1


async def test_keeping_the_providers_maximum_is_confirmed_too(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    program = await pending_program(session, municipality)
    async with Harness(settings, sessionmaker) as h:
        asked = await _max_question(h, program, "ru")
        summary = screen(await h.press(ADMIN_ID, asked.data_for("Оставить 15")))
        assert summary.method == "EditMessageText" and "максимум обучающихся — 15" in (summary.text or "")
        await unchanged(session, program)
        await h.press(ADMIN_ID, summary.data_for("Опубликовать"))
    await session.refresh(program)
    assert (program.moderation, program.register, program.max_students) == (
        ModerationStatus.PUBLISHED,
        Register.GENERAL,
        15,
    )


async def test_an_answer_after_a_colleague_decided_ends_the_form(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    program = await pending_program(session, municipality)
    async with Harness(settings, sessionmaker) as h:
        await _max_question(h, program, "ru")
        theirs = await to_return_summary(h, COLLEAGUE, program, "ru")
        await h.press(COLLEAGUE, theirs.data_for("Вернуть поставщику"))
        [refused] = await h.send(ADMIN_ID, "20")
        assert "уже принято решение" in (refused.text or "") and not refused.buttons
        late = await h.press(ADMIN_ID, ModCb(action="publish_ok", program_id=program.id).pack())
        assert "уже принято решение" in h.alerts(late)[0]
    await session.refresh(program)
    assert (program.moderation, program.max_students) == (ModerationStatus.RETURNED, 15)
    assert await decisions(session) == 1


async def test_the_longest_note_fits_its_summary_and_reaches_the_provider_whole(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    note = ("Исправьте <часы> & цены. " * 40)[: moderation.NOTE_MAX].strip()
    program = await pending_program(session, municipality)
    async with Harness(settings, sessionmaker) as h:
        await h.press(ADMIN_ID, ModCb(action="return", program_id=program.id).pack())
        [summary] = await h.send(ADMIN_ID, note)
        assert len(summary.text or "") <= TEXT and "Исправьте &lt;часы&gt; &amp; цены." in (
            summary.text or ""
        )
        await h.press(ADMIN_ID, summary.data_for("Вернуть поставщику"))
    await session.refresh(program)
    assert (program.moderation, program.moderation_note) == (ModerationStatus.RETURNED, note)
