"""The update's unit of work: one session per update, committed before anything reaches Telegram.

Three pieces, in this order around every update:
- `UpdateSession` (outer, before aiogram's FSM middleware): opens the session, so that the form state
  is read through it, once; counts updates in flight so that a shutdown can wait for them.
- `UnitOfWork` (outer, after the FSM middleware, i.e. inside the person's event-isolation lock):
  loads the account and its roles, runs the handler and commits.
- `CommitBeforeSending` (on the bot's HTTP session): every Bot API call made while an update is
  handled first commits what the handler did so far. So no transaction is open while Telegram
  answers, and a person is told "done" only about what is committed; when the commit fails, the call
  is not made and the error handler answers instead.

On SQLite an update starts with a deferred transaction, so a read-only update takes no write lock.
When such a transaction has read and then meets another writer (SQLITE_BUSY), the update is run again
from the start with the write lock taken at BEGIN, as long as nothing has been sent to Telegram yet;
after the first call every further transaction of the update takes the lock at BEGIN."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import AnswerCallbackQuery, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.fsm_storage import current_session
from bot.services.accounts.access import load_access, load_user
from bot.services.clock import Clock
from db.engine import deferred_begin, deferred_session, is_lock_conflict

log = logging.getLogger(__name__)


class Work:
    """What one update has done so far: commits on demand, remembers whether Telegram was called."""

    def __init__(self, session: AsyncSession, after_commit: Callable[[], None] | None) -> None:
        self.session = session
        self.after_commit = after_commit
        self.sent = False
        self.answered: set[str] = set()  # the callback queries answered so far
        self.locale: str | None = None  # the account's language, for the errors router
        self._lock = asyncio.Lock()  # a handler may send two messages at once

    async def commit(self) -> None:
        async with self._lock:
            if not self.session.in_transaction():
                return
            queued = self.session.info.pop("outbox_queued", False)
            await self.session.commit()
            if queued and self.after_commit is not None:
                self.after_commit()  # wake the outbox sender: what was queued goes out at once

    async def before_telegram(self) -> None:
        await self.commit()
        self.sent = True
        deferred_begin.set(False)  # it can no longer be run again, so later writes must not conflict


current_work: ContextVar[Work | None] = ContextVar("current_work", default=None)


class CommitBeforeSending(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        work = current_work.get()
        if work is not None:
            await work.before_telegram()
            if isinstance(method, AnswerCallbackQuery):
                work.answered.add(method.callback_query_id)
        return await make_request(bot, method)


class UpdateSession(BaseMiddleware):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.in_flight += 1
        self._idle.clear()
        try:
            # Closing the session rolls back what was not committed.
            async with deferred_session(self.sessionmaker) as session:
                data["session"] = session
                token = current_session.set(session)
                try:
                    return await handler(event, data)
                finally:
                    current_session.reset(token)
        finally:
            self.in_flight -= 1
            if self.in_flight == 0:
                self._idle.set()

    async def drain(self, grace_seconds: float) -> None:
        """Wait (at most `grace_seconds`) for the updates being handled to finish."""
        if self.in_flight:
            log.info("waiting for %d update(s) in flight", self.in_flight)
            try:
                await asyncio.wait_for(self._idle.wait(), grace_seconds)
            except TimeoutError:
                log.warning("%d update(s) still in flight after %.0f s", self.in_flight, grace_seconds)


class UnitOfWork(BaseMiddleware):
    def __init__(
        self, settings: Settings, clock: Clock, after_commit: Callable[[], None] | None = None
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.after_commit = after_commit

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        session: AsyncSession = data["session"]
        work = Work(session, self.after_commit)
        # In the update's own data, which the errors router receives: what was answered, in which language.
        data["work"] = work
        token = current_work.set(work)
        try:
            while True:
                attempt = dict(data)  # inner middlewares add to it; a second run starts clean
                try:
                    await self._load_account(session, attempt)
                    result = await handler(event, attempt)
                    await work.commit()
                    return result
                except OperationalError as error:
                    if work.sent or not deferred_begin.get() or not is_lock_conflict(error):
                        raise
                    # Another writer got in after this update read: run it again, the lock taken first.
                    await session.rollback()
                    deferred_begin.set(False)
        finally:
            current_work.reset(token)

    async def _load_account(self, session: AsyncSession, data: dict[str, Any]) -> None:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None or tg_user.is_bot:
            return
        user = await load_user(
            session, tg_user.id, tg_user.language_code, self.settings.default_locale, self.clock.now()
        )
        data["user"] = user
        data["access"] = await load_access(session, user, self.settings.admin_ids)
        data["work"].locale = user.locale
