"""Pure factories: production (`python -m bot`) and the tests build the bot the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.methods import (
    EditMessageCaption,
    EditMessageMedia,
    EditMessageReplyMarkup,
    EditMessageText,
    Response,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.fsm_storage import DatabaseStorage
from bot.handlers import get_routers
from bot.i18n import UserLocaleManager, create_core
from bot.middlewares.callbacks import AnswerEveryPress
from bot.middlewares.db import CommitBeforeSending, UnitOfWork, UpdateSession
from bot.middlewares.menu import MenuInterruptsFormMiddleware
from bot.services.clock import Clock


class IgnoreNotModified(BaseRequestMiddleware):
    """Re-drawing a screen that did not change (a second tap on the same page, filter or toggle) is
    not an error for the person pressing; Telegram's 400 "message is not modified" is treated as done."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as error:
            if isinstance(method, EDITS) and "message is not modified" in error.message:
                return Response[TelegramType](ok=True, result=True)  # type: ignore[arg-type]
            raise


EDITS = (EditMessageText, EditMessageReplyMarkup, EditMessageCaption, EditMessageMedia)


class KeepResponseModels(BaseRequestMiddleware):
    """aiogram parses every answer as `Response[method.__returning__]`, a generic model that pydantic
    caches only weakly: unreferenced, it is built again for every call (2.8 ms for an edit's
    `Message | bool`, 13 % of the bot's CPU under load). The first call of each method keeps it."""

    def __init__(self) -> None:
        self._models: dict[type[Any], type[Any]] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        kind = type(method)
        if kind not in self._models:
            self._models[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)


def setup_request_middlewares(session: BaseSession) -> None:
    """What every call to the Bot API goes through (the tests' mocked session too)."""
    session.middleware(CommitBeforeSending())
    session.middleware(IgnoreNotModified())
    session.middleware(KeepResponseModels())


def create_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.bot_api_base_url))
    setup_request_middlewares(session)
    return Bot(
        token=settings.token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_storage(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> tuple[BaseStorage, BaseEventIsolation]:
    """FSM storage and event isolation. Updates run as concurrent tasks, so one person's updates are
    handled one after another (the state is read once it is his turn): his next message sees what the
    previous one changed."""
    if settings.redis_url:
        from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

        redis = RedisStorage.from_url(settings.redis_url)
        return redis, RedisEventIsolation(redis=redis.redis)
    return DatabaseStorage(sessionmaker), SimpleEventIsolation()


def create_dispatcher(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    clock: Clock,
    storage: BaseStorage | None = None,
    after_commit: Callable[[], None] | None = None,
    core: FluentRuntimeCore | None = None,
) -> Dispatcher:
    """`core`: the translations the application already loaded (`load_core`), shared rather than
    parsed again; without it the dispatcher loads its own at startup."""
    default_storage, isolation = create_storage(settings, sessionmaker)
    # aiogram's own FSM middleware is registered below, after the session is opened, so that the form
    # state is read through the update's session (disable_fsm only skips that registration).
    dp = Dispatcher(
        storage=storage or default_storage,
        events_isolation=isolation,
        disable_fsm=True,
        settings=settings,
        sessionmaker=sessionmaker,
        clock=clock,
    )
    update_session = UpdateSession(sessionmaker)
    dp.update.outer_middleware(update_session)
    dp.update.outer_middleware(dp.fsm)
    dp.update.outer_middleware(UnitOfWork(settings, clock, after_commit))

    async def finish_updates_in_flight() -> None:
        # Registered before i18n's shutdown, which would otherwise pull the texts from under them.
        await update_session.drain(settings.shutdown_grace_seconds)

    dp.shutdown.register(finish_updates_in_flight)
    I18nMiddleware(
        core=core or create_core(settings.default_locale),
        manager=UserLocaleManager(default_locale=settings.default_locale),
        default_locale=settings.default_locale,
    ).setup(dp)
    dp.message.outer_middleware(MenuInterruptsFormMiddleware())
    dp.callback_query.middleware(AnswerEveryPress())
    dp.include_routers(*get_routers())
    return dp
