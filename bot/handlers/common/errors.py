"""Errors of an update, one handler per kind; none logs personal data.

A refusal (DomainError) comes after the update's unit of work rolled back: it is shown localised, its
arguments (dates, sums) in the reader's language, as an alert on a button press, as a message otherwise.
Telegram's own refusals come after the unit of work committed (it commits before every Bot API call), so
what the person did is saved: a blocked bot is not answered at all, flood control is waited out once when
it asks for a short pause and the screen is queued for after a longer one, and another refusal says the
answer was lost but the change kept. Anything
else: the update's transaction was rolled back; it is logged and answered with an apology."""

from __future__ import annotations

import asyncio
import logging
import traceback
from datetime import timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError, TelegramRetryAfter
from aiogram.filters import ExceptionTypeFilter
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod
from aiogram.types import ErrorEvent, InlineKeyboardMarkup
from aiogram.types import User as TgUser
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores.base import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.render import localize_args
from bot.i18n import client_locale
from bot.middlewares.db import Work
from bot.services import outbox
from bot.services.clock import Clock
from bot.services.errors import DomainError

router = Router(name="errors")
log = logging.getLogger(__name__)

# The longest flood-control pause waited out for a screen the person is waiting for; after a longer one
# the screen goes out through the outbox (every call in the meantime would be refused too).
RETRY_WITHIN_SECONDS = 3
# A screen that could not go out for flood control is dropped this long after: an answer to a press
# half an hour ago would only confuse.
LATE_ANSWER = timedelta(minutes=30)


def _translator(data: dict[str, Any]) -> tuple[BaseCore[Any], str]:
    """The texts and the account's language; when the failure came before the account was loaded
    (e.g. in the database middleware), the language of the person's Telegram client."""
    middleware: I18nMiddleware = data["i18n_middleware"]
    work: Work | None = data.get("work")
    if work is not None and work.locale is not None:
        return middleware.core, work.locale
    tg_user: TgUser | None = data.get("event_from_user")
    default = middleware.core.default_locale or "ru"
    return middleware.core, client_locale(tg_user.language_code if tg_user else None, default)


async def _tell(event: ErrorEvent, data: dict[str, Any], key: str, args: dict[str, Any]) -> bool:
    core, locale = _translator(data)
    text = core.get(key, locale, **localize_args(args, locale))
    update = event.update
    query = update.callback_query
    if query is not None:
        work: Work | None = data.get("work")
        if work is None or query.id not in work.answered:
            await query.answer(text, show_alert=True)
        elif query.message is not None and query.bot is not None:
            # The press was answered before the failure; Telegram takes no second answer.
            await query.bot.send_message(query.message.chat.id, text)
    elif update.message is not None:
        await update.message.answer(text)
    return True


@router.errors(ExceptionTypeFilter(DomainError))
async def on_refusal(event: ErrorEvent, **data: Any) -> bool:
    error = event.exception
    assert isinstance(error, DomainError)
    return await _tell(event, data, error.key, error.args_)


@router.errors(ExceptionTypeFilter(TelegramForbiddenError))
async def on_blocked(event: ErrorEvent) -> bool:
    """The person blocked the bot (or left Telegram) while his update was handled: nothing can reach
    him, not even an apology, and what he did is committed. The outbox marks him unreachable at its
    next send."""
    error: TelegramForbiddenError = event.exception  # type: ignore[assignment]
    method = type(error.method).__name__
    # Telegram's description ("bot was blocked by the user", "user is deactivated") names no one.
    log.info("update %s: %s not delivered: %s", event.update.update_id, method, error.message)
    return True


@router.errors(ExceptionTypeFilter(TelegramRetryAfter))
async def on_flood_control(
    event: ErrorEvent, bot: Bot, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock
) -> bool:
    """Telegram asked to slow down; the call it refused is made again once after a short pause, or,
    when the pause is longer, the message it would have shown goes out through the outbox once the
    pause is over (an edited screen then comes as a new message)."""
    error: TelegramRetryAfter = event.exception  # type: ignore[assignment]
    method = type(error.method).__name__
    log.warning(
        "update %s: flood control on %s, retry after %s s", event.update.update_id, method, error.retry_after
    )
    if error.retry_after <= RETRY_WITHIN_SECONDS:
        await asyncio.sleep(error.retry_after)
        await bot(error.method)
        return True
    later = _later(error.method)
    if later is not None:
        chat_id, text, buttons = later
        now = clock.now()
        async with sessionmaker.begin() as session:
            await outbox.enqueue(
                session,
                chat_id=chat_id,
                key=f"flood:{event.update.update_id}:{method}",
                now=now,
                text=text,
                buttons=buttons,
                not_before=now + timedelta(seconds=error.retry_after),
                respect_quiet_hours=False,  # an answer the person is waiting for
                expires_at=now + LATE_ANSWER,
            )
    return True


def _later(method: TelegramMethod[Any]) -> tuple[int, str, outbox.Buttons] | None:
    """The chat, the text and the buttons of a refused message or edit, as the outbox keeps them;
    None for anything else (a photo, an alert, an inline message)."""
    if not isinstance(method, SendMessage | EditMessageText) or not isinstance(method.chat_id, int):
        return None
    if not method.text:
        return None
    markup = method.reply_markup
    rows: outbox.Buttons = []
    if isinstance(markup, InlineKeyboardMarkup):  # a reply keyboard stays as the chat has it
        rows = [
            [
                {"text": b.text, "callback_data": b.callback_data, "url": b.url}
                for b in row
                if b.callback_data or b.url
            ]
            for row in markup.inline_keyboard
        ]
    return method.chat_id, method.text, [row for row in rows if row]


@router.errors(ExceptionTypeFilter(TelegramAPIError))
async def on_telegram_refusal(event: ErrorEvent, **data: Any) -> bool:
    # Telegram refused a call; the unit of work committed before making it, so "nothing was saved"
    # would be false. Its description quotes no personal data.
    log.error("update %s failed: %s", event.update.update_id, event.exception)
    return await _tell(event, data, "error-telegram", {})


@router.errors()
async def on_error(event: ErrorEvent, **data: Any) -> bool:
    # Only the type and the update id: messages may carry names, birth dates or SNILS.
    # Not the message either: a database error quotes the row it failed on.
    where = "".join(traceback.format_tb(event.exception.__traceback__)[-3:])
    log.error("update %s failed: %s\n%s", event.update.update_id, type(event.exception).__name__, where)
    return await _tell(event, data, "error-unexpected", {})
