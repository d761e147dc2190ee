"""Any callback data, from an old keyboard or forged, is answered: a button whose data does not fit its
factory is "this button is old" (the catch-all in bot/handlers/common/fallback.py), never a crash, never a
change. The factories are found by looking into bot/keyboards, so a new one is covered as it is added."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import types
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin

import pytest
from aiogram import Router
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from pydantic.fields import FieldInfo
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot.keyboards
from bot.config import Settings
from bot.keyboards.base import OneOf
from db.base import Base
from db.models import Municipality
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.handlers.harness import STALE_BUTTON, Harness


def _factories() -> list[type[CallbackData]]:
    found: set[type[CallbackData]] = set()
    for info in pkgutil.iter_modules(bot.keyboards.__path__, "bot.keyboards."):
        module = importlib.import_module(info.name)
        found |= {
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, CallbackData) and value is not CallbackData
        }
    return sorted(found, key=lambda factory: factory.__prefix__)


FACTORIES = _factories()


def _accepted(name: str, field: FieldInfo) -> list[str]:
    """The values a field declares it takes, the first a valid one."""
    for meta in field.metadata:
        if isinstance(meta, OneOf):
            return [value for value in meta.allowed if value] or [""]
    annotation = field.annotation
    options = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else (annotation,)
    for option in options:
        if isinstance(option, type) and issubclass(option, Enum):
            return [str(member.value) for member in option]
        if get_origin(option) is Literal and [v for v in get_args(option) if v]:
            return [str(v) for v in get_args(option) if v]
    if annotation is int and field.metadata:  # bounded, as bot.keyboards.base.Id
        return ["1"]
    raise AssertionError(
        f"{name}: {annotation} says nothing of what it may hold; use Id, Literal, an enum or one_of"
    )


def _valid(factory: type[CallbackData]) -> list[str]:
    return [factory.__prefix__] + [_accepted(n, f)[0] for n, f in factory.model_fields.items()]


TOO_BIG = [str(2**63), str(2**64), "-1", str(10**30)]
GARBAGE = "\x00💥'\"<>"
LONG = "я" * 36  # 72 bytes


def forged(factory: type[CallbackData]) -> list[str]:
    """The factory's valid data with one field spoiled at a time, then spoiled as a whole."""
    valid = _valid(factory)
    spoiled: list[str] = []
    for index, field in enumerate(factory.model_fields.values(), start=1):
        numeric = field.annotation is int
        for bad in [*(TOO_BIG if numeric else []), "x", GARBAGE, LONG]:
            spoiled.append(":".join([*valid[:index], bad, *valid[index + 1 :]]))
    if len(valid) > 1:
        spoiled.append(":".join(valid[:-1]))  # a part missing
    spoiled += [":".join([*valid, "1"]), f"{factory.__prefix__}:{GARBAGE}", f"{factory.__prefix__}:{LONG}"]
    return spoiled


def _registered(router: Router) -> set[type[CallbackData]]:
    found: set[type[CallbackData]] = set()
    for handler in router.callback_query.handlers:
        for f in handler.filters or []:
            if isinstance(f.callback, CallbackQueryFilter):
                found.add(f.callback.callback_data)
    for sub in router.sub_routers:
        found |= _registered(sub)
    return found


async def _rows(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, list[Any]]:
    async with sessionmaker() as s:
        return {
            table.name: [tuple(row) for row in await s.execute(select(table))]
            for table in Base.metadata.sorted_tables
        }


async def test_the_dispatcher_handles_the_factories_of_bot_keyboards(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with Harness(settings, sessionmaker) as h:
        assert _registered(h.dp) == set(FACTORIES)


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda factory: factory.__prefix__)
def test_data_out_of_its_range_does_not_unpack(factory: type[CallbackData]) -> None:
    assert factory.unpack(":".join(_valid(factory))).pack() == ":".join(_valid(factory))
    for data in forged(factory):
        with pytest.raises((TypeError, ValueError)):
            factory.unpack(data)
            pytest.fail(f"{data!r} unpacked")


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda factory: factory.__prefix__)
async def test_a_forged_or_old_button_is_answered_as_old_and_changes_nothing(
    factory: type[CallbackData],
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The account holds every role (staff through ADMIN_IDS, provider, parent of a child), so every
    # router would take the button if its data fitted; the rows make id 1 exist.
    await make.world(session, municipality, parent_id=ADMIN_ID, provider_user=ADMIN_ID)
    async with Harness(settings, sessionmaker) as h:
        await h.send(ADMIN_ID, "/start")
        before = await _rows(sessionmaker)
        caplog.set_level(logging.WARNING)
        for data in forged(factory):
            sent = await h.press(ADMIN_ID, data)
            assert [s.method for s in sent] == ["AnswerCallbackQuery"], data
            assert h.alerts(sent) == [STALE_BUTTON], data
        assert await _rows(sessionmaker) == before
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_an_old_button_and_one_not_yours_are_told_apart(core, locale: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: "this button is old" (press /menu again) is not "this is not yours" (nothing to retry)."""
    assert core.get("fallback-button", locale) != core.get("error-not-allowed", locale)
