"""The provider's desk: requests to decide, programs and groups, and the forms that send a program to
moderation. Only accounts holding the provider role get here; every object is re-checked against the
account's providers in the services. A refusal (DomainError) propagates to the errors router, which
rolls the update back and shows it."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.common.routing import audience
from bot.handlers.provider import disputes, forms, lessons, programs, requests
from db.models import Role


def setup() -> Router:
    return audience(
        "provider", [m.router for m in (requests, programs, forms, lessons, disputes)], Role.PROVIDER
    )
