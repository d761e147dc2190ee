"""Routers in a fixed order, shared by production and tests: errors and common commands first, the
catch-all last."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import catalog, common, enrollment, errors, fallback, provider


def get_routers() -> list[Router]:
    routers = [
        errors.router,
        common.router,
        # feature routers go here, each owning one audience and flow
        catalog.router,
        enrollment.router,
        provider.router,
        fallback.router,
    ]
    for router in routers:
        # Routers are module-level; a new dispatcher (a restart in the same process, or the next test)
        # takes them over from the previous one, which is no longer used.
        router._parent_router = None
    return routers
