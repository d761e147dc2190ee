"""Every button's callback data is declared in bot/keyboards/callbacks.py, each factory with its own
prefix: two factories sharing one would each unpack the other's buttons."""

from __future__ import annotations

import inspect
from pathlib import Path

from aiogram.filters.callback_data import CallbackData

from bot.keyboards import callbacks

ROOT = Path(__file__).resolve().parents[2]


def test_each_factory_has_its_own_prefix() -> None:
    factories = [
        obj
        for obj in vars(callbacks).values()
        if inspect.isclass(obj) and issubclass(obj, CallbackData) and obj is not CallbackData
    ]
    prefixes = [f.__prefix__ for f in factories]
    assert len(factories) >= 20
    assert len(prefixes) == len(set(prefixes)), sorted(prefixes)


def test_no_factory_is_declared_elsewhere() -> None:
    elsewhere = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if path.name != "callbacks.py" and "(CallbackData, prefix=" in path.read_text(encoding="utf-8")
    ]
    assert elsewhere == []
