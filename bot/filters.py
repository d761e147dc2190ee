"""Router-level role filters. Object-level checks (is this *your* request?) live in the services."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from bot.services.access import Access
from db.models import Role


class HasRole(Filter):
    """Passes when the account holds the role (whatever role its menu currently shows)."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(self, event: TelegramObject, access: Access | None = None) -> bool:
        return access is not None and access.has(self.role)
