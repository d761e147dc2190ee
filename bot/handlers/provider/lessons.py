"""The provider's monthly report of lessons given, per group: the share of the month's lessons that
the write-off charges for (the provider router's role filter applies)."""

from __future__ import annotations

import html
from datetime import date

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.handlers.common.ui import refusal, show
from bot.keyboards import money as kb
from bot.keyboards.paging import page_note
from bot.services import rules
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.errors import DomainError
from bot.services.money import writeoffs
from bot.services.paging import LIST_BUTTONS, page_of
from db.models import Group, User

router = Router(name="lessons")


class LessonsForm(StatesGroup):
    percent = State()


def _lessons_menu(i18n: I18nContext, groups: list[Group], page: int) -> tuple[str, InlineKeyboardMarkup]:
    shown = page_of(groups, page, LIST_BUTTONS)
    text = i18n.get("money-lessons-choose" if groups else "money-lessons-no-groups")
    return text + page_note(i18n, shown.page, shown.pages), kb.groups_menu(i18n, shown)


@router.message(Command("lessons"))
@router.message(LazyFilter("menu-provider-lessons"))
async def lessons_command(message: Message, session: AsyncSession, access: Access, i18n: I18nContext) -> None:
    groups = await writeoffs.reportable_groups(session, access.provider_ids)
    text, markup = _lessons_menu(i18n, groups, 0)
    await message.answer(text, reply_markup=markup)


@router.callback_query(kb.MoneyCb.filter(F.action == "lessons"))
async def lessons_button(
    query: CallbackQuery, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    if isinstance(query.message, Message):
        await lessons_command(query.message, session, access, i18n)


@router.callback_query(kb.MoneyCb.filter(F.action == "lpage"))
async def lessons_page(
    query: CallbackQuery, callback_data: kb.MoneyCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    groups = await writeoffs.reportable_groups(session, access.provider_ids)
    text, markup = _lessons_menu(i18n, groups, callback_data.page)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


@router.callback_query(kb.MoneyCb.filter(F.action == "group"))
async def lessons_group(
    query: CallbackQuery,
    callback_data: kb.MoneyCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    group = await writeoffs.own_group(session, access.provider_ids, callback_data.id)
    month = writeoffs.reporting_month(clock.local_now())
    await state.set_state(LessonsForm.percent)
    await state.update_data(group_id=group.id, month=month.isoformat())
    await show(
        query,
        i18n.get(
            "money-lessons-ask",
            program=html.escape(group.program.title),
            group=html.escape(group.name),
            month=f"{month:%m.%Y}",
        ),
        None,
    )


@router.message(LessonsForm.percent)
async def lessons_percent(
    message: Message, state: FSMContext, session: AsyncSession, access: Access, user: User, i18n: I18nContext
) -> None:
    try:
        percent = rules.percent(message.text or "", "money-lessons-bad-percent")
    except DomainError as error:
        await message.answer(refusal(i18n, error))
        return
    data = await state.get_data()
    try:
        group = await writeoffs.report_lessons(
            session,
            provider_ids=access.provider_ids,
            actor_id=user.id,
            group_id=int(data["group_id"]),
            month=date.fromisoformat(data["month"]),
            percent=percent,
        )
    except DomainError as error:
        await state.clear()
        await message.answer(refusal(i18n, error))
        return
    await state.clear()
    await message.answer(i18n.get("money-lessons-saved", group=html.escape(group.name), percent=percent))
