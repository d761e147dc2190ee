"""The Support Centre's desk: certificates, moderation, providers, coverage and reports, announcements,
events, the audit log. Only accounts holding the staff role get here; every object is re-checked
against the staff member's municipalities in the services."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.common.routing import audience
from bot.handlers.staff import (
    audit,
    broadcasts,
    certificates,
    disputes,
    events,
    moderation,
    providers,
    reports,
    synonyms,
)
from db.models import Role


def setup() -> Router:
    modules = [certificates, broadcasts, events, moderation, providers, reports, disputes, synonyms, audit]
    return audience("staff", [m.router for m in modules], Role.STAFF)
