"""Callback data and keyboards of the provider's desk (pv)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.callbacks import PvAction, PvCb
from bot.keyboards.desk import ImpCb
from bot.keyboards.paging import nav_row
from bot.services.paging import Slice
from db.models import Enrollment, Group, Program


def requests(i18n: I18nContext, shown: Slice[Enrollment]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for n, e in enumerate(shown.items, start=shown.first):
        kb.button(text=i18n.get("provider-btn-confirm-n", n=n), callback_data=PvCb(action="ok", id=e.id))
        kb.button(text=i18n.get("provider-btn-reject-n", n=n), callback_data=PvCb(action="no", id=e.id))
    kb.adjust(2)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: PvCb(action="rq", id=0, arg=p)))
    return kb.as_markup()


def after_decision(i18n: I18nContext, group_id: int, group_name: str) -> InlineKeyboardMarkup:
    """What a provider does next after deciding a request: the next requests, or the group's students."""
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("provider-btn-more-requests"), callback_data=PvCb(action="rq", id=0))
    kb.button(
        text=i18n.get("provider-btn-students", group=shorten(group_name, LABEL - 16)),
        callback_data=PvCb(action="st", id=group_id),
    )
    kb.adjust(1)
    return kb.as_markup()


def reasons(
    i18n: I18nContext,
    action: PvAction,
    object_id: int,
    names: tuple[str, ...],
    key: str,
    back: tuple[str, PvCb] | None = None,
) -> InlineKeyboardMarkup:
    """A button per reason, and `back` (its label and data) for changing one's mind."""
    kb = InlineKeyboardBuilder()
    for index, reason in enumerate(names):
        kb.button(
            text=i18n.get(key, reason=reason), callback_data=PvCb(action=action, id=object_id, arg=index)
        )
    if back is not None:
        kb.button(text=back[0], callback_data=back[1])
    kb.adjust(1)
    return kb.as_markup()


def skip_comment(i18n: I18nContext, enrollment_id: int, reason_index: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("provider-btn-no-comment"),
        callback_data=PvCb(action="ns", id=enrollment_id, arg=reason_index),
    )
    return kb.as_markup()


def programs(
    i18n: I18nContext, shown: Slice[Program], provider_ids: list[tuple[int, str]]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for n, program in enumerate(shown.items, start=shown.first):
        kb.button(
            text=f"{n}. {shorten(program.title, LABEL)}", callback_data=PvCb(action="pg", id=program.id)
        )
    kb.adjust(1)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: PvCb(action="pl", id=0, arg=p)))
    for provider_id, name in provider_ids:
        kb.row(
            InlineKeyboardButton(
                text=i18n.get("provider-btn-new-program", name=shorten(name, LABEL - 20)),
                callback_data=PvCb(action="pn", id=provider_id).pack(),
            )
        )
    kb.row(
        InlineKeyboardButton(text=i18n.get("desk-import-open"), callback_data=ImpCb(action="start").pack())
    )
    return kb.as_markup()


def program(i18n: I18nContext, item: Program, groups: Slice[Group]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for group in groups.items:
        toggle: tuple[PvAction, str] = (
            ("gc", "provider-btn-close") if group.enrollment_open else ("go", "provider-btn-open")
        )
        name = shorten(group.name, LABEL - 16)
        kb.button(
            text=i18n.get(toggle[1], group=name),
            callback_data=PvCb(action=toggle[0], id=group.id, arg=groups.page),
        )
        kb.button(
            text=i18n.get("provider-btn-students", group=name), callback_data=PvCb(action="st", id=group.id)
        )
        kb.button(
            text=i18n.get("provider-btn-archive-group", group=name),
            callback_data=PvCb(action="ga", id=group.id, arg=groups.page),
        )
    kb.adjust(3)
    kb.row(*nav_row(i18n, groups.page, groups.pages, lambda p: PvCb(action="pg", id=item.id, arg=p)))
    rest = InlineKeyboardBuilder()
    rest.button(text=i18n.get("provider-btn-new-group"), callback_data=PvCb(action="gn", id=item.id))
    rest.button(text=i18n.get("provider-btn-edit"), callback_data=PvCb(action="pe", id=item.id))
    rest.button(text=i18n.get("provider-btn-archive"), callback_data=PvCb(action="pa", id=item.id))
    rest.button(text=i18n.get("provider-btn-back"), callback_data=PvCb(action="pl", id=0))
    rest.adjust(1, 2, 1)
    kb.attach(rest)
    return kb.as_markup()


def students(
    i18n: I18nContext, shown: Slice[Enrollment], group_id: int, program_id: int
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for n, e in enumerate(shown.items, start=shown.first):
        kb.button(text=i18n.get("provider-btn-expel", n=n), callback_data=PvCb(action="ex", id=e.id))
    kb.adjust(1)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: PvCb(action="st", id=group_id, arg=p)))
    kb.row(
        InlineKeyboardButton(
            text=i18n.get("provider-btn-back-program"), callback_data=PvCb(action="pg", id=program_id).pack()
        )
    )
    return kb.as_markup()


def form_choices(
    i18n: I18nContext, step: int, options: list[str], key: str, can_keep: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for index, option in enumerate(options):
        kb.button(text=i18n.get(key, value=option), callback_data=PvCb(action="fe", id=step, arg=index))
    if can_keep:
        kb.button(text=i18n.get("provider-btn-keep"), callback_data=PvCb(action="fk", id=step))
    kb.adjust(2)
    return kb.as_markup()


def keep(i18n: I18nContext, step: int, label: str = "provider-btn-keep") -> InlineKeyboardMarkup:
    """Go on without an answer: keep what is there (editing) or skip an optional question."""
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get(label), callback_data=PvCb(action="fk", id=step))
    return kb.as_markup()


def submit(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("provider-btn-submit"), callback_data=PvCb(action="fs", id=0))
    return kb.as_markup()
