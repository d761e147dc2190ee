"""The reference for the benchmarks (not a bot anyone uses): bare aiogram 3 answering every message
and every button press with a static text, with the same long polling, logging and Bot API server as
`python -m bot`.

    BOT_TOKEN=123:... BOT_API_BASE_URL=http://127.0.0.1:8081 python scripts/bare_bot.py

scripts/bench_updates.py and scripts/bench_startup.py run it beside the real bot."""

from __future__ import annotations

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

TEXT = "<b>Готово.</b> Это статический ответ."
KEYBOARD = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Дальше", callback_data="next")]])

router = Router(name="bare")


@router.message()
async def on_message(message: Message) -> None:
    await message.answer(TEXT, reply_markup=KEYBOARD)


@router.callback_query()
async def on_press(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(TEXT, reply_markup=KEYBOARD)
    await query.answer()


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["BOT_API_BASE_URL"]))
    bot = Bot(
        os.environ["BOT_TOKEN"], session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
    dp = Dispatcher()
    dp.include_router(router)
    await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types())


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(main())
