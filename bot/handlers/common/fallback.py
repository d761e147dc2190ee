"""The last router: whatever nobody else understood gets a polite pointer to the menu. A button whose
data does not fit its factory (an old keyboard, or forged: bot/keyboards/base.py) matches no filter
and lands here as "this button is old"; a button that fits but is not the person's to press is refused
by its handler with another text (error-not-allowed)."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext

from bot.keyboards.menu import main_menu
from bot.services.accounts.access import Access

router = Router(name="fallback")


@router.message()
async def not_understood(message: Message, access: Access, i18n: I18nContext) -> None:
    await message.answer(i18n.get("fallback-message"), reply_markup=main_menu(i18n, access.menu))


@router.callback_query()
async def stale_button(query: CallbackQuery, i18n: I18nContext, callback_answer: CallbackAnswer) -> None:
    callback_answer.text = i18n.get("fallback-button")
    callback_answer.show_alert = True
