"""The main menu: a reply keyboard per role, its buttons matched in every language."""

from __future__ import annotations

from functools import cache
from typing import Any

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.services.accounts.access import TEEN_MENU
from db.models import Role

# Keyed by Access.menu: a role's value, or "teen" for a child's own account.
MENUS: dict[str, list[list[str]]] = {
    Role.PARENT: [
        ["menu-find", "menu-children"],
        ["menu-requests", "menu-timetable"],
        ["menu-events", "menu-settings"],
        ["menu-help"],
    ],
    TEEN_MENU: [
        ["menu-teen-certificate", "menu-requests"],
        ["menu-find", "menu-timetable"],
        ["menu-events", "menu-settings"],
        ["menu-help"],
    ],
    Role.PROVIDER: [
        ["menu-provider-programs", "menu-provider-requests"],
        ["menu-provider-lessons", "menu-settings"],
        ["menu-help"],
    ],
    Role.STAFF: [
        ["menu-staff-applications", "menu-staff-certificates"],
        ["menu-staff-moderation", "menu-staff-providers"],
        ["menu-staff-events", "menu-staff-broadcast"],
        ["menu-staff-reports", "menu-staff-municipality"],
        ["menu-settings", "menu-help"],
    ],
}


def main_menu(i18n: I18nContext, menu: str) -> ReplyKeyboardMarkup:
    """The reply keyboard of `menu` (Access.menu, or a Role)."""
    rows = [[KeyboardButton(text=i18n.get(key)) for key in row] for row in MENUS[menu]]
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


@cache
def _texts(core_id: int, core: Any) -> frozenset[str]:
    keys = {key for rows in MENUS.values() for row in rows for key in row}
    return frozenset(core.get(key, locale) for locale in core.available_locales for key in keys)


def all_menu_texts(core: Any) -> frozenset[str]:
    return _texts(id(core), core)
