"""Small pieces shared by the desk's handlers."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.services.errors import DomainError

T = TypeVar("T")


async def refuse(query: CallbackQuery, i18n: I18nContext, error: DomainError) -> None:
    """A forged, stale or refused press: say why in an alert; nothing was changed."""
    await query.answer(i18n.get(error.key, **error.args_), show_alert=True)


def message_of(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def or_refuse(query: CallbackQuery, i18n: I18nContext, action: Awaitable[T]) -> T | None:
    """Await a service call; on a refusal answer the press with an alert and return None."""
    try:
        return await action
    except DomainError as error:
        await refuse(query, i18n, error)
        return None
