"""Unexpected errors: the update's transaction was rolled back; tell the user so, log no personal data."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from aiogram import Router
from aiogram.types import ErrorEvent
from aiogram.types import User as TgUser
from aiogram_i18n import I18nContext, I18nMiddleware
from aiogram_i18n.cores.base import BaseCore

from bot.delivery.render import localize_args
from bot.i18n import client_locale
from bot.services.errors import DomainError

router = Router(name="errors")
log = logging.getLogger(__name__)


def _translator(data: dict[str, Any]) -> tuple[BaseCore[Any], str]:
    """The update's i18n context when it got that far; otherwise (the failure came before it, e.g.
    in the database middleware) the core itself and the language of the person's Telegram client."""
    i18n: I18nContext | None = data.get("i18n")
    if i18n is not None:
        return i18n.core, i18n.locale
    middleware: I18nMiddleware = data["i18n_middleware"]
    tg_user: TgUser | None = data.get("event_from_user")
    default = middleware.core.default_locale or "ru"
    return middleware.core, client_locale(tg_user.language_code if tg_user else None, default)


@router.errors()
async def on_error(event: ErrorEvent, **data: Any) -> bool:
    update = event.update
    core, locale = _translator(data)
    if isinstance(event.exception, DomainError):
        key, args = event.exception.key, localize_args(event.exception.args_, locale)
    else:
        # Only the type and the update id: messages may carry names, birth dates or SNILS.
        # Not the message either: a database error quotes the row it failed on.
        where = "".join(traceback.format_tb(event.exception.__traceback__)[-3:])
        log.error("update %s failed: %s\n%s", update.update_id, type(event.exception).__name__, where)
        key, args = "error-unexpected", {}
    text = core.get(key, locale, **args)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)
    return True
