"""Small helpers shared by the provider's handlers."""

from __future__ import annotations

from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message


async def edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Show the result in the message whose button was pressed."""
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)
    await query.answer()


async def reply(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer under the message whose button was pressed, keeping it as it is."""
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=markup)
    await query.answer()
