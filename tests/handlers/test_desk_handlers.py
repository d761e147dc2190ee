from __future__ import annotations

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery.render import render
from bot.keyboards.desk import AuditCb, ImpCb, ModCb, ProvCb, RepCb
from bot.services.desk.imports import MAX_FILE_BYTES
from db.models import (
    AuditRecord,
    Invite,
    ModerationStatus,
    Municipality,
    OutboxMessage,
    Program,
    Provider,
    ProviderState,
    Register,
    StaffMembership,
    User,
)
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.handlers.harness import NOT_ALLOWED, STALE_BUTTON, Harness

EMPLOYEE = 7701
PARENT = 7702
OUTSIDER = 7703  # staff of another municipality


async def pending_program(session: AsyncSession, municipality: Municipality) -> Program:
    owner = await make.provider(session, municipality, EMPLOYEE)
    program = await make.submitted_program(
        session, owner, title="Шахматы & логика", register=Register.SIGNIFICANT, max_students=15
    )
    await make.group(session, program, name="Утро", schedule=[{"day": 0, "start": "16:00", "end": "17:30"}])
    await session.commit()
    return program


NOT_LISTED = {
    "ru": ("⚠️ У программы нет группы с открытым приёмом", "(предложен)", "В каталоге её пока нет"),
    "en": ("⚠️ The program has no group open to requests", "(proposed)", "It is not in the catalogue yet"),
}


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_publishing_a_program_without_a_group_says_parents_will_not_see_it_yet(
    lang: str,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    warning, proposed, published = NOT_LISTED[lang]
    owner = await make.provider(session, municipality, EMPLOYEE)
    program = await make.submitted_program(session, owner, title="Юные химики", max_students=15)
    await session.commit()
    async with Harness(settings, sessionmaker) as h:
        opened = await h.press(
            ADMIN_ID, ModCb(action="open", program_id=program.id).pack(), language_code=lang
        )
        assert warning in (opened[0].text or "")
        publish = next(data for _, data in opened[0].buttons if data and ":publish:" in data)
        asked = await h.press(ADMIN_ID, publish, language_code=lang)
        await h.press(ADMIN_ID, asked[0].data_for(proposed), language_code=lang)
        summary = await h.send(ADMIN_ID, "15", language_code=lang)
        assert warning in (summary[0].text or "")
        done = await h.press(ADMIN_ID, summary[0].buttons[0][1] or "", language_code=lang)
        assert published in (done[0].text or "")
    [note] = await make.outbox_for(session, EMPLOYEE)
    assert note.payload["args"]["listed"] == "no"


async def test_staff_publishes_from_the_queue_and_the_provider_is_notified(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    program = await pending_program(session, municipality)
    async with Harness(settings, sessionmaker) as h:
        queue = await h.send(ADMIN_ID, "🛡 Модерация программ")
        assert "на модерации: 1" in (queue[0].text or "")
        opened = await h.press(ADMIN_ID, queue[0].data_for("Шахматы"))
        assert "Шахматы &amp; логика" in (opened[0].text or "") or "Шахматы & логика" in (
            opened[0].text or ""
        )
        asked = await h.press(ADMIN_ID, opened[0].data_for("Опубликовать"))
        assert (
            asked[0].data_for("(предложен)")
            == ModCb(action="register", program_id=program.id, reg="significant").pack()
        )
        ask_max = await h.press(ADMIN_ID, asked[0].data_for("общеразвивающих"))
        assert "Оставить 15" in ask_max[0].buttons[0][0]
        wrong = await h.send(ADMIN_ID, "много")
        assert "целое число" in (wrong[0].text or "")
        assert "нет группы с открытым приёмом" not in (opened[0].text or "")
        summary = await h.send(ADMIN_ID, "20")
        assert "максимум обучающихся — 20" in (summary[0].text or "")
        assert "Родители сразу увидят её" in (summary[0].text or "")
        done = await h.press(ADMIN_ID, summary[0].data_for("✅ Опубликовать"))
        assert "опубликована" in (done[0].text or "") and "Родители уже видят её" in (done[0].text or "")
    await session.refresh(program)
    assert (program.moderation, program.register, program.max_students) == (
        ModerationStatus.PUBLISHED,
        Register.GENERAL,
        20,
    )
    [note] = await make.outbox_for(session, EMPLOYEE)
    assert note.payload["text_key"] == "desk-notify-published"


async def test_return_with_a_reason(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    core: FluentRuntimeCore,
) -> None:
    program = await pending_program(session, municipality)
    async with Harness(settings, sessionmaker) as h:
        await h.press(ADMIN_ID, ModCb(action="return", program_id=program.id).pack())
        short = await h.send(ADMIN_ID, "no")
        assert "от 3" in (short[0].text or "")
        summary = await h.send(ADMIN_ID, "Добавьте расписание <групп>")
        assert "Добавьте расписание &lt;групп&gt;" in (summary[0].text or "")
        done = await h.press(ADMIN_ID, summary[0].data_for("Вернуть поставщику"))
        assert "возвращена" in (done[0].text or "")
        again = await h.press(ADMIN_ID, ModCb(action="publish", program_id=program.id).pack())
        assert "уже принято решение" in h.alerts(again)[0]
    await session.refresh(program)
    assert (
        program.moderation is ModerationStatus.RETURNED
        and program.moderation_note == "Добавьте расписание <групп>"
    )
    [note] = await make.outbox_for(session, EMPLOYEE)
    assert (
        "Комментарий опорного центра: Добавьте расписание &lt;групп&gt;"
        in render(core, "ru", note.payload)[0]
    )


async def test_forged_staff_callbacks_change_nothing(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    program = await pending_program(session, municipality)
    other = await make.municipality(session)
    session.add(User(id=OUTSIDER))
    await session.flush()
    session.add(StaffMembership(user_id=OUTSIDER, municipality_id=other.id))
    await session.commit()
    forged = [
        ModCb(action="register", program_id=program.id, reg="certified").pack(),
        ModCb(action="return", program_id=program.id).pack(),
        ProvCb(action="suspend", provider_id=program.provider_id).pack(),
        ProvCb(action="invite", provider_id=program.provider_id).pack(),
        AuditCb(object_type="program", object_id=program.id).pack(),
    ]
    # A parent and a provider's employee are not staff: the desk's routers do not even see them.
    # Staff of another municipality are seen, and refused.
    refusal = {PARENT: STALE_BUTTON, EMPLOYEE: STALE_BUTTON, OUTSIDER: NOT_ALLOWED}
    async with Harness(settings, sessionmaker) as h:
        for user_id in (PARENT, EMPLOYEE, OUTSIDER):
            for data in forged:
                sent = await h.press(user_id, data)
                assert h.alerts(sent) == [refusal[user_id]], (user_id, data)
                assert [s.method for s in sent] == ["AnswerCallbackQuery"], (user_id, data)
        # The outsider's free-text answer finds no form open: nothing to publish.
        await h.send(OUTSIDER, "20")
    await session.refresh(program)
    provider = await session.get(Provider, program.provider_id)
    assert program.moderation is ModerationStatus.PENDING
    assert provider is not None and provider.state is ProviderState.ACTIVE
    assert await session.scalar(select(func.count(Invite.id))) == 0
    assert await session.scalar(select(func.count(AuditRecord.id))) == 0
    assert await session.scalar(select(func.count(OutboxMessage.id))) == 0


async def test_add_provider_invite_suspend_and_read_its_log(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    async with Harness(settings, sessionmaker) as h:
        listed = await h.send(ADMIN_ID, "🏢 Поставщики")
        assert "Поставщиков: 0" in (listed[0].text or "")
        await h.press(ADMIN_ID, listed[0].data_for("Добавить"))
        kinds = await h.send(ADMIN_ID, "Центр «Кванториум»")
        await h.press(ADMIN_ID, kinds[0].data_for("Негосударственная"))
        bad = await h.send(ADMIN_ID, "7707083894")
        assert "контрольных цифр" in (bad[0].text or "")
        added = await h.send(ADMIN_ID, "7707 083 893")
        assert "добавлен" in (added[0].text or "")
        provider = await session.scalar(select(Provider))
        await session.commit()  # end the read, or SQLite keeps the bot's writes waiting
        assert provider is not None and provider.inn == "7707083893"
        invited = await h.press(ADMIN_ID, added[0].data_for("Пригласить"))
        invite = await session.scalar(select(Invite))
        await session.commit()
        assert invite is not None
        link = next(s.text or "" for s in invited if s.method == "SendMessage")
        assert f"https://t.me/test_bot?start={invite.code}" in link
        assert f"/start {invite.code}" in link
        suspended = await h.press(ADMIN_ID, ProvCb(action="suspend", provider_id=provider.id).pack())
        assert "приостановлен" in h.alerts(suspended)[0]
        listed = await h.send(ADMIN_ID, "🏢 Поставщики")
        assert (
            listed[0].data_for("⏸ Центр «Кванториум» (0)")
            == ProvCb(action="open", provider_id=provider.id).pack()
        )
        log = await h.press(ADMIN_ID, AuditCb(object_type="provider", object_id=provider.id).pack())
        text = log[0].text or ""
        assert "provider.add" in text and "provider.invite" in text and "provider.suspend" in text
        asked = await h.press(ADMIN_ID, RepCb(action="audit").pack())
        assert "программа 12" in (asked[0].text or "")
        nonsense = await h.send(ADMIN_ID, "что-нибудь")
        assert "Не понял" in (nonsense[0].text or "")
        by_text = await h.send(ADMIN_ID, f"поставщик {provider.id}")
        assert "provider.suspend" in (by_text[0].text or "")
    await session.refresh(provider)
    assert provider.state is ProviderState.SUSPENDED


async def test_coverage_chart_and_exports_are_sent(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality
) -> None:
    async with Harness(settings, sessionmaker) as h:
        menu = await h.send(ADMIN_ID, "📈 Охват и отчёты")
        chart = await h.press(ADMIN_ID, menu[0].data_for("Охват сертификатами"))
        photo = next(s for s in chart if s.method == "SendPhoto")
        assert "Андроповский округ: 0,00 % (0 из 1\u00a0000)" in (photo.text or "")
        assert "До цели 5 %: ещё 50" in (photo.text or "")
        figures = await h.press(ADMIN_ID, menu[0].data_for("Зачисления, заявки"))
        text = figures[0].text or ""
        assert "по направленностям" in text and "• техническая: 0" in text
        assert "• ждут решения: 0" in text and "• нет данных" in text
        for what in ("certificates", "enrollments", "writeoffs", "events", "yearly"):
            sent = await h.press(ADMIN_ID, RepCb(action="export", what=what).pack())
            assert any(s.method == "SendDocument" for s in sent), what
        forged = await h.press(ADMIN_ID, "adr:export:children")
        assert h.alerts(forged) == [STALE_BUTTON]
        assert [s.method for s in forged] == ["AnswerCallbackQuery"]


async def test_import_refuses_a_huge_file_before_downloading_it(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality
) -> None:
    async with Harness(settings, sessionmaker) as h:
        screen = await h.press(ADMIN_ID, ImpCb(action="start").pack())
        assert "XLSX или CSV" in (screen[0].text or "")
        template = await h.press(ADMIN_ID, ImpCb(action="template").pack())
        assert any(s.method == "SendDocument" for s in template)
        text = await h.send(ADMIN_ID, "вот файл")
        assert "документом" in (text[0].text or "")
        document = {
            "file_id": "F1",
            "file_unique_id": "U1",
            "file_name": "big.xlsx",
            "file_size": MAX_FILE_BYTES + 1,
        }
        sent = await h.send(ADMIN_ID, "", document=document)
        assert "слишком большой" in (sent[0].text or "")
        assert not [s for s in sent if s.method == "GetFile"]
        stale = await h.press(ADMIN_ID, ImpCb(action="confirm").pack())
        assert h.alerts(stale) == ["Эта проверка устарела. Пришлите файл заново."]
