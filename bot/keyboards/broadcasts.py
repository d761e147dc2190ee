"""Callback data and keyboards of staff announcements (prefix bc)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.callbacks import BroadcastFormCb, BroadcastStopCb
from bot.services.comms.broadcasts import AUDIENCE_KINDS
from db.models import Direction, Municipality


def municipalities(municipalities: list[Municipality], locale: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for m in municipalities:
        kb.button(
            text=shorten(m.name(locale), LABEL),
            callback_data=BroadcastFormCb(action="mun", municipality_id=m.id),
        )
    kb.adjust(1)
    return kb.as_markup()


def audiences(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind in AUDIENCE_KINDS:
        kb.button(
            text=i18n.get(f"broadcasts-audience-{kind}"),
            callback_data=BroadcastFormCb(action="aud", value=kind),
        )
    kb.adjust(1)
    return kb.as_markup()


def directions(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for direction in Direction:
        kb.button(
            text=i18n.get(f"broadcasts-direction-{direction.value}"),
            callback_data=BroadcastFormCb(action="dir", value=direction.value),
        )
    kb.adjust(2)
    return kb.as_markup()


def confirm(i18n: I18nContext, count: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("broadcasts-send", count=count), callback_data=BroadcastFormCb(action="send"))
    kb.button(text=i18n.get("broadcasts-drop"), callback_data=BroadcastFormCb(action="drop"))
    kb.adjust(1)
    return kb.as_markup()


def stop(label: str, broadcast_id: int) -> InlineKeyboardMarkup:
    """`label` is translated by the caller: the progress job has no I18nContext."""
    kb = InlineKeyboardBuilder()
    kb.button(text=label, callback_data=BroadcastStopCb(broadcast_id=broadcast_id))
    return kb.as_markup()
