"""Routers in a fixed order, shared by production and tests: errors and common commands first, the
catch-all last."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import (
    broadcasts,
    catalog,
    certificates,
    children,
    common,
    enrollment,
    errors,
    events,
    fallback,
    money,
    provider,
    staff_certificates,
    staff_desk,
)


def get_routers() -> list[Router]:
    routers = [
        errors.router,
        money.router,  # before common: it answers /start link_… (the child's own account)
        common.router,
        children.router,
        certificates.router,
        staff_certificates.router,
        catalog.router,
        enrollment.router,
        provider.router,
        broadcasts.router,
        events.staff_router,
        events.parent_router,
        *staff_desk.routers(),
        money.provider_router,
        fallback.router,
    ]
    for router in routers:
        # Routers are module-level; a new dispatcher (a restart in the same process, or the next test)
        # takes them over from the previous one, which is no longer used.
        router._parent_router = None
    return routers
