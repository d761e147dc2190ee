"""The translations are parsed once and outlive the dispatcher's shutdown."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import load_core
from bot.services.clock import FrozenClock


async def _run(dp: Dispatcher, bot: Bot) -> None:
    await dp.emit_startup(bot=bot, dispatcher=dp, **dp.workflow_data)
    await dp.emit_shutdown(bot=bot, dispatcher=dp, **dp.workflow_data)


async def test_the_dispatcher_shares_the_loaded_translations(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    core = await load_core("ru")
    bundle = core.locales["ru"]
    dp = create_dispatcher(settings, sessionmaker, clock=clock, core=core)
    bot = create_bot(settings)
    try:
        await _run(dp, bot)
    finally:
        await bot.session.close()
    assert dp["i18n_middleware"].core is core
    assert core.locales["ru"] is bundle, "parsed once: startup kept what was loaded"
    assert "Согласие" in core.get("consent-accepted", "ru"), "shutdown left the translations in place"


async def test_a_dispatcher_alone_loads_its_own(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    dp = create_dispatcher(settings, sessionmaker, clock=clock)
    core = dp["i18n_middleware"].core
    assert not core.locales
    bot = create_bot(settings)
    try:
        await _run(dp, bot)
    finally:
        await bot.session.close()
    assert core.get("menu-help", "en") == "❓ Help"
