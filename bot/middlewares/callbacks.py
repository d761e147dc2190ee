"""No button is left spinning: every press a handler did not answer itself is answered when the handler
returns (aiogram's CallbackAnswerMiddleware; a handler that wants a toast sets `callback_answer.text`).

Two differences from aiogram's own: a handler that raised is not answered here, because the errors router
answers it with the refusal or the apology; and a press the handler already answered with
`query.answer(...)` is not answered a second time, which Telegram refuses. The unit of work's request
middleware notes every AnswerCallbackQuery that goes out (bot/middlewares/db.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.middlewares.db import current_work


def answered(query_id: str) -> bool:
    """Whether this update has already answered the press `query_id`."""
    work = current_work.get()
    return work is not None and query_id in work.answered


class AnswerEveryPress(CallbackAnswerMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, CallbackQuery):
            return await handler(event, data)
        callback_answer = data["callback_answer"] = self.construct_callback_answer(
            properties=get_flag(data, "callback_answer")
        )
        result = await handler(event, data)
        if not callback_answer.disabled and not answered(event.id):
            await self.answer(event, callback_answer)
        return result
