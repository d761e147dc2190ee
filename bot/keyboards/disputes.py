"""Callback data and keyboards of the disputes «Ребёнок не занимался» (bot/services/money/disputes.py)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.keyboards.callbacks import DisputeCb
from bot.keyboards.paging import nav_row
from bot.services.paging import Slice


def open_menu(i18n: I18nContext, enrollment_id: int, month: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("dispute-btn-open"),
        callback_data=DisputeCb(action="open", id=enrollment_id, month=month),
    )
    return builder.as_markup()


def waiting_button(i18n: I18nContext, count: int, *, staff: bool) -> InlineKeyboardButton:
    """The way to the disputes waiting for this person, under the screen of his other decisions."""
    return InlineKeyboardButton(
        text=i18n.get("dispute-btn-waiting", count=count), callback_data=_list(staff, 0).pack()
    )


def with_waiting(
    i18n: I18nContext, markup: InlineKeyboardMarkup | None, count: int, *, staff: bool
) -> InlineKeyboardMarkup | None:
    """A screen of the person's other decisions (requests, moderation), with the way to the disputes
    waiting for him as its last row when there are any."""
    if not count:
        return markup
    rows = list(markup.inline_keyboard) if markup is not None else []
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [waiting_button(i18n, count, staff=staff)]])


def more_waiting(i18n: I18nContext, count: int, *, staff: bool) -> InlineKeyboardMarkup | None:
    """Under an answer or a settlement: the way to the disputes still waiting, if any."""
    return with_waiting(i18n, None, count, staff=staff)


def _list(staff: bool, page: int) -> DisputeCb:
    return DisputeCb(action="to_settle" if staff else "to_answer", id=page)


def waiting(i18n: I18nContext, shown: Slice[int], *, staff: bool) -> InlineKeyboardMarkup:
    """A page of waiting disputes: the two answers of each, by its number in the list."""
    builder = InlineKeyboardBuilder()
    first, second = ("family", "provider") if staff else ("agree", "confirm")
    for n, dispute_id in enumerate(shown.items, start=shown.first):
        for action in (first, second):
            builder.button(
                text=i18n.get(f"dispute-btn-{action}-n", n=n),
                callback_data=DisputeCb(action=action, id=dispute_id),
            )
    builder.adjust(2)
    builder.row(*nav_row(i18n, shown.page, shown.pages, lambda p: _list(staff, p)))
    return builder.as_markup()
