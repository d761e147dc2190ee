"""Router-level role filters. Object-level checks (is this *your* request?) live in the services."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from bot.services.accounts.access import Access
from db.models import Role


class HasRole(Filter):
    """Passes when the account holds one of the roles (whatever role its menu currently shows)."""

    def __init__(self, *roles: Role) -> None:
        self.roles = roles

    async def __call__(self, event: TelegramObject, access: Access | None = None) -> bool:
        return access is not None and any(access.has(role) for role in self.roles)
