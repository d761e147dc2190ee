"""The one row of page buttons every paged list shows."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton
from aiogram_i18n import I18nContext


def nav_row(
    i18n: I18nContext,
    page: int,
    pages: int,
    to: Callable[[int], CallbackData],
    prev_key: str = "page-prev",
    next_key: str = "page-next",
) -> list[InlineKeyboardButton]:
    """«previous» and «next» buttons as the page has neighbours (none on a single page); `to(page)`
    is the callback data that opens a page. Add them with `builder.row(*nav_row(...))`."""
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(text=i18n.get(prev_key), callback_data=to(page - 1).pack()))
    if page < pages - 1:
        row.append(InlineKeyboardButton(text=i18n.get(next_key), callback_data=to(page + 1).pack()))
    return row


def page_note(i18n: I18nContext, page: int, pages: int) -> str:
    """The «page 2 of 5» paragraph under a list that has more than one page, else nothing."""
    return f"\n\n{i18n.get('page-of', page=page + 1, pages=pages)}" if pages > 1 else ""
