"""The Support Centre's desk: moderation, providers, import, coverage and reports, the audit log."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.staff_desk import audit, imports, moderation, providers, reports


def routers() -> list[Router]:
    return [
        moderation.router,
        providers.router,
        imports.router,
        imports.provider_router,
        reports.router,
        audit.router,
    ]
