"""The family's screens: children, certificates, the catalogue, requests, money and events. Any account
may be a parent (or a teenager with his own account); the services check each object is the family's."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.common.routing import audience
from bot.handlers.parent import catalog, certificates, children, disputes, enrollment, events, timetable


def setup() -> Router:
    return audience(
        "parent",
        [m.router for m in (children, certificates, catalog, enrollment, events, disputes, timetable)],
    )
