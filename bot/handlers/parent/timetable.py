"""«📅 Расписание»: each child's week of lessons, and the switch of the lesson reminders. A child's own
account (14+) sees his own week; the reminders are the parent's to switch (they go to him)."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.handlers.common.ui import show
from bot.keyboards import timetable as kb
from bot.keyboards.children import ChildCb
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.enrollment import requests as enrollment
from bot.services.family import timetable
from bot.views.timetable import week_text
from db.models import User

router = Router(name="timetable")


async def _show_week(
    target: CallbackQuery | Message,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
    child_id: int,
) -> None:
    week = await timetable.week(
        session, user_id=user.id, child_id=child_id, as_child=access.is_teen, today=clock.today()
    )
    parent = not access.is_teen
    markup = kb.week(
        i18n,
        child_id,
        reminders=week.child.lesson_reminders if parent else None,
        card=ChildCb(action="card", id=child_id) if parent else None,
    )
    await show(target, week_text(i18n, week, reminders=parent), markup)


@router.message(LazyFilter("menu-timetable"))
async def open_timetable(
    message: Message, session: AsyncSession, user: User, access: Access, i18n: I18nContext, clock: Clock
) -> None:
    children = await enrollment.children_of(session, user.id, as_child=access.is_teen)
    if not children:
        key = "timetable-teen-nothing" if access.is_teen else "timetable-no-children"
        await message.answer(i18n.get(key))
    elif len(children) == 1:
        await _show_week(message, session, user, access, i18n, clock, children[0].id)
    else:
        await message.answer(i18n.get("timetable-which-child"), reply_markup=kb.which_child(i18n, children))


@router.callback_query(kb.WeekCb.filter())
async def week(
    query: CallbackQuery,
    callback_data: kb.WeekCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    """Show the child's week; «rem» first switches his lesson reminders."""
    if callback_data.action == "rem":
        await timetable.toggle_reminders(session, parent_id=user.id, child_id=callback_data.id)
    await _show_week(query, session, user, access, i18n, clock, callback_data.id)
