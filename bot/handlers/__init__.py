"""The router tree, shared by production and tests: errors and what every audience shares first, then
staff, providers and families (each audience's role filter applied once, on its own router), the
catch-all last."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import common, parent, provider, staff


def get_routers() -> list[Router]:
    routers = [*common.first(), staff.router, provider.router, parent.router, common.fallback.router]
    for router in routers:
        # Routers are module-level; a new dispatcher (a restart in the same process, or the next test)
        # takes them over from the previous one, which is no longer used.
        router._parent_router = None
    return routers
