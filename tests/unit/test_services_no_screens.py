"""The domain core says what a message means, never how it looks: a queued button is an intent
(`outbox.button`) and an argument is the raw value. Escaping for HTML and packing callback data belong
to the renderer (bot/delivery/render.py); a service that did either would escape twice or send data
no handler answers."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from aiogram.filters.callback_data import CallbackData

from bot.delivery import render  # noqa: F401 - imports every factory an intent packs
from bot.keyboards import broadcasts, catalog, certificates, children, common, desk, events, money, provider

ROOT = Path(__file__).resolve().parents[2]
KEYBOARDS = (broadcasts, catalog, certificates, children, common, desk, events, money, provider)
ESCAPERS = {"escape", "escaped", "quote_html", "html_decoration"}


def callback_prefixes() -> set[str]:
    return {
        obj.__prefix__
        for module in KEYBOARDS
        for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, CallbackData) and obj is not CallbackData
    }


def screen_work(source: str, prefixes: set[str]) -> list[tuple[int, str]]:
    """(line, what) for each escape, escaping import, callback name or packed callback string."""
    packed = re.compile(rf"^({'|'.join(map(re.escape, sorted(prefixes)))}):[a-z]")
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            names = [a.name for a in node.names]
            if any(m.split(".")[0] in {"html", "markupsafe"} for m in modules) or ESCAPERS & set(names):
                found.append((line, "imports an escaper"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ESCAPERS or name == "pack":
                found.append((line, f"calls {name}()"))
        elif isinstance(node, ast.Name | ast.Attribute | ast.FunctionDef | ast.AsyncFunctionDef | ast.arg):
            name = getattr(node, "id", None) or getattr(node, "attr", None) or getattr(node, "name", None)
            name = name or getattr(node, "arg", "")
            if "callback" in name.lower():
                found.append((line, f"names {name}"))
        elif isinstance(node, ast.keyword) and node.arg and "callback" in node.arg.lower():
            found.append((line, f"passes {node.arg}="))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and (node.value == "callback_data" or packed.match(node.value))
        ):
            found.append((line, f"spells {node.value!r}"))
    return found


def test_no_service_escapes_html_or_builds_callback_data() -> None:
    prefixes = callback_prefixes()
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in sorted((ROOT / "bot" / "services").rglob("*.py"))
        for line, what in screen_work(path.read_text(encoding="utf-8"), prefixes)
    ]
    assert found == []


def test_the_check_sees_screen_work() -> None:
    prefixes = callback_prefixes()
    assert {"ce", "st", "pv", "en", "mo"} <= prefixes
    caught = [
        "import html",
        "from html import escape",
        "from markupsafe import escape",
        "x = html.escape(name)",
        "x = escaped(name, 40)",
        'b = {"text_key": "k", "callback_data": "x"}',
        'b = f"ce:card:{certificate_id}:"',
        'b = "mo:lessons:0:0:"',
        "b = MoneyCb(action='view', id=1).pack()",
        "def view_callback(certificate_id): ...",
        "LESSONS_CALLBACK = 1",
        "enqueue(callback_data=x)",
    ]
    for source in caught:
        assert screen_work(source, prefixes), source
    kept = [
        'key = f"ev:{event.id}:rm:{user_id}"',  # an outbox key, not callback data
        'key = f"bc:{broadcast.id}:{chat}"',
        'b = outbox.button("money-btn-view", outbox.Open.MONEY, 5)',
        'args = {"title": program.title}',
        '"""A forged or stale callback changes nothing."""',
    ]
    for source in kept:
        assert screen_work(source, prefixes) == [], source
