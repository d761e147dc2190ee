"""Callback data and keyboards of the child's timetable (prefix wk)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.callbacks import WeekCb
from db.models import Child


def which_child(i18n: I18nContext, children: list[Child]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for child in children:
        kb.button(text=shorten(child.first_name, LABEL), callback_data=WeekCb(action="show", id=child.id))
    kb.adjust(1)
    return kb.as_markup()


def week(
    i18n: I18nContext, child_id: int, *, reminders: bool | None, card: CallbackData | None
) -> InlineKeyboardMarkup:
    """`reminders`: whether they are on, None on the child's own account (they go to the parent);
    `card`: the button back to the child's card (the children's factory imports this module)."""
    kb = InlineKeyboardBuilder()
    if reminders is not None:
        key = "timetable-btn-reminders-off" if reminders else "timetable-btn-reminders-on"
        kb.button(text=i18n.get(key), callback_data=WeekCb(action="rem", id=child_id))
    if card is not None:
        kb.button(text=i18n.get("timetable-btn-card"), callback_data=card)
    kb.adjust(1)
    return kb.as_markup()
