"""Callback data and keyboards of the certificate's money: the balance view, its history, the status,
the child's own account, and the provider's lesson report."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.callbacks import FitCb, MoneyCb
from bot.keyboards.paging import nav_row
from bot.services.money.balances import Fit, MoneyView
from bot.services.paging import Slice
from db.models import Certificate, CertificateKind, Group


def card_buttons(i18n: I18nContext, certificate: Certificate) -> list[list[InlineKeyboardButton]]:
    """Rows for the certificate card: what still fits its free money (a financing certificate's), the
    history of operations and the money view (status change, linking the child's account)."""
    certificate_id = certificate.id
    fits = InlineKeyboardButton(
        text=i18n.get("money-btn-fits"), callback_data=FitCb(action="list", id=certificate_id).pack()
    )
    return [
        *([[fits]] if certificate.kind is CertificateKind.FINANCING else []),
        [
            InlineKeyboardButton(
                text=i18n.get("money-btn-history"),
                callback_data=MoneyCb(action="hist", id=certificate_id).pack(),
            )
        ],
        [
            InlineKeyboardButton(
                text=i18n.get("money-btn-manage"),
                callback_data=MoneyCb(action="view", id=certificate_id).pack(),
            )
        ],
    ]


def view_menu(i18n: I18nContext, view: MoneyView) -> InlineKeyboardMarkup:
    certificate = view.holder.certificate
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("money-btn-history"), callback_data=MoneyCb(action="hist", id=certificate.id))
    if certificate.kind is CertificateKind.FINANCING:
        kb.button(text=i18n.get("money-btn-fits"), callback_data=FitCb(action="list", id=certificate.id))
    kb.button(
        text=i18n.get(f"money-btn-kind-{view.other_kind.value}"),
        callback_data=MoneyCb(action="kind", id=certificate.id),
    )
    if view.can_link_child:
        kb.button(text=i18n.get("money-btn-link"), callback_data=MoneyCb(action="link", id=certificate.id))
    kb.adjust(1)
    return kb.as_markup()


def kind_confirm(i18n: I18nContext, certificate_id: int, to: CertificateKind) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("money-btn-kind-confirm"),
        callback_data=MoneyCb(action="kindok", id=certificate_id, to=to),
    )
    kb.button(text=i18n.get("money-btn-back"), callback_data=MoneyCb(action="back", id=certificate_id))
    kb.adjust(1)
    return kb.as_markup()


def history_pages(i18n: I18nContext, certificate_id: int, page: int, pages: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(
        *nav_row(
            i18n,
            page,
            pages,
            lambda p: MoneyCb(action="hist", id=certificate_id, page=p),
            "money-btn-newer",
            "money-btn-older",
        )
    )
    kb.row(
        InlineKeyboardButton(
            text=i18n.get("money-btn-back"), callback_data=MoneyCb(action="back", id=certificate_id).pack()
        )
    )
    return kb.as_markup()


def back_to_view(i18n: I18nContext, certificate_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("money-btn-back"), callback_data=MoneyCb(action="back", id=certificate_id))
    return kb.as_markup()


def groups_menu(i18n: I18nContext, shown: Slice[Group]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for group in shown.items:
        kb.button(
            text=i18n.get(
                "money-lessons-group",
                program=shorten(group.program.title, LABEL // 2),
                group=shorten(group.name, LABEL // 2),
            ),
            callback_data=MoneyCb(action="group", id=group.id),
        )
    kb.adjust(1)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: MoneyCb(action="lpage", page=p)))
    return kb.as_markup()


def fits_menu(
    i18n: I18nContext, certificate_id: int, shown: Slice[Fit], first: int = 0
) -> InlineKeyboardMarkup:
    """A button per program: the first pressed is kept (`first`), the second opens the comparison."""
    kb = InlineKeyboardBuilder()
    for n, fit in enumerate(shown.items, start=shown.first):
        if fit.program.id == first:
            continue
        data = (
            FitCb(action="cmp", id=certificate_id, page=shown.page, a=first, b=fit.program.id)
            if first
            else FitCb(action="pick", id=certificate_id, page=shown.page, a=fit.program.id)
        )
        kb.button(
            text=i18n.get("money-fits-pick", n=n, title=shorten(fit.program.title, LABEL - 8)),
            callback_data=data,
        )
    kb.adjust(1)
    kb.row(
        *nav_row(
            i18n,
            shown.page,
            shown.pages,
            lambda p: FitCb(action="pick" if first else "list", id=certificate_id, page=p, a=first),
        )
    )
    kb.row(
        InlineKeyboardButton(
            text=i18n.get("money-btn-back"), callback_data=MoneyCb(action="back", id=certificate_id).pack()
        )
    )
    return kb.as_markup()


def compare_menu(i18n: I18nContext, certificate_id: int, page: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("money-btn-fits-back"), callback_data=FitCb(action="list", id=certificate_id, page=page)
    )
    kb.button(text=i18n.get("money-btn-back"), callback_data=MoneyCb(action="back", id=certificate_id))
    kb.adjust(1)
    return kb.as_markup()
