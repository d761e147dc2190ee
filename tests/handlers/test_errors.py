"""Failures answer politely in the person's language, even when they happen before i18n was set up."""

from __future__ import annotations

import time

from aiogram.types import ErrorEvent, Update
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.handlers.common.errors import on_error
from tests.handlers.harness import Harness


async def test_an_early_failure_is_answered_in_the_clients_language(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with Harness(settings, sessionmaker) as h:
        sender = {"id": 5201, "is_bot": False, "first_name": "T", "language_code": "en"}
        update = Update.model_validate(
            {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": {"id": 5201, "type": "private"},
                    "from": sender,
                    "text": "hi",
                },
            },
            context={"bot": h.bot},
        )
        await on_error(
            ErrorEvent(update=update, exception=RuntimeError("db down")),
            i18n_middleware=h.dp["i18n_middleware"],
            event_from_user=TgUser.model_validate(sender),
        )
    assert (
        h.session.sent[-1].text == "Something went wrong, nothing was saved. Please try again or open /menu."
    )


def test_a_shortfall_is_shown_as_money(core) -> None:  # type: ignore[no-untyped-def]
    from bot.delivery.render import localize_args
    from bot.services.money.ledger import InsufficientFunds

    error = InsufficientFunds(240_050)
    text = core.get(error.key, "ru", **localize_args(error.args_, "ru"))
    assert text == "На сертификате не хватает 2\u00a0400,50\u00a0₽. Ничего не изменено."
