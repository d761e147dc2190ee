"""Told done ⇒ committed: the real bot process is killed (SIGKILL) at the very instant a confirmation
reaches Telegram, and what the confirmation speaks of must already be in the database.

Before the unit of work committed ahead of every Bot API call, the transaction was still open while
Telegram had the message: the kill left «Готово» on the person's screen and nothing in the database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.clock import Clock
from db.engine import create_engine, create_sessionmaker
from db.models import Certificate, CertificateApplication, Child, User
from tests.conftest import ADMIN_ID
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_bot_api import Call, FakeBotAPI, FakeUser
from tests.e2e.journey_helpers import (
    add_child,
    apply_for_certificate,
    fill_child_form,
    onboard,
    tap,
)

PARENT = 7301


async def _to_consent(parent: FakeUser, staff: FakeUser) -> Callable[[], Awaitable[Any]]:
    await parent.send("/start")
    await parent.wait_reply("Прочитайте, какие данные")
    await tap(parent, "Согласие на обработку", "Что мы собираем")
    return lambda: parent.press("Согласен")


async def _to_saving_a_child(parent: FakeUser, staff: FakeUser) -> Callable[[], Awaitable[Any]]:
    await onboard(parent)
    await fill_child_form(parent, "Смирнова", "Анна", "12.03.2017")
    return lambda: parent.press("Сохранить")


async def _to_applying(parent: FakeUser, staff: FakeUser) -> Callable[[], Awaitable[Any]]:
    await onboard(parent)
    await add_child(parent, "Смирнова", "Анна", "12.03.2017")
    await tap(parent, "Подать заявление на сертификат", "Выберите статус")
    await tap(parent, "Сертификат учёта", "Подать заявление?")
    return lambda: parent.press("Да, подать заявление")


async def _to_approving(parent: FakeUser, staff: FakeUser) -> Callable[[], Awaitable[Any]]:
    await onboard(parent)
    await add_child(parent, "Смирнова", "Анна", "12.03.2017")
    await apply_for_certificate(parent, "учёта")
    await staff.send("🗂 Заявления на сертификаты")
    queue = await staff.wait_reply("Ожидают решения")
    await staff.press("Смирнова", message=queue)
    decision = await staff.wait_reply("Сверьте данные")
    return lambda: staff.press("Одобрить: сертификат учёта", message=decision)


async def _count(sessionmaker: async_sessionmaker[AsyncSession], query: Any) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(query) or 0)


CASES = {
    # case: (steps up to the last tap, a fragment of the confirmation, what must be committed)
    "consent": (_to_consent, "Согласие получено", select(func.count()).where(User.consent_at.is_not(None))),
    "child saved": (_to_saving_a_child, "Сертификата пока нет", select(func.count(Child.id))),
    "application": (_to_applying, "подано", select(func.count(CertificateApplication.id))),
    "certificate issued": (_to_approving, "выдан", select(func.count(Certificate.id))),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_confirmation_is_sent_only_after_its_commit(
    case: str, fake_api: FakeBotAPI, tmp_path: Path
) -> None:
    steps, confirmation, committed = CASES[case]
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    async with BotProcess(fake_api, url, tmp_path, admin_ids=[ADMIN_ID]) as bot:
        await bot.run_cli("demo")
        await bot.start()
        last_tap = await steps(fake_api.user(PARENT), fake_api.user(ADMIN_ID))
        engine = create_engine(url)
        sessionmaker = create_sessionmaker(engine, Clock())
        try:
            before = await _count(sessionmaker, committed)
            killed = asyncio.Event()

            async def kill_at_the_confirmation(call: Call) -> None:
                if confirmation in str(call.params.get("text", "")) and not killed.is_set():
                    bot.kill()  # the process dies while Telegram has the message in hand
                    killed.set()

            fake_api.on_call = kill_at_the_confirmation
            await last_tap()
            await asyncio.wait_for(killed.wait(), timeout=20)
            await bot.wait_exit()
            assert await _count(sessionmaker, committed) == before + 1
        finally:
            await engine.dispose()
