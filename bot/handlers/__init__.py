"""The router tree, shared by production and tests: errors and what every audience shares first, then
staff, providers and families (each audience's role filter applied once, on its own router), the
catch-all last. Built anew for every dispatcher (bot/handlers/common/routing.py)."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import common, parent, provider, staff


def get_routers() -> list[Router]:
    return [*common.first(), staff.setup(), provider.setup(), parent.setup(), common.last()]
