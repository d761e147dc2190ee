"""The Support Centre's desk: certificates, moderation, providers, coverage and reports, announcements,
events, the audit log. Only accounts holding the staff role get here; every object is re-checked
against the staff member's municipalities in the services."""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from bot.handlers.staff import (
    audit,
    broadcasts,
    certificates,
    events,
    moderation,
    providers,
    reports,
    synonyms,
)
from db.models import Role

router = Router(name="staff")
router.message.filter(HasRole(Role.STAFF))
router.callback_query.filter(HasRole(Role.STAFF))
router.include_routers(
    certificates.router,
    broadcasts.router,
    events.router,
    moderation.router,
    providers.router,
    reports.router,
    audit.router,
    synonyms.router,
)
