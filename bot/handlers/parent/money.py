"""The certificate's money in chat: the balance view and its history, the status change, the child's
own account (a one-time link from the parent), and the provider's report of lessons given."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.formatting import LINE, escaped, rub
from bot.handlers.common.ui import refusal, show
from bot.keyboards import money as kb
from bot.keyboards.menu import main_menu
from bot.keyboards.paging import page_note
from bot.services.accounts.access import load_access
from bot.services.clock import Clock
from bot.services.errors import DomainError, NotAllowed
from bot.services.money import balances as money
from bot.views.certificates import money_line
from db.models import User

router = Router(name="money")


RESERVE_LINES = 10  # clubs listed under the reserve; a certificate's money pays for few at once


def view_text(i18n: I18nContext, view: money.MoneyView) -> str:
    certificate = view.holder.certificate
    locale = i18n.locale
    lines = [
        i18n.get(
            "money-view-reserve-line",
            program=escaped(r.program, LINE),
            group=escaped(r.group, LINE),
            monthly=rub(r.monthly, locale),
            held=rub(r.held, locale),
        )
        for r in view.reserves[:RESERVE_LINES]
    ]
    if len(view.reserves) > RESERVE_LINES:
        lines.append(i18n.get("money-view-reserve-more", n=len(view.reserves) - RESERVE_LINES))
    return i18n.get(
        f"money-view-{certificate.kind.value}",
        number=certificate.number,
        child=html.escape(view.holder.child.first_name),
        total=rub(view.balance.balance + view.balance.reserved, locale),
        free=rub(view.balance.balance, locale),
        reserved=rub(view.balance.reserved, locale),
        reserves="".join(f"\n   {line}" for line in lines),
    )


@router.message(CommandStart(deep_link=True, magic=F.args.startswith(money.LINK_PREFIX)))
async def start_link(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    await state.clear()
    code = (command.args or "").removeprefix(money.LINK_PREFIX)
    try:
        view = await money.redeem_link_code(session, code, user.id, clock.today(), clock.now())
    except DomainError as error:
        await message.answer(refusal(i18n, error))
        return
    access = await load_access(session, user, settings.admin_ids)  # the link has just made it a teen's
    await message.answer(i18n.get("money-link-done-child"), reply_markup=main_menu(i18n, access.menu))
    await message.answer(view_text(i18n, view), reply_markup=kb.view_menu(i18n, view))


@router.message(Command("balance"))
@router.message(LazyFilter("menu-teen-certificate"))
async def balance_command(
    message: Message, session: AsyncSession, user: User, clock: Clock, i18n: I18nContext
) -> None:
    views = await money.views_of(session, user.id, clock.today())
    if not views:
        await message.answer(i18n.get("money-none"))
    for view in views:
        await message.answer(view_text(i18n, view), reply_markup=kb.view_menu(i18n, view))


@router.callback_query(kb.MoneyCb.filter(F.action.in_({"view", "back"})))
async def open_view(
    query: CallbackQuery,
    callback_data: kb.MoneyCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    view = await money.view(session, callback_data.id, user.id, clock.today())
    if callback_data.action == "back":
        await show(query, view_text(i18n, view), kb.view_menu(i18n, view))
        return
    if isinstance(query.message, Message):
        # A notification or the card stays as it was: the view comes as a new message under it.
        await query.message.answer(view_text(i18n, view), reply_markup=kb.view_menu(i18n, view))


@router.callback_query(kb.MoneyCb.filter(F.action == "hist"))
async def open_history(
    query: CallbackQuery,
    callback_data: kb.MoneyCb,
    session: AsyncSession,
    user: User,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    page = await money.history(session, callback_data.id, user.id, callback_data.page)
    lines = [money_line(i18n, line, settings) for line in page.lines]
    text = i18n.get(
        "money-history",
        page=page.page + 1,
        pages=page.pages,
        lines="\n\n".join(lines) or i18n.get("money-history-empty"),
    )
    await show(query, text, kb.history_pages(i18n, callback_data.id, page.page, page.pages))


@router.callback_query(kb.MoneyCb.filter(F.action == "kind"))
async def ask_kind(
    query: CallbackQuery,
    callback_data: kb.MoneyCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    view = await money.view(session, callback_data.id, user.id, clock.today())
    target = view.other_kind
    await show(
        query, i18n.get(f"money-kind-ask-{target.value}"), kb.kind_confirm(i18n, callback_data.id, target)
    )


@router.callback_query(kb.MoneyCb.filter(F.action == "kindok"))
async def change_kind(
    query: CallbackQuery,
    callback_data: kb.MoneyCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    target = callback_data.to
    if not target:
        raise NotAllowed()
    view = await money.change_kind(session, callback_data.id, user.id, target, clock.today(), clock.now())
    if isinstance(query.message, Message):
        await query.message.edit_text(view_text(i18n, view), reply_markup=kb.view_menu(i18n, view))
    callback_answer.text = i18n.get(f"money-kind-done-{target.value}")
    callback_answer.show_alert = True


@router.callback_query(kb.MoneyCb.filter(F.action == "link"))
async def link_child(
    query: CallbackQuery,
    callback_data: kb.MoneyCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    code = await money.issue_link_code(session, callback_data.id, user.id, clock.today(), clock.now())
    me = await bot.me()
    link = f"https://t.me/{me.username}?start={money.LINK_PREFIX}{code}"
    await show(query, i18n.get("money-link-code", link=link), kb.back_to_view(i18n, callback_data.id))


def fits_text(i18n: I18nContext, fits: money.Fits, first: str | None) -> str:
    locale = i18n.locale
    lines = [
        i18n.get(
            "money-fits-line",
            n=n,
            title=escaped(fit.program.title, LINE),
            monthly=rub(fit.monthly, locale),
            months=fit.months,
            left=fits.months_left,
            whole="yes" if fit.whole else "no",
        )
        for n, fit in enumerate(fits.shown.items, start=fits.shown.first)
    ]
    text = i18n.get(
        "money-fits",
        number=fits.holder.certificate.number,
        child=escaped(fits.holder.child.first_name, LINE),
        free=rub(fits.free, locale),
        months=fits.months_left,
        count=fits.shown.total,
        lines="\n\n".join(lines),
    )
    if fits.shown.total:
        text += "\n\n" + (
            i18n.get("money-fits-second", title=escaped(first, LINE))
            if first
            else i18n.get("money-fits-hint")
        )
    return text + page_note(i18n, fits.shown.page, fits.shown.pages)


@router.callback_query(kb.FitCb.filter(F.action.in_({"list", "pick"})))
async def open_fits(
    query: CallbackQuery,
    callback_data: kb.FitCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    """«What still fits»; after a first pick, the same list asks for the second program to compare."""
    first = callback_data.a if callback_data.action == "pick" else 0
    fits = await money.fits(session, callback_data.id, user.id, clock.today(), callback_data.page, first)
    title = fits.first.title if fits.first else None
    first = fits.first.id if fits.first else 0
    await show(query, fits_text(i18n, fits, title), kb.fits_menu(i18n, callback_data.id, fits.shown, first))


@router.callback_query(kb.FitCb.filter(F.action == "cmp"))
async def compare(
    query: CallbackQuery,
    callback_data: kb.FitCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    holder, both = await money.compare(
        session, callback_data.id, user.id, (callback_data.a, callback_data.b), clock.today()
    )
    locale = i18n.locale
    columns: dict[str, str] = {}
    for side, compared in zip(("a", "b"), both, strict=True):
        q = compared.quote
        columns |= {
            f"title_{side}": escaped(compared.program.title, LINE),
            f"price_{side}": rub(q.price_monthly, locale),
            f"certificate_{side}": rub(q.certificate_monthly, locale),
            f"family_{side}": rub(q.family_monthly, locale),
            f"reserve_{side}": rub(q.reserve_total, locale),
            f"left_{side}": rub(q.left, locale),
        }
    text = i18n.get(
        "money-compare",
        number=holder.certificate.number,
        free=rub(both[0].quote.balance, locale),
        **columns,
    )
    await show(query, text, kb.compare_menu(i18n, callback_data.id, callback_data.page))
