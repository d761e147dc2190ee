"""One session and one transaction per update; the account and its roles come with it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.fsm_storage import current_session
from bot.services.access import load_access, load_user
from bot.services.clock import Clock


class DbSessionMiddleware(BaseMiddleware):
    """Commits when the handler returns, rolls back when it raises, and returns the handler's result."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        clock: Clock,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.clock = clock
        self.after_commit = after_commit  # wakes the outbox sender: queued messages go out at once

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        async with self.sessionmaker() as session, session.begin():
            data["session"] = session
            if tg_user is not None and not tg_user.is_bot:
                user = await load_user(
                    session, tg_user.id, tg_user.language_code, self.settings.default_locale, self.clock.now()
                )
                data["user"] = user
                data["access"] = await load_access(session, user, self.settings.admin_ids)
            token = current_session.set(session)
            try:
                result = await handler(event, data)
            finally:
                current_session.reset(token)
        if self.after_commit is not None:
            self.after_commit()
        return result
