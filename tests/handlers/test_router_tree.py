"""Each dispatcher builds its own router tree from the handler modules, so two in one process (a
restart, consecutive tests) both work and share no router."""

from __future__ import annotations

import re
from pathlib import Path

from aiogram import Router
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot.handlers
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


def test_handler_modules_set_no_filter_on_their_whole_router() -> None:
    """`fresh` copies a module's handlers, not filters or middlewares set on its whole router: those
    belong to the audience's setup() (`audience(..., roles)`), where they are applied once."""
    pattern = re.compile(r"\brouter\.\w+\.(filter|middleware|outer_middleware)\(")
    root = Path(bot.handlers.__file__).parent
    offending = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path.name != "routing.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offending == []
