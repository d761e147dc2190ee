"""The second reference for scripts/bench_updates.py (not a bot anyone uses): bare aiogram 3 as in
scripts/bare_bot.py plus the least any bot of this stack does for an update, reading the person's
account through SQLAlchemy's asyncio session (one primary-key SELECT on the project's engine and
models, the same database as the real bot). The distance from bare aiogram to this bot is what the
stack costs before any feature; the distance from it to the real bot is ours.

    BOT_TOKEN=123:... BOT_API_BASE_URL=http://127.0.0.1:8081 DATABASE_URL=sqlite+aiosqlite:///x.db \\
        python scripts/floor_bot.py"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import create_engine, deferred_session
from db.models import User
from scripts.bare_bot import KEYBOARD, TEXT

router = Router(name="floor")


async def _account(sessionmaker: async_sessionmaker[AsyncSession], user_id: int) -> None:
    async with deferred_session(sessionmaker) as session:  # a read takes no write lock, as in the bot
        await session.get(User, user_id)


@router.message()
async def on_message(message: Message, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    if message.from_user is not None:
        await _account(sessionmaker, message.from_user.id)
    await message.answer(TEXT, reply_markup=KEYBOARD)


@router.callback_query()
async def on_press(query: CallbackQuery, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    await _account(sessionmaker, query.from_user.id)
    if isinstance(query.message, Message):
        await query.message.answer(TEXT, reply_markup=KEYBOARD)
    await query.answer()


async def main() -> None:
    engine = create_engine(os.environ["DATABASE_URL"])
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["BOT_API_BASE_URL"]))
    bot = Bot(
        os.environ["BOT_TOKEN"], session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
    dp = Dispatcher(sessionmaker=async_sessionmaker(engine, expire_on_commit=False))
    dp.include_router(router)
    try:
        await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types())
    finally:
        await engine.dispose()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(main())
