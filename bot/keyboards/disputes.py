"""Callback data and keyboards of the disputes «Ребёнок не занимался» (bot/services/money/disputes.py)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.keyboards.callbacks import DisputeCb


def open_menu(i18n: I18nContext, enrollment_id: int, month: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("dispute-btn-open"),
        callback_data=DisputeCb(action="open", id=enrollment_id, month=month),
    )
    return builder.as_markup()
