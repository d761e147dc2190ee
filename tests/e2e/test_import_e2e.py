"""The real bot over HTTP: files sent into the chat are downloaded, checked, previewed and imported
only on confirmation; broken files each get an answer and import nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.desk import imports
from db.models import Group, ModerationStatus, Municipality, Program, Provider, User
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.e2e.comms_helpers import eventually
from tests.e2e.fake_bot_api import FakeBotAPI
from tests.e2e.journey_helpers import settled
from tests.factories import PROGRAM_HEADER, program_row, xlsx

EMPLOYEE = 7801


async def rows(sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[int, int, int]:
    async with sessionmaker() as s:
        return (
            await s.scalar(select(func.count(Provider.id))) or 0,
            await s.scalar(select(func.count(Program.id))) or 0,
            await s.scalar(select(func.count(Group.id))) or 0,
        )


async def test_staff_import_broken_files_then_a_good_one(  # type: ignore[no-untyped-def]
    today: date,
    fake_api: FakeBotAPI,
    running_app,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
) -> None:
    await running_app()
    staff = fake_api.user(ADMIN_ID)
    await staff.send("/import")
    await staff.wait_reply("XLSX или CSV документом")

    broken = [
        ("notes.txt", b"just some words", "Это не таблица"),
        ("cols.xlsx", xlsx({"Программы": [["ИНН", "Цена"], ["1", "2"]]}), "не совпадают с шаблоном"),
        ("empty.csv", b"\r\n\r\n", "нет ни одной строки"),
        ("huge.xlsx", b"0" * (imports.MAX_FILE_BYTES + 1), "слишком большой"),
        (
            "values.xlsx",
            xlsx(
                {
                    "Поставщики": [
                        ["ИНН", "Наименование", "Тип", "Муниципалитет"],
                        ["7707083893", "Кванториум", "негосударственная", municipality.name_ru],
                        ["7707083893", "Кванториум-2", "негосударственная", municipality.name_ru],
                    ],
                    "Программы": [PROGRAM_HEADER, program_row("7707083893", age_max=19)],
                }
            ),
            "Строк с ошибками: 2",
        ),
    ]
    for name, content, answer in broken:
        await staff.send_document(name, content)
        await staff.wait_reply(answer)
    preview = staff.last()
    assert "строка 3: повторяет строку 2" in preview.text
    assert "«Возраст до» число должно быть от 5 до 18" in preview.text
    assert "Импортировать" not in " ".join(preview.button_texts())
    await settled(staff)
    assert await rows(sessionmaker) == (0, 0, 0)

    good = imports.template_xlsx(municipality.name_ru, today)
    await staff.send_document("good.xlsx", good)
    first_preview = await staff.wait_reply("Проверка файла")
    # Any file sent after the preview replaces it: the old confirmation no longer imports.
    await staff.send_document("notes.txt", b"not a table")
    await staff.wait_reply("Это не таблица")
    await staff.press("✅ Импортировать", message=first_preview)
    await staff.wait_reply("Эта проверка устарела", alert=True)
    await settled(staff)
    assert await rows(sessionmaker) == (0, 0, 0)

    await staff.send_document("good.xlsx", good)
    await staff.wait_reply("Проверка файла")
    assert "Программы: добавить 1, изменить 0" in staff.last().text
    # Each button says what happens to the programs, and the text above it agrees.
    assert "на модерацию или сразу опубликовать" in staff.last().text
    labels = staff.last().button_texts()
    assert "✅ Импортировать, программы — на модерацию" in labels
    assert "✅ Импортировать и опубликовать программы" in labels
    await staff.press("✅ Импортировать, программы — на модерацию")
    await staff.wait_reply("Загружено: поставщиков 1, программ 1, групп 1")
    # A second file right after an import is read as a new import, not as a message not understood.
    await staff.send_document("good.xlsx", good)
    await staff.wait_reply("Проверка файла")

    async def imported() -> None:
        assert await rows(sessionmaker) == (1, 1, 1)
        async with sessionmaker() as s:
            program = await s.scalar(select(Program))
        assert program is not None and program.moderation is ModerationStatus.PENDING

    await eventually(imported)


async def test_a_provider_imports_its_own_program_for_moderation(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI,
    running_app,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    owner = await make.provider(session, municipality, EMPLOYEE)
    await session.commit()
    await running_app()
    employee = fake_api.user(EMPLOYEE)
    # No /import first: a file from a provider's employee is an import whenever it comes.
    await employee.send_document("mine.xlsx", xlsx({"Программы": [PROGRAM_HEADER, program_row(owner.inn)]}))
    await employee.wait_reply("Проверка файла")
    assert "Новые и изменённые программы уйдут на модерацию" in employee.last().text
    assert "опубликовать" not in " ".join(employee.last().button_texts()).lower()
    await employee.press("✅ Импортировать")
    await employee.wait_reply("отправлены на модерацию")

    async def imported() -> None:
        async with sessionmaker() as s:
            program = await s.scalar(select(Program))
        assert program is not None and program.provider_id == owner.id
        assert program.moderation is ModerationStatus.PENDING

    await eventually(imported)


async def test_an_english_speaking_employee_is_told_what_the_import_does(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI,
    running_app,
    session: AsyncSession,
    municipality: Municipality,
) -> None:
    owner = await make.provider(session, municipality, EMPLOYEE)
    account = await session.get(User, EMPLOYEE)
    assert account is not None
    account.locale = "en"  # he chose English
    await session.commit()
    await running_app()
    employee = fake_api.user(EMPLOYEE, language_code="en")
    await employee.send_document("mine.xlsx", xlsx({"Программы": [PROGRAM_HEADER, program_row(owner.inn)]}))
    preview = await employee.wait_reply("File check")
    assert "New and changed programs go to moderation by the Support Centre" in preview.text
    assert "✅ Import, programs to moderation" in preview.button_texts()
