"""The provider's desk: requests to decide, programs and groups, and the forms that send a program to
moderation. Only accounts holding the provider role get here; every object is re-checked against the
account's providers in the services. A refusal (DomainError) propagates to the errors router, which
rolls the update back and shows it."""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole
from bot.handlers.provider import disputes, forms, lessons, programs, requests
from db.models import Role

router = Router(name="provider")
router.message.filter(HasRole(Role.PROVIDER))
router.callback_query.filter(HasRole(Role.PROVIDER))
router.include_routers(requests.router, programs.router, forms.router, lessons.router, disputes.router)
