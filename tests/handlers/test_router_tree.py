"""Each dispatcher builds its own router tree from the handler modules, so two in one process (a
restart, consecutive tests) both work and share no router."""

from __future__ import annotations

from aiogram import Router
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.handlers.staff import certificates
from bot.keyboards.certificates import StaffCb
from bot.services.clock import FrozenClock
from tests.handlers.harness import STALE_BUTTON, Harness


def tree(router: Router) -> list[Router]:
    return [router, *(r for sub in router.sub_routers for r in tree(sub))]


async def test_two_dispatchers_in_one_process_each_have_their_own_routers(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    async with (
        Harness(settings, sessionmaker, clock) as first,
        Harness(settings, sessionmaker, clock) as second,
    ):
        shared = {id(r) for r in tree(first.dp)} & {id(r) for r in tree(second.dp)}
        assert not shared
        assert certificates.router.parent_router is None  # the module's router is only a template
        for h in (first, second):
            assert "бот дополнительного образования" in ((await h.send(5401, "/start"))[0].text or "")
            # the staff router's role filter applies to what was copied from its modules
            assert h.alerts(await h.press(5401, StaffCb(action="list").pack())) == [STALE_BUTTON]
