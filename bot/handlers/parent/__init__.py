"""The family's screens: children, certificates, the catalogue, requests, money and events. Any account
may be a parent (or a teenager with his own account); the services check each object is the family's."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.parent import catalog, certificates, children, enrollment, events, timetable

router = Router(name="parent")
router.include_routers(
    children.router, certificates.router, catalog.router, enrollment.router, events.router, timetable.router
)
