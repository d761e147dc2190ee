"""Callback data and keyboards of the parent's children section (prefix ch)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.callbacks import CaCb, ChildAction, ChildCb
from bot.keyboards.certificates import CertCb
from bot.keyboards.paging import nav_row
from bot.keyboards.timetable import WeekCb
from bot.services.paging import Slice
from db.models import Child, Direction, Municipality, Program


def field_key(field: str) -> str:
    """'last_name' -> 'last-name', the spelling of i18n keys."""
    return field.replace("_", "-")


def children_list(i18n: I18nContext, shown: Slice[tuple[Child, str]]) -> InlineKeyboardMarkup:
    """`shown`: a page of the children, each with his certificate status (a key suffix: none, pending,
    active, ...)."""
    kb = InlineKeyboardBuilder()
    for child, status in shown.items:
        kb.button(
            text=i18n.get("children-list-item", name=shorten(child.full_name, LABEL), status=status),
            callback_data=ChildCb(action="card", id=child.id),
        )
    kb.adjust(1)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: ChildCb(action="list", id=p)))
    kb.row(InlineKeyboardButton(text=i18n.get("children-add"), callback_data=ChildCb(action="add").pack()))
    return kb.as_markup()


def skip(i18n: I18nContext, label: str = "children-skip") -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get(label), callback_data=ChildCb(action="skip"))
    return kb.as_markup()


def municipalities(i18n: I18nContext, items: list[Municipality]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for municipality in items:
        kb.button(
            text=shorten(municipality.name(i18n.locale), LABEL),
            callback_data=ChildCb(action="mun", id=municipality.id),
        )
    kb.adjust(1)
    return kb.as_markup()


def summary(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("children-save"), callback_data=ChildCb(action="save"))
    kb.button(text=i18n.get("children-fix"), callback_data=ChildCb(action="fix"))
    kb.button(text=i18n.get("children-cancel"), callback_data=ChildCb(action="cancel"))
    kb.adjust(1)
    return kb.as_markup()


def fields(
    i18n: I18nContext, fields: tuple[str, ...], action: ChildAction, child_id: int = 0
) -> InlineKeyboardMarkup:
    """Which field to change: in the form before saving (fixf) or on a saved child (field)."""
    kb = InlineKeyboardBuilder()
    for field in fields:
        kb.button(
            text=i18n.get(f"children-field-{field_key(field)}"),
            callback_data=ChildCb(action=action, id=child_id, value=field),
        )
    back = ChildCb(action="card", id=child_id) if child_id else ChildCb(action="back")
    kb.button(text=i18n.get("children-back"), callback_data=back)
    kb.adjust(2)
    return kb.as_markup()


def card(
    i18n: I18nContext, child_id: int, *, certificate_id: int | None, can_apply: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if certificate_id is not None:
        kb.button(
            text=i18n.get("children-open-certificate"), callback_data=CertCb(action="card", id=certificate_id)
        )
    if can_apply:
        kb.button(text=i18n.get("children-apply"), callback_data=CertCb(action="apply", id=child_id))
    kb.button(text=i18n.get("timetable-open"), callback_data=WeekCb(action="show", id=child_id))
    kb.button(text=i18n.get("children-interests"), callback_data=ChildCb(action="int", id=child_id))
    kb.button(text=i18n.get("path-open"), callback_data=ChildCb(action="next", id=child_id))
    kb.button(text=i18n.get("children-edit"), callback_data=ChildCb(action="edit", id=child_id))
    kb.button(text=i18n.get("children-delete"), callback_data=ChildCb(action="del", id=child_id))
    kb.button(text=i18n.get("children-to-list"), callback_data=ChildCb(action="list"))
    kb.adjust(1)
    return kb.as_markup()


def interests(i18n: I18nContext, child_id: int, chosen: list[str]) -> InlineKeyboardMarkup:
    """The directions, the chosen ones marked ✅; a press switches one."""
    kb = InlineKeyboardBuilder()
    for direction in Direction:
        mark = "✅ " if direction.value in chosen else ""
        kb.button(
            text=mark + i18n.get(f"events-direction-{direction.value}"),
            callback_data=ChildCb(action="intd", id=child_id, value=direction.value),
        )
    kb.button(text=i18n.get("children-interests-done"), callback_data=ChildCb(action="card", id=child_id))
    kb.adjust(2, 2, 2, 1)
    return kb.as_markup()


def path(i18n: I18nContext, child_id: int, programs: list[Program]) -> InlineKeyboardMarkup:
    """«Что дальше»: each suggested program opens its catalogue card, costed for this child."""
    kb = InlineKeyboardBuilder()
    for n, program in enumerate(programs, 1):
        kb.button(
            text=i18n.get("path-step-button", n=n, title=shorten(program.title, LABEL)),
            callback_data=CaCb(act="child", id=child_id, arg=program.id),
        )
    kb.button(text=i18n.get("path-back"), callback_data=ChildCb(action="card", id=child_id))
    kb.adjust(1)
    return kb.as_markup()


def delete_confirm(i18n: I18nContext, child_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("children-delete-yes"), callback_data=ChildCb(action="delok", id=child_id))
    kb.button(text=i18n.get("children-delete-no"), callback_data=ChildCb(action="card", id=child_id))
    kb.adjust(1)
    return kb.as_markup()


def to_list(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("children-to-list"), callback_data=ChildCb(action="list"))
    return kb.as_markup()
