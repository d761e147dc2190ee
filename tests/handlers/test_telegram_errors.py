"""Telegram's refusals, met at the handler level: the harness answers a call the way Telegram does when
an edit changes nothing (400), the person blocked the bot (403) or the bot sends too fast (429)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from aiogram.methods import EditMessageText, SendMessage
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.render import render
from bot.handlers.common.errors import LATE_ANSWER, RETRY_WITHIN_SECONDS
from bot.keyboards.catalog import CaCb
from bot.keyboards.common import ConsentCb
from bot.services import outbox
from bot.services.clock import FrozenClock
from db.models import AuditRecord, Municipality, User
from tests import factories as make
from tests.handlers.harness import BLOCKED, FLOOD, NOT_MODIFIED, Harness

PARENT = 5001
SOMETHING_WRONG = "Что-то пошло не так"
TELEGRAM_REFUSED = "Ответ не удалось показать, но сделанное сохранено. Откройте /menu, чтобы продолжить."


async def consent_given(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    async with sessionmaker() as s:
        user = await s.get(User, PARENT)
        audited = await s.scalar(AuditRecord.__table__.select().where(AuditRecord.action == "consent.accept"))
        return user is not None and user.consent_at is not None and audited is not None


async def test_an_edit_that_changes_nothing_is_a_success(h: Harness) -> None:
    await h.send(PARENT, "/start")
    await h.press(PARENT, ConsentCb(action="accept").pack())
    # an old copy of the offer, pressed again: its edit would show what the message already says
    h.session.add_result_for(EditMessageText, error_code=400, description=NOT_MODIFIED)
    sent = await h.press(PARENT, ConsentCb(action="show").pack())
    assert [s.method for s in h.session.refused] == ["EditMessageText"]
    # the press is answered quietly, as when the edit went through
    assert [s.method for s in sent] == ["AnswerCallbackQuery"]
    assert h.alerts(sent) == []


async def test_choosing_the_filter_already_chosen_is_answered_quietly(
    h: Harness, session: AsyncSession, municipality: Municipality
) -> None:
    """A screen drawn by ui.show (the catalogue's filter panel) pressed twice with the same choice."""
    await make.world(session, municipality)
    await h.send(PARENT, "🔎 Найти кружок")
    choose = CaCb(act="set", name="direction", val="technical").pack()
    await h.press(PARENT, choose)
    h.session.add_result_for(EditMessageText, error_code=400, description=NOT_MODIFIED)
    sent = await h.press(PARENT, choose)
    assert [s.method for s in h.session.refused] == ["EditMessageText"]
    assert [s.method for s in sent] == ["AnswerCallbackQuery"] and h.alerts(sent) == []


async def test_another_refused_edit_says_the_change_is_kept(
    h: Harness, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """Only "not modified" is success; another refusal comes after the commit, so the person is told
    that the answer was lost, not that nothing was saved."""
    await h.send(PARENT, "/start")
    h.session.add_result_for(
        EditMessageText, error_code=400, description="Bad Request: message to edit not found"
    )
    sent = await h.press(PARENT, ConsentCb(action="accept").pack())
    assert h.alerts(sent) == [TELEGRAM_REFUSED]
    assert await consent_given(sessionmaker)


async def test_a_person_who_blocked_the_bot_keeps_what_he_did_and_is_not_answered(
    h: Harness, sessionmaker: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    await h.send(PARENT, "/start")
    h.session.add_result_for(EditMessageText, error_code=403, description=BLOCKED)
    with caplog.at_level(logging.INFO):
        sent = await h.press(PARENT, ConsentCb(action="accept").pack())
    assert [s.method for s in h.session.refused] == ["EditMessageText"]
    # no apology is attempted (it could not reach him) and none says "nothing was saved"
    assert sent == [] and h.session.refused[1:] == []
    assert await consent_given(sessionmaker)  # committed before Telegram was called
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"EditMessageText not delivered: {BLOCKED}" in logged
    assert "Тест" not in logged and "Согласие" not in logged  # neither his name nor what he was shown


async def test_a_short_flood_control_pause_is_waited_out_and_the_reply_sent(h: Harness) -> None:
    h.session.add_result_for(SendMessage, error_code=429, description=FLOOD.format(1), retry_after=1)
    sent = await h.send(PARENT, "/start")
    assert [s.method for s in h.session.refused] == ["SendMessage"]
    refused = h.session.refused[0]
    # the refused greeting went out after the pause, once, and nothing says something went wrong
    assert [s.text for s in sent].count(refused.text) == 1
    assert not any(SOMETHING_WRONG in (s.text or "") for s in sent)


async def test_after_a_long_flood_control_pause_the_screen_goes_out_through_the_outbox(
    h: Harness, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock, core: FluentRuntimeCore
) -> None:
    [_, offer] = await h.send(PARENT, "/start")
    pause = RETRY_WITHIN_SECONDS + 30
    h.session.add_result_for(SendMessage, error_code=429, description=FLOOD.format(pause), retry_after=pause)
    sent = await h.press(PARENT, offer.data_for("Согласие на обработку"))
    assert [s.method for s in h.session.refused] == ["SendMessage"]
    assert sent == []  # every call would be refused until the pause is over
    refused = h.session.refused[0]
    async with sessionmaker() as s:
        [queued] = [m for m in await make.outbox_for(s, PARENT) if m.key.startswith("flood:")]
    # the same screen, as a new message, once Telegram allows it, and not half an hour later
    text, markup = render(core, "ru", queued.payload)
    assert text == refused.text and markup is not None
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [
        [b["callback_data"] for b in row] for row in (refused.markup or {})["inline_keyboard"]
    ]
    assert _utc(queued.not_before) == clock.now() + timedelta(seconds=pause)
    assert not queued.respect_quiet_hours and outbox.expired(queued.payload, clock.now() + LATE_ANSWER)


async def test_an_edit_refused_for_flood_control_comes_as_a_new_message_and_the_change_stays(
    h: Harness, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await h.send(PARENT, "/start")
    h.session.add_result_for(EditMessageText, error_code=429, description=FLOOD.format(40), retry_after=40)
    assert await h.press(PARENT, ConsentCb(action="accept").pack()) == []
    [refused] = h.session.refused
    assert await consent_given(sessionmaker)
    async with sessionmaker() as s:
        [queued] = [m for m in await make.outbox_for(s, PARENT) if m.key.startswith("flood:")]
    assert queued.payload["text"] == refused.text and queued.chat_id == PARENT


async def test_a_reply_keyboard_is_not_queued_with_the_text(
    h: Harness, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    h.session.add_result_for(SendMessage, error_code=429, description=FLOOD.format(40), retry_after=40)
    await h.send(PARENT, "/start")
    [refused] = h.session.refused
    async with sessionmaker() as s:
        [queued] = [m for m in await make.outbox_for(s, PARENT) if m.key.startswith("flood:")]
    assert queued.payload["text"] == refused.text and "buttons" not in queued.payload


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def test_replies_use_the_production_bot(h: Harness) -> None:
    """The harness's bot is production's: HTML parse mode and no link previews by default."""
    [greeting, *_] = await h.send(PARENT, "/start")
    assert greeting.params["parse_mode"] == "HTML"
    assert greeting.params["link_preview_options"] == {"is_disabled": True}
