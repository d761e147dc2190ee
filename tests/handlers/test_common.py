from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.common import ConsentCb, LangCb, RoleCb
from db.models import AuditRecord, Role, User
from tests.handlers.harness import STALE_BUTTON, Harness

PARENT = 5001


async def test_start_offers_consent_and_browse_without_it(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with Harness(settings, sessionmaker) as h:
        sent = await h.send(PARENT, "/start")
    texts = [s.text or "" for s in sent]
    assert any("бот дополнительного образования" in t for t in texts)
    assert "🔎 Найти кружок" in sent[0].reply_buttons
    offer = sent[-1]
    assert offer.data_for("Согласие") == ConsentCb(action="show").pack()


async def test_consent_accept_is_saved_and_audited(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with Harness(settings, sessionmaker) as h:
        await h.send(PARENT, "/start")
        shown = await h.press(PARENT, ConsentCb(action="show").pack())
        assert "Что мы собираем" in (shown[0].text or "")
        accepted = await h.press(PARENT, ConsentCb(action="accept").pack())
        # the answered question is edited to say how it was answered, and offers nothing more
        edited = next(s for s in accepted if s.method == "EditMessageText")
        assert "Согласие дано" in (edited.text or "") and edited.buttons == []
        # old copies of the offer and of the question, pressed later, say where things stand
        for action in ("show", "accept", "decline"):
            again = await h.press(PARENT, ConsentCb(action=action).pack())
            assert [s.method for s in again] == ["EditMessageText", "AnswerCallbackQuery"], action
            assert "Согласие уже дано" in (again[0].text or "") and again[0].buttons == []
    async with sessionmaker() as s:
        user = await s.get(User, PARENT)
        assert user is not None and user.consent_at is not None
        assert await s.scalar(AuditRecord.__table__.select().where(AuditRecord.action == "consent.accept"))


async def test_english_client_gets_english_and_can_switch(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with Harness(settings, sessionmaker) as h:
        sent = await h.send(PARENT, "/start", language_code="en")
        assert "This is the bot" in (sent[0].text or "")
        sent = await h.press(PARENT, LangCb(locale="ru").pack(), language_code="en")
        assert any(s.method == "SetMyCommands" for s in sent)
        sent = await h.send(PARENT, "/menu", language_code="en")
        assert "Главное меню" in (sent[0].text or "")


async def test_forged_role_switch_is_refused(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    async with Harness(settings, sessionmaker) as h:
        await h.send(PARENT, "/start")
        sent = await h.press(PARENT, RoleCb(role=Role.STAFF).pack())
        assert h.alerts(sent) == ["Это действие вам недоступно."]
    user = await session.get(User, PARENT)
    assert user is not None and user.active_role is Role.PARENT


async def test_unknown_text_and_stale_button_get_a_pointer(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with Harness(settings, sessionmaker) as h:
        sent = await h.send(PARENT, "привет, как записаться?")
        assert "не понял" in (sent[0].text or "")
        sent = await h.press(PARENT, "zz:old:button")
        assert h.alerts(sent) == [STALE_BUTTON]


async def test_invalid_invite_changes_nothing(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    async with Harness(settings, sessionmaker) as h:
        sent = await h.send(PARENT, "/start inv_forged-code")
        assert "недействительна" in (sent[0].text or "")
    user = await session.get(User, PARENT)
    assert user is not None and user.active_role is Role.PARENT


async def test_staff_from_admin_ids_is_greeted_with_the_staff_menu(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], municipality: object
) -> None:
    from tests.conftest import ADMIN_ID

    async with Harness(settings, sessionmaker) as h:
        sent = await h.send(ADMIN_ID, "/start")
    assert "сотрудник опорного центра" in (sent[0].text or "")
    assert "🗂 Заявления на сертификаты" in sent[0].reply_buttons
