"""Through the real dispatcher: the search panel, results, the card with the cost split, a request,
the provider's decision, the program and group forms, and forged callbacks."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.catalog import CaCb, EnCb
from bot.keyboards.provider import PvCb
from bot.services.clock import FrozenClock
from db.models import (
    CertificateKind,
    Enrollment,
    EnrollmentStatus,
    Group,
    ModerationStatus,
    Municipality,
    Program,
    ProgramFormat,
    Register,
)
from tests import factories as make
from tests.dates import monday_morning, ru, year
from tests.handlers.harness import STALE_BUTTON, Harness

PARENT, PROVIDER = 5001, 6001


async def _enrollment(sessionmaker: async_sessionmaker[AsyncSession]) -> Enrollment:
    """Read in a short transaction: SQLite takes the write lock at BEGIN, the bot must not wait."""
    async with sessionmaker() as s:
        e = await s.scalar(select(Enrollment))
    assert e is not None
    return e


async def test_search_card_and_request(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(
        session,
        municipality,
        register=Register.CERTIFIED,
        kind=CertificateKind.FINANCING,
        price=250_000,
        normative=200_000,
        balance=2_000_000,
    )
    async with Harness(settings, sessionmaker, clock) as h:
        [panel] = await h.send(PARENT, "🔎 Найти кружок")
        assert "Подходящих программ: <b>1</b>" in (panel.text or "")
        edited = await h.press(PARENT, CaCb(act="set", name="direction", val="technical").pack())
        assert edited[0].method == "EditMessageText" and "<b>0</b>" in (edited[0].text or "")
        empty = await h.press(PARENT, CaCb(act="page", id=0).pack())
        assert "В этом направлении ничего не нашлось" in (empty[0].text or "")
        assert "Любое направление" in empty[0].buttons[0][0]
        await h.press(PARENT, empty[0].buttons[0][1] or "")
        [results] = await h.send(PARENT, "шахматный")
        assert "Шахматы для начинающих" in (results.text or "")
        card = (await h.press(PARENT, results.data_for("Шахматы")))[0]
        assert card.method == "EditMessageText"
        assert "Оплачивается сертификатом финансирования" in (card.text or "")
        assert "сертификат покрывает 2\u00a0000\u00a0₽/мес, семья доплачивает 500\u00a0₽/мес" in (
            card.text or ""
        )
        asked = await h.press(PARENT, card.data_for("Подать заявку"))
        summary = next(s for s in asked if s.text)
        # before anything is filed: who, where, and what stays free on the certificate for other clubs
        assert "Подать заявку?" in (summary.text or "") and "свободно для других кружков останется" in (
            summary.text or ""
        )
        assert await session.scalar(select(func.count(Enrollment.id))) == 0
        await session.commit()  # end the read, so the bot may write
        cancelled = await h.press(PARENT, summary.data_for("Отмена"))
        assert "Заявка не подана" in next(s.text or "" for s in cancelled if s.text)
        assert await session.scalar(select(func.count(Enrollment.id))) == 0
        await session.commit()
        sent = await h.press(PARENT, summary.data_for("Да, подать"))
        told = next(s.text or "" for s in sent if "отправлена организации" in (s.text or ""))
        assert w.child.first_name in told and w.group.name in told  # who asked, and for which group
        again = await h.press(PARENT, card.data_for("Подать заявку"))
        assert any("уже есть заявка" in (s.text or "") for s in again)
        [mine] = await h.send(PARENT, "📋 Мои заявки")
        assert "ждёт решения организации" in (mine.text or "")
    e = await session.scalar(select(Enrollment).where(Enrollment.group_id == w.group.id))
    assert e is not None and e.status is EnrollmentStatus.PENDING


async def test_provider_confirms_and_forged_callbacks_change_nothing(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    monday = monday_morning(clock.now())
    clock.set(monday)
    w = await make.world(session, municipality)
    await make.provider(session, municipality, 6002)  # a stranger's organisation
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        await h.press(PARENT, EnCb(action="rf", id=w.group.id).pack())
        e = await _enrollment(sessionmaker)
        forged = await h.press(6002, PvCb(action="ok", id=e.id).pack())
        assert h.alerts(forged) == ["Это действие вам недоступно."]
        forged = await h.press(5999, EnCb(action="wr", id=e.id).pack())
        assert h.alerts(forged) == ["Это действие вам недоступно."]
        assert (await _enrollment(sessionmaker)).status is EnrollmentStatus.PENDING
        [listing] = await h.send(PROVIDER, "📥 Заявки на зачисление")
        assert f"Решить до {ru(monday + timedelta(days=7))}" in (listing.text or "")  # 5 working days
        done = await h.press(PROVIDER, listing.data_for("Подтвердить №1"))
        assert "Зачисление подтверждено" in (done[0].text or "")
        # not a dead end: the next requests, or the group the child joined
        assert done[0].data_for("К остальным заявкам") == PvCb(action="rq", id=0).pack()
        assert done[0].data_for("Ученики") == PvCb(action="st", id=w.group.id).pack()
        stale = await h.press(PROVIDER, listing.data_for("Подтвердить №1"))
        assert "уже принято решение" in h.alerts(stale)[0]
    e = await _enrollment(sessionmaker)
    group = await session.get(Group, w.group.id, populate_existing=True)
    assert e.status is EnrollmentStatus.ACTIVE and group is not None and group.seats_taken == 1


async def test_reject_with_reason_and_comment(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(session, municipality)
    async with Harness(settings, sessionmaker, clock) as h:
        await h.press(PARENT, EnCb(action="rf", id=w.group.id).pack())
        e = await _enrollment(sessionmaker)
        ask = await h.press(PROVIDER, PvCb(action="no", id=e.id).pack())
        assert "Документы" not in (ask[0].text or "") and ask[0].data_for("Нужны документы")
        sent = await h.press(PROVIDER, PvCb(action="nr", id=e.id, arg=2).pack())
        assert "комментарий" in (sent[0].text or "")
        [done] = await h.send(PROVIDER, "Принесите медицинскую справку")
        assert "отклонена" in (done.text or "")
    e = await _enrollment(sessionmaker)
    assert (e.status, e.reason, e.comment) == (
        EnrollmentStatus.REJECTED,
        "documents",
        "Принесите медицинскую справку",
    )


async def test_provider_creates_a_program_for_moderation_and_a_group(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    p = await make.provider(session, municipality, PROVIDER)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        [listing] = await h.send(PROVIDER, "📚 Мои программы")
        await h.press(PROVIDER, listing.data_for("Новая программа"))
        for answer in (
            "Юные программисты",
            "Пишем игры на Scratch и Python.",
            "с. Курсавка, ул. Красная, 40",
        ):
            await h.send(PROVIDER, answer)
        await h.press(PROVIDER, PvCb(action="fe", id=3, arg=0).pack())  # technical
        await h.press(PROVIDER, PvCb(action="fe", id=4, arg=1).pack())  # basic
        [bad] = await h.send(PROVIDER, "3-40")
        assert "от 5 до 18" in (bad.text or "")
        await h.send(PROVIDER, "9-13")
        await h.press(PROVIDER, PvCb(action="fe", id=6, arg=0).pack())  # certified
        await h.send(PROVIDER, "9")
        await h.send(PROVIDER, "2")
        [bad] = await h.send(PROVIDER, "дорого")
        assert "сумму в рублях" in (bad.text or "")
        await h.send(PROVIDER, "2 500")
        await h.send(PROVIDER, "2000")
        await h.send(PROVIDER, "15")
        await h.press(PROVIDER, PvCb(action="fe", id=12, arg=1).pack())  # no medical certificate
        await h.press(PROVIDER, PvCb(action="fe", id=13, arg=1).pack())  # at the child's school
        [bad] = await h.send(PROVIDER, "hello")
        assert "Выберите вариант кнопкой" in (bad.text or "")
        await h.press(PROVIDER, PvCb(action="fe", id=14, arg=0).pack())  # suits children with ОВЗ
        [bad] = await h.send(PROVIDER, "!!")
        assert "что адаптировано" in (bad.text or "")
        await h.send(PROVIDER, "Пандус, занятия в малой группе")
        [early] = await h.send_location(PROVIDER, 44.46, 42.51)
        assert "последнем шаге" in (early.text or "")
        ask = [s for s in await h.press(PROVIDER, PvCb(action="fe", id=16, arg=0).pack()) if s.text][-1]
        assert "Шаг 18 из 18" in (ask.text or "") and "Пропустить" in str(ask.buttons)
        [bad] = await h.send(PROVIDER, "95, 42.51")
        assert "широту и долготу" in (bad.text or "")
        [summary] = await h.send_location(PROVIDER, 44.460123, 42.510456)
        assert "Проверьте программу" in (summary.text or "")
        assert "Формат: очно, в школе ребёнка" in (summary.text or "")
        assert "Точка на карте: 44.460123, 42.510456" in (summary.text or "")
        async with sessionmaker() as s:
            assert await s.scalar(select(Program.id)) is None  # nothing saved before the end
        done = (await h.press(PROVIDER, PvCb(action="fs", id=0).pack()))[0]
        assert "отправлена на модерацию" in (done.text or "")
        async with sessionmaker() as s:
            program = await s.scalar(select(Program))
        assert program is not None and program.moderation is ModerationStatus.PENDING
        assert (program.provider_id, program.price_kopecks, program.age_max) == (p.id, 250_000, 13)
        assert (program.format, program.ovz_suited, program.ovz_adaptations, program.trial_lesson) == (
            ProgramFormat.AT_SCHOOL,
            True,
            "Пандус, занятия в малой группе",
            True,
        )
        assert (program.latitude, program.longitude) == (44.460123, 42.510456)

        await h.press(PROVIDER, PvCb(action="gn", id=program.id).pack())
        await h.send(PROVIDER, "Группа 1")
        [bad] = await h.send(PROVIDER, "каждый день")
        assert "Не понял расписание" in (bad.text or "")
        await h.send(PROVIDER, "Пн 16:00-17:30; ср 16.00–17.30")
        await h.send(PROVIDER, f"01.09.{year(2026)} - 31.05.{year(2027)}")
        await h.send(PROVIDER, "12")
        [created] = await h.send(PROVIDER, "Иванова Елена Петровна")
        assert "пн 16:00–17:30, ср 16:00–17:30" in (created.text or "")
        # Closing the group from a stranger's forged button: refused, and the group stays open.
        forged = await h.press(6999, PvCb(action="gc", id=1).pack())
        assert h.alerts(forged) == [STALE_BUTTON]
        assert [s.method for s in forged] == ["AnswerCallbackQuery"]
    group = await session.scalar(select(Group))
    assert group is not None and group.weekdays == 0b101 and group.enrollment_open


async def test_a_changed_program_goes_back_to_moderation(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(session, municipality)
    async with Harness(settings, sessionmaker, clock) as h:
        forged = await h.press(6002, PvCb(action="pe", id=w.program.id).pack())
        assert h.alerts(forged) == [STALE_BUTTON]
        assert [s.method for s in forged] == ["AnswerCallbackQuery"]
        await make.provider(session, municipality, 6002)
        await session.commit()
        forged = await h.press(6002, PvCb(action="pe", id=w.program.id).pack())
        assert h.alerts(forged) == ["Это действие вам недоступно."]
        sent = await h.press(PROVIDER, PvCb(action="pe", id=w.program.id).pack())
        assert any("Сейчас: Шахматы для начинающих" in (s.text or "") for s in sent)
        await h.send(PROVIDER, "Шахматы и шашки")
        for step in [*range(1, 15), 16, 17]:  # what is adapted is not asked: not suited to ОВЗ
            await h.press(PROVIDER, PvCb(action="fk", id=step).pack())
        await h.press(PROVIDER, PvCb(action="fs", id=0).pack())
    async with sessionmaker() as s:
        program = await s.get(Program, w.program.id)
    assert program is not None
    assert (program.title, program.moderation) == ("Шахматы и шашки", ModerationStatus.PENDING)
    assert " шашк" in program.search_terms and program.age_max == 12
