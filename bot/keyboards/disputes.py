"""Callback data and keyboards of the disputes «Ребёнок не занимался» (bot/services/money/disputes.py)."""

from __future__ import annotations

from typing import Literal

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.keyboards.base import Id


class DisputeCb(CallbackData, prefix="dsp"):
    # ask, open: the parent (id: the enrollment, month: yyyymm); agree, confirm: the provider; family,
    # provider: staff settle (id: the dispute). Queued buttons are intents (outbox.Open.DISPUTE_*).
    action: Literal["ask", "open", "agree", "confirm", "family", "provider"]
    id: Id = 0
    month: Id = 0


def open_menu(i18n: I18nContext, enrollment_id: int, month: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("dispute-btn-open"),
        callback_data=DisputeCb(action="open", id=enrollment_id, month=month),
    )
    return builder.as_markup()
