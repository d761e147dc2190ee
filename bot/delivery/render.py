"""What a queued message looks like in its recipient's language: the one place that turns an outbox
payload (bot/services/outbox.py) into text and buttons. String arguments are escaped for HTML here,
money and dates are formatted for the language, and each button's intent is packed by its keyboard's
CallbackData factory, so a queued button always matches the handler that answers it. Markup belongs
in the .ftl text: an argument is always shown as the text it holds."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n.cores import FluentRuntimeCore

from bot.formatting import day, rub
from bot.keyboards.catalog import EnCb
from bot.keyboards.certificates import CertCb, StaffCb
from bot.keyboards.children import ChildCb
from bot.keyboards.disputes import DisputeCb
from bot.keyboards.money import MoneyCb
from bot.keyboards.provider import PvCb
from bot.services.outbox import FORMAT, Open

INTENTS: dict[Open, Callable[[int, int], CallbackData]] = {
    Open.CERTIFICATE: lambda id_, _: CertCb(action="card", id=id_),
    Open.MONEY: lambda id_, _: MoneyCb(action="view", id=id_),
    Open.LESSONS: lambda _, __: MoneyCb(action="lessons"),
    Open.APPLICATION: lambda id_, _: StaffCb(action="app", id=id_),
    Open.CONFIRM_REQUEST: lambda id_, _: PvCb(action="ok", id=id_),
    Open.REJECT_REQUEST: lambda id_, _: PvCb(action="no", id=id_),
    Open.ACCEPT_OFFER: lambda id_, _: EnCb(action="wa", id=id_),
    Open.DECLINE_OFFER: lambda id_, _: EnCb(action="wx", id=id_),
    Open.DISPUTE_ASK: lambda id_, month: DisputeCb(action="ask", id=id_, month=month),
    Open.DISPUTE_AGREE: lambda id_, _: DisputeCb(action="agree", id=id_),
    Open.DISPUTE_CONFIRM: lambda id_, _: DisputeCb(action="confirm", id=id_),
    Open.DISPUTE_FOR_FAMILY: lambda id_, _: DisputeCb(action="family", id=id_),
    Open.DISPUTE_FOR_PROVIDER: lambda id_, _: DisputeCb(action="provider", id=id_),
    Open.PATH: lambda id_, _: ChildCb(action="next", id=id_),
}


def localize_args(args: dict[str, Any], locale: str) -> dict[str, Any]:
    """Arguments are stored raw; money and dates are formatted in the recipient's language here:
    `x_kopecks` (int) also gives `x` as money, `x_date` (ISO date) also gives `x` as a date."""
    out = dict(args)
    for name, value in args.items():
        if name.endswith("_kopecks") and isinstance(value, int):
            out[name.removesuffix("_kopecks")] = rub(value, locale)
        elif name.endswith("_date") and isinstance(value, str):
            out[name.removesuffix("_date")] = day(date.fromisoformat(value), locale)
    return out


def _escaped(args: dict[str, Any]) -> dict[str, Any]:
    """Text a person typed (a name, a title, a comment) shown in an HTML message."""
    return {name: html.escape(value) if isinstance(value, str) else value for name, value in args.items()}


def _text(core: FluentRuntimeCore, locale: str, spec: dict[str, Any], *, escape: bool) -> str:
    if "text" in spec:
        return str(spec["text"])
    args = spec.get("args", {})
    return core.get(spec["text_key"], locale, **localize_args(_escaped(args) if escape else args, locale))


def callback_data(spec: dict[str, Any]) -> str | None:
    """A queued button's callback data: its intent packed, or what an older row stored."""
    if "open" in spec:
        return INTENTS[Open(spec["open"])](spec["id"], spec.get("arg", 0)).pack()
    return spec.get("callback_data")


def _button(core: FluentRuntimeCore, locale: str, spec: dict[str, Any]) -> InlineKeyboardButton:
    # A label is plain text to Telegram: its arguments are never escaped.
    text = _text(core, locale, spec, escape=False)
    return InlineKeyboardButton(text=text, callback_data=callback_data(spec), url=spec.get("url"))


def render(
    core: FluentRuntimeCore, locale: str, payload: dict[str, Any]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message's text and keyboard in `locale`. A row queued before intents (no `v`) keeps the
    arguments it escaped itself and the callback data it packed."""
    rows = [[_button(core, locale, spec) for spec in row] for row in payload.get("buttons") or []]
    text = _text(core, locale, payload, escape=payload.get("v", 1) >= FORMAT)
    return text, InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
