"""A main-menu button always works: pressing one in the middle of a form abandons the form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, TelegramObject
from aiogram_i18n import I18nContext

from bot.keyboards.menu import all_menu_texts


class MenuInterruptsFormMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        state: FSMContext | None = data.get("state")
        i18n: I18nContext | None = data.get("i18n")
        if (
            isinstance(event, Message)
            and state is not None
            and i18n is not None
            and data.get("raw_state") is not None
            and event.text in all_menu_texts(i18n.core)
        ):
            await state.clear()
            data["raw_state"] = None
        return await handler(event, data)
