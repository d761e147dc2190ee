"""What every audience shares: /start, the menu, help and cancel, the errors handler, the file import
(staff and providers) and the catch-all."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.common import errors, fallback, imports, menu
from bot.handlers.common.routing import audience, fresh
from bot.handlers.parent import money
from db.models import Role


def first() -> list[Router]:
    # The child's own account opens with /start link_…: its handler comes before the plain /start.
    return [
        fresh(errors.router),
        fresh(money.router),
        fresh(menu.router),
        audience("imports", [imports.router], Role.STAFF, Role.PROVIDER),
    ]


def last() -> Router:
    return fresh(fallback.router)
