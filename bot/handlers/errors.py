"""Unexpected errors: the update's transaction was rolled back; tell the user so, log no personal data."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from aiogram import Router
from aiogram.types import ErrorEvent
from aiogram_i18n import I18nContext

from bot.delivery import localize_args
from bot.services.errors import DomainError

router = Router(name="errors")
log = logging.getLogger(__name__)


@router.errors()
async def on_error(event: ErrorEvent, **data: Any) -> bool:
    update = event.update
    i18n: I18nContext | None = data.get("i18n")
    if isinstance(event.exception, DomainError):
        locale = i18n.locale if i18n is not None else "ru"
        key, args = event.exception.key, localize_args(event.exception.args_, locale)
    else:
        # Only the type and the update id: messages may carry names, birth dates or SNILS.
        # Not the message either: a database error quotes the row it failed on.
        where = "".join(traceback.format_tb(event.exception.__traceback__)[-3:])
        log.error("update %s failed: %s\n%s", update.update_id, type(event.exception).__name__, where)
        key, args = "error-unexpected", {}
    text = i18n.get(key, **args) if i18n is not None else "Error / Ошибка"
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)
    return True
