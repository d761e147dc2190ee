"""Callback data and keyboards of certificates: the parent's side (prefix ce) and the staff's (st)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.callbacks import CertCb, StaffAction, StaffCb
from bot.keyboards.paging import nav_row
from bot.services.family.certificates import PERIOD_LIMITS, REJECT_REASONS
from bot.services.paging import Slice
from db.models import CertificateApplication, CertificateKind, CertificateState, Municipality, Provider


def kinds(i18n: I18nContext, child_id: int, financing_open: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if financing_open:
        kb.button(
            text=i18n.get("certificates-choose-financing"),
            callback_data=CertCb(action="kind", id=child_id, value=CertificateKind.FINANCING),
        )
    kb.button(
        text=i18n.get("certificates-choose-accounting"),
        callback_data=CertCb(action="kind", id=child_id, value=CertificateKind.ACCOUNTING),
    )
    kb.adjust(1)
    return kb.as_markup()


def confirm_application(i18n: I18nContext, child_id: int, kind: CertificateKind) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("certificates-file"), callback_data=CertCb(action="file", id=child_id, value=kind)
    )
    kb.button(text=i18n.get("certificates-other-kind"), callback_data=CertCb(action="apply", id=child_id))
    kb.button(text=i18n.get("certificates-keep"), callback_data=CertCb(action="keep", id=child_id))
    kb.adjust(1)
    return kb.as_markup()


def queue(i18n: I18nContext, shown: Slice[CertificateApplication]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for application in shown.items:
        child = application.child
        kb.button(
            text=i18n.get(
                "certificates-queue-item",
                id=application.id,
                name=shorten(child.full_name, LABEL - 20) if child else "—",
                kind=application.requested_kind.value,
            ),
            callback_data=StaffCb(action="app", id=application.id),
        )
    kb.adjust(1)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: StaffCb(action="list", id=p)))
    return kb.as_markup()


def application(i18n: I18nContext, app: CertificateApplication) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("certificates-approve", kind=app.requested_kind.value),
        callback_data=StaffCb(action="ok", id=app.id, value=app.requested_kind.value),
    )
    if app.requested_kind is CertificateKind.FINANCING:
        kb.button(
            text=i18n.get("certificates-approve", kind=CertificateKind.ACCOUNTING.value),
            callback_data=StaffCb(action="ok", id=app.id, value=CertificateKind.ACCOUNTING.value),
        )
    kb.button(text=i18n.get("certificates-reject"), callback_data=StaffCb(action="rej", id=app.id))
    kb.button(text=i18n.get("certificates-to-queue"), callback_data=StaffCb(action="list"))
    kb.adjust(1)
    return kb.as_markup()


def quota_exhausted(i18n: I18nContext, application_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("certificates-approve", kind=CertificateKind.ACCOUNTING.value),
        callback_data=StaffCb(action="ok", id=application_id, value=CertificateKind.ACCOUNTING.value),
    )
    kb.button(text=i18n.get("certificates-reject"), callback_data=StaffCb(action="rej", id=application_id))
    kb.adjust(1)
    return kb.as_markup()


def reasons(i18n: I18nContext, application_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for reason in REJECT_REASONS:
        kb.button(
            text=i18n.get("certificates-reason", reason=reason),
            callback_data=StaffCb(action="why", id=application_id, value=reason),
        )
    kb.button(text=i18n.get("certificates-back"), callback_data=StaffCb(action="app", id=application_id))
    kb.adjust(1)
    return kb.as_markup()


def no_comment(i18n: I18nContext, application_id: int, reason: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("certificates-no-comment"),
        callback_data=StaffCb(action="nocom", id=application_id, value=reason),
    )
    return kb.as_markup()


def next_application(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("certificates-next"), callback_data=StaffCb(action="list"))
    return kb.as_markup()


def staff_card(i18n: I18nContext, certificate_id: int, state: CertificateState) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    actions: dict[CertificateState, tuple[StaffAction, ...]] = {
        CertificateState.ACTIVE: ("suspend", "close"),
        CertificateState.SUSPENDED: ("resume", "close"),
        CertificateState.CLOSED: (),
    }
    for action in actions[state]:
        kb.button(
            text=i18n.get(f"certificates-do-{action}"),
            callback_data=StaffCb(action=action, id=certificate_id),
        )
    kb.adjust(1)
    return kb.as_markup()


def municipalities(i18n: I18nContext, items: list[Municipality]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for municipality in items:
        kb.button(
            text=shorten(municipality.name(i18n.locale), LABEL),
            callback_data=StaffCb(action="mun", id=municipality.id),
        )
    kb.adjust(1)
    return kb.as_markup()


def period(i18n: I18nContext, period_id: int, municipality_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for field in PERIOD_LIMITS:
        kb.button(
            text=i18n.get("certificates-period-set", field=field),
            callback_data=StaffCb(action="per", id=period_id, value=field),
        )
    kb.button(
        text=i18n.get("certificates-invite-staff"), callback_data=StaffCb(action="invs", id=municipality_id)
    )
    kb.button(
        text=i18n.get("certificates-invite-provider"),
        callback_data=StaffCb(action="invp", id=municipality_id),
    )
    kb.adjust(1)
    return kb.as_markup()


def providers(i18n: I18nContext, shown: Slice[Provider], municipality_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for provider in shown.items:
        kb.button(text=shorten(provider.name, LABEL), callback_data=StaffCb(action="invpp", id=provider.id))
    kb.adjust(1)
    kb.row(
        *nav_row(
            i18n, shown.page, shown.pages, lambda p: StaffCb(action="invp", id=municipality_id, value=str(p))
        )
    )
    kb.row(
        InlineKeyboardButton(
            text=i18n.get("certificates-back"), callback_data=StaffCb(action="mun", id=municipality_id).pack()
        )
    )
    return kb.as_markup()
