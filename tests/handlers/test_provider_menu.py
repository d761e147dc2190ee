"""A provider finds the file import and the lessons report from his menu."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.desk import ImpCb
from db.models import Municipality, Role, User
from tests import factories as make
from tests.handlers.harness import Harness

EMPLOYEE = 6101


async def test_my_programs_offers_the_import_and_it_opens(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    await make.provider(session, municipality, EMPLOYEE)
    await session.commit()
    async with Harness(settings, sessionmaker) as h:
        listing = await h.send(EMPLOYEE, "📚 Мои программы")
        data = listing[-1].data_for("Загрузить программы из файла")
        assert data == ImpCb(action="start").pack()
        opened = await h.press(EMPLOYEE, data)
    assert any("Скачать шаблон" in label for s in opened for label, _ in s.buttons)


async def test_the_lessons_report_is_a_menu_button(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    await make.provider(session, municipality, EMPLOYEE)
    employee = await session.get(User, EMPLOYEE)
    assert employee is not None
    employee.active_role = Role.PROVIDER
    await session.commit()
    async with Harness(settings, sessionmaker) as h:
        menu = await h.send(EMPLOYEE, "/menu")
        assert "🗓 Отчёт о занятиях" in menu[-1].reply_buttons
        reply = await h.send(EMPLOYEE, "🗓 Отчёт о занятиях")
    assert "нет групп платных программ" in (reply[-1].text or "")
