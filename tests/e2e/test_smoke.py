"""The real bot over real HTTP long polling: start, consent, restart mid-flow."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import User
from tests.e2e.comms_helpers import eventually
from tests.e2e.fake_bot_api import FakeBotAPI


async def test_start_consent_and_commands_over_http(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI, running_app, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await running_app()
    assert fake_api.commands, "setMyCommands was not called at start"
    parent = fake_api.user(7001, language_code="ru")
    await parent.send("/start")
    await parent.wait_reply("дайте согласие")
    await parent.press("📄 Согласие на обработку данных")
    await parent.wait_reply("Что мы собираем")
    await parent.press("✅ Согласен")
    await parent.wait_reply("Согласие получено")
    assert "👶 Мои дети" in (parent.reply_keyboard() or [])

    async def consent_recorded() -> None:
        async with sessionmaker() as session:
            user = await session.get(User, 7001)
        assert user is not None and user.consent_at is not None

    await eventually(consent_recorded)


async def test_english_user_is_answered_in_english(fake_api: FakeBotAPI, running_app) -> None:  # type: ignore[no-untyped-def]
    await running_app()
    user = fake_api.user(7002, language_code="en")
    await user.send("/start")
    await user.wait_reply("This is the bot")


async def test_redrawing_an_unchanged_screen_is_not_an_error(fake_api: FakeBotAPI, e2e_settings) -> None:  # type: ignore[no-untyped-def]
    from bot.factory import create_bot

    bot = create_bot(e2e_settings)
    try:
        sent = await bot.send_message(7003, "Страница 1")
        assert await bot.edit_message_text("Страница 1", chat_id=7003, message_id=sent.message_id)
        assert any(c.status == 400 for c in fake_api.calls_of("editMessageText")), (
            "the fake did refuse the edit"
        )
    finally:
        await bot.session.close()
