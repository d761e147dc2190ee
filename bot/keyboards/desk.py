"""Callback data and keyboards of the staff desk: moderation, providers, import, reports, audit log.
Prefixes start with "ad"."""

from __future__ import annotations

from typing import Literal

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.callbacks import EXPORTS, AuditCb, ImpCb, ModCb, ProvAction, ProvCb, RepCb
from bot.keyboards.catalog import SynCb
from bot.keyboards.paging import nav_row
from bot.services.paging import Slice
from db.models import Program, Provider, ProviderKind, ProviderState, Register


def _built(kb: InlineKeyboardBuilder, width: int = 1) -> InlineKeyboardMarkup:
    kb.adjust(width)
    return kb.as_markup()


def moderation_queue(i18n: I18nContext, shown: Slice[Program]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for program in shown.items:
        kb.button(
            text=shorten(program.title, LABEL), callback_data=ModCb(action="open", program_id=program.id)
        )
    kb.adjust(1)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: ModCb(action="queue", program_id=p)))
    return kb.as_markup()


def moderation_card(i18n: I18nContext, program_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("desk-moderation-publish"), callback_data=ModCb(action="publish", program_id=program_id)
    )
    kb.button(
        text=i18n.get("desk-moderation-return"), callback_data=ModCb(action="return", program_id=program_id)
    )
    kb.button(
        text=i18n.get("desk-audit-open"), callback_data=AuditCb(object_type="program", object_id=program_id)
    )
    return _built(kb)


def registers(i18n: I18nContext, program: Program) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for register in Register:
        key = "desk-register-proposed" if register is program.register else "desk-register-choice"
        kb.button(
            text=i18n.get(key, register=register.value),
            callback_data=ModCb(action="register", program_id=program.id, reg=register),
        )
    return _built(_cancel(i18n, kb, program.id))


def keep_max(i18n: I18nContext, program: Program) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if program.max_students > 0:
        kb.button(
            text=i18n.get("desk-moderation-keep-max", max=program.max_students),
            callback_data=ModCb(action="keep_max", program_id=program.id),
        )
    return _built(_cancel(i18n, kb, program.id))


def _cancel(i18n: I18nContext, kb: InlineKeyboardBuilder, program_id: int) -> InlineKeyboardBuilder:
    """Every question of a moderation decision ends with «Cancel», which changes nothing."""
    kb.button(
        text=i18n.get("desk-moderation-cancel"), callback_data=ModCb(action="cancel", program_id=program_id)
    )
    return kb


def moderation_question(i18n: I18nContext, program_id: int) -> InlineKeyboardMarkup:
    """A typed answer's question: only «Cancel»."""
    return _built(_cancel(i18n, InlineKeyboardBuilder(), program_id))


def moderation_confirm(
    i18n: I18nContext, program_id: int, action: Literal["publish_ok", "return_ok"]
) -> InlineKeyboardMarkup:
    """The decision's summary: the one button that makes it, and «Cancel»."""
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("desk-moderation-confirm", action=action),
        callback_data=ModCb(action=action, program_id=program_id),
    )
    return _built(_cancel(i18n, kb, program_id))


def to_queue(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("desk-moderation-to-queue"), callback_data=ModCb(action="queue", program_id=0))
    return kb.as_markup()


def municipalities(names: list[tuple[int, str]], action: ProvAction) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for municipality_id, name in names:
        kb.button(
            text=shorten(name, LABEL), callback_data=ProvCb(action=action, municipality_id=municipality_id)
        )
    return _built(kb)


def providers_list(
    i18n: I18nContext, municipality_id: int, shown: Slice[tuple[Provider, int]]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for provider, programs in shown.items:
        mark = "⏸ " if provider.state is ProviderState.SUSPENDED else ""
        kb.button(
            text=f"{mark}{shorten(provider.name, LABEL)} ({programs})",
            callback_data=ProvCb(action="open", provider_id=provider.id),
        )
    kb.adjust(1)
    kb.row(
        *nav_row(
            i18n,
            shown.page,
            shown.pages,
            lambda p: ProvCb(action="muni", provider_id=p, municipality_id=municipality_id),
        )
    )
    rest = InlineKeyboardBuilder()
    rest.button(
        text=i18n.get("desk-provider-add"),
        callback_data=ProvCb(action="add", municipality_id=municipality_id),
    )
    rest.button(text=i18n.get("desk-import-open"), callback_data=ImpCb(action="start"))
    kb.attach(rest.adjust(1))
    return kb.as_markup()


def provider_card(i18n: I18nContext, provider: Provider) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("desk-provider-invite"), callback_data=ProvCb(action="invite", provider_id=provider.id)
    )
    if provider.state is ProviderState.ACTIVE:
        kb.button(
            text=i18n.get("desk-provider-suspend"),
            callback_data=ProvCb(action="suspend", provider_id=provider.id),
        )
    else:
        kb.button(
            text=i18n.get("desk-provider-resume"),
            callback_data=ProvCb(action="resume", provider_id=provider.id),
        )
    kb.button(
        text=i18n.get("desk-audit-open"), callback_data=AuditCb(object_type="provider", object_id=provider.id)
    )
    kb.button(
        text=i18n.get("desk-provider-back"),
        callback_data=ProvCb(action="muni", municipality_id=provider.municipality_id),
    )
    return _built(kb)


def provider_kinds(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind in ProviderKind:
        kb.button(text=i18n.get("desk-kind", kind=kind.value), callback_data=ProvCb(action="kind", kind=kind))
    return _built(kb)


def import_screen(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("desk-import-template"), callback_data=ImpCb(action="template"))
    kb.button(text=i18n.get("desk-import-cancel"), callback_data=ImpCb(action="cancel"))
    return _built(kb)


def import_confirm(i18n: I18nContext, programs: str) -> InlineKeyboardMarkup:
    """`programs`: what the file's programs may become (none in it, moderation, or staff's choice of
    moderation or publishing); each button says what it does to them."""
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("desk-import-confirm", programs=programs), callback_data=ImpCb(action="confirm"))
    if programs == "choice":
        kb.button(text=i18n.get("desk-import-confirm-publish"), callback_data=ImpCb(action="publish"))
    kb.button(text=i18n.get("desk-import-cancel"), callback_data=ImpCb(action="cancel"))
    return _built(kb)


def reports_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("desk-report-coverage"), callback_data=RepCb(action="coverage"))
    kb.button(text=i18n.get("desk-report-figures"), callback_data=RepCb(action="figures"))
    for what in EXPORTS:
        kb.button(
            text=i18n.get("desk-export-button", what=what), callback_data=RepCb(action="export", what=what)
        )
    kb.button(text=i18n.get("desk-audit-journal"), callback_data=RepCb(action="audit"))
    kb.button(text=i18n.get("catalog-synonyms-open"), callback_data=SynCb(action="list"))
    return _built(kb)
