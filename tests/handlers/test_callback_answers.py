"""Every button press is answered exactly once: by the middleware when the handler did not answer it,
by the handler's own alert or toast otherwise, by the errors router when the handler raised. Telegram
refuses a second answer of the same press."""

from __future__ import annotations

from aiogram import F
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards.common import ConsentCb
from bot.services.errors import DomainError
from db.models import User
from tests.handlers.harness import NOT_ALLOWED, Harness, Sent

PARENT = 5301


def answers(sent: list[Sent]) -> list[Sent]:
    return [s for s in sent if s.method == "AnswerCallbackQuery"]


async def test_a_press_the_handler_did_not_answer_is_answered_once_after_it(h: Harness) -> None:
    await h.send(PARENT, "/start")
    sent = await h.press(PARENT, ConsentCb(action="show").pack())
    assert [s.method for s in sent] == ["SendMessage", "AnswerCallbackQuery"]
    assert sent[-1].params.get("text") is None


async def test_a_handler_that_answered_itself_is_not_answered_again(h: Harness) -> None:
    @h.dp.callback_query(F.data == "t:toast")
    async def toast(query: CallbackQuery) -> None:
        await query.answer("готово")

    @h.dp.callback_query(F.data == "t:flag")
    async def flagged(query: CallbackQuery, callback_answer: CallbackAnswer) -> None:
        callback_answer.text = "сохранено"

    assert [s.params.get("text") for s in answers(await h.press(PARENT, "t:toast"))] == ["готово"]
    assert [s.params.get("text") for s in answers(await h.press(PARENT, "t:flag"))] == ["сохранено"]


async def test_a_refusal_is_answered_once_localised_and_nothing_is_kept(
    h: Harness, session: AsyncSession
) -> None:
    await h.send(PARENT, "/start")

    @h.dp.callback_query(F.data == "t:refuse")
    async def refused(query: CallbackQuery, user: User) -> None:
        user.locale = "en"  # rolled back with the rest of the update
        raise DomainError("error-not-allowed")

    sent = await h.press(PARENT, "t:refuse")
    assert [(s.params.get("text"), s.params.get("show_alert")) for s in answers(sent)] == [
        (NOT_ALLOWED, "true")
    ]
    user = await session.get(User, PARENT)
    assert user is not None and user.locale == "ru"


async def test_a_refusal_is_in_the_accounts_language_not_the_clients(h: Harness) -> None:
    await h.send(PARENT, "/start", language_code="en")

    @h.dp.callback_query(F.data == "t:refuse")
    async def refused(query: CallbackQuery) -> None:
        raise DomainError("error-not-allowed")

    sent = await h.press(PARENT, "t:refuse", language_code="ru")
    assert h.alerts(sent) == ["This action is not available to you."]


async def test_a_refusal_after_the_press_was_answered_comes_as_a_message(h: Harness) -> None:
    @h.dp.callback_query(F.data == "t:late")
    async def late(query: CallbackQuery) -> None:
        await query.answer()
        raise DomainError("error-not-allowed")

    sent = await h.press(PARENT, "t:late")
    assert len(answers(sent)) == 1
    assert [(s.method, s.text) for s in sent if s.method != "AnswerCallbackQuery"] == [
        ("SendMessage", NOT_ALLOWED)
    ]
