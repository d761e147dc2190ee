"""The few moves every screen makes, written once: replace the screen a button was on, answer under it,
refuse a press with an alert. A press is answered by the middleware once the handler returns
(bot/middlewares/callbacks.py), so these do not answer it themselves. Telegram may no longer give the
message a button was on (too old, or deleted: an `InaccessibleMessage`); it cannot be edited, so the
screen is sent anew instead."""

from __future__ import annotations

from typing import TypeVar

from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.delivery.render import localize_args
from bot.services.errors import DomainError

T = TypeVar("T")


def message_of(query: CallbackQuery) -> Message | None:
    """The message a button was on (None when Telegram no longer gives it)."""
    return query.message if isinstance(query.message, Message) else None


async def show(
    target: CallbackQuery | Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """A pressed button replaces its screen; a typed message is answered with a new one."""
    if isinstance(target, Message):
        await target.answer(text, reply_markup=markup)
        return
    message = message_of(target)
    if message is not None:
        await message.edit_text(text, reply_markup=markup)
    elif target.message is not None and target.bot is not None:
        await target.bot.send_message(target.message.chat.id, text, reply_markup=markup)


async def put(target: Message, text: str, markup: InlineKeyboardMarkup | None, *, edit: bool) -> None:
    """Replace the screen `target` is (`edit`), or answer it with a new message."""
    if edit:
        await target.edit_text(text, reply_markup=markup)
    else:
        await target.answer(text, reply_markup=markup)


async def reply(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A new message under the one whose button was pressed, which stays as it is."""
    if query.message is not None and query.bot is not None:
        await query.bot.send_message(query.message.chat.id, text, reply_markup=markup)


def refusal(i18n: I18nContext, error: DomainError) -> str:
    """What a refusal says, its arguments (dates, sums) written in the reader's language."""
    return i18n.get(error.key, **localize_args(error.args_, i18n.locale))


async def refuse(query: CallbackQuery, i18n: I18nContext, error: DomainError) -> None:
    """A forged, stale or refused press: say why in an alert; nothing was changed."""
    await query.answer(refusal(i18n, error), show_alert=True)
