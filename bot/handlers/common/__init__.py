"""What every audience shares: /start, the menu, help and cancel, the errors handler, the file import
(staff and providers) and the catch-all."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.common import errors, fallback, imports, menu
from bot.handlers.parent import money

__all__ = ["fallback", "first"]


def first() -> list[Router]:
    # The child's own account opens with /start link_…: its handler comes before the plain /start.
    return [errors.router, money.router, menu.router, imports.router]
