"""No personal data in the logs, even at LOG_LEVEL=DEBUG: the real `python -m bot` process walks the
parent's journey (a child with patronymic and SNILS, the certificate approved, a search) and its whole
log is searched for what the parent typed, as typed and as the database stores it.

At DEBUG the SQL statements are logged (so the test sees the queries that carried those values); before
the engine hid parameters and the driver's own DEBUG lines were held back, 30 lines of one journey
quoted surnames, birth dates and SNILS."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ADMIN_ID
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_bot_api import FakeBotAPI
from tests.e2e.journey_helpers import ANDROPOV, apply_for_certificate, approve_first, onboard, say, tap

PARENT = 7601
SURNAME, NAME, PATRONYMIC, BIRTH = "Кузнецова", "Варвара", "Игоревна", "12.03.2017"
SNILS = "112-233-445 95"
PHONE = "+7 912 345-67-89"  # typed into the search, where a parent may type anything
TRACES = (
    SURNAME, NAME, PATRONYMIC, BIRTH, "2017-03-12", "2017, 3, 12",
    SNILS, "112-233-445", "11223344595", PHONE, "345-67-89", "79123456789", "9123456789",
)  # fmt: skip


async def test_a_journey_at_debug_logs_nothing_the_parent_typed(fake_api: FakeBotAPI, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    async with BotProcess(fake_api, url, tmp_path, admin_ids=[ADMIN_ID]) as bot:
        bot.env["LOG_LEVEL"] = "DEBUG"
        await bot.run_cli("demo")
        await bot.start()
        parent, staff = fake_api.user(PARENT), fake_api.user(ADMIN_ID)

        await onboard(parent)
        await say(parent, "👶 Мои дети", "Добавить")
        await tap(parent, "Добавить ребёнка", "фамилию")
        await say(parent, SURNAME, "имя ребёнка")
        await say(parent, NAME, "отчество")
        await say(parent, PATRONYMIC, "дату рождения")
        await say(parent, BIRTH, "муниципалитет")
        await tap(parent, ANDROPOV, "СНИЛС")
        await say(parent, SNILS, "Проверьте данные")
        await tap(parent, "Сохранить", "Сертификата пока нет")
        await apply_for_certificate(parent, "учёта")
        await approve_first(staff, SURNAME)
        await say(parent, "🔎 Найти кружок", "Поиск кружков")
        await say(parent, PHONE, "Ничего не нашлось")

        bot.terminate()
        assert await bot.wait_exit() == 0, bot.log[-3000:]
    log = bot.log
    # DEBUG was on: the statements that carried the values are in the log, the values are not.
    assert "INSERT INTO children" in log and "is handled" in log, log[-3000:]
    leaked = {trace: line for trace in TRACES for line in log.splitlines() if trace in line}
    assert leaked == {}
