"""Small pieces shared by the desk's handlers."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.services.errors import DomainError


async def refuse(query: CallbackQuery, i18n: I18nContext, error: DomainError) -> None:
    """A forged, stale or refused press: say why in an alert; nothing was changed."""
    await query.answer(i18n.get(error.key, **error.args_), show_alert=True)


def message_of(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None
