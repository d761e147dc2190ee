"""Events: parents browse the upcoming ones (no consent needed), ask for reminders and choose their
interests."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.formatting import LABEL, escaped
from bot.keyboards import events as kb
from bot.keyboards.common import SettingsCb
from bot.services.clock import Clock
from bot.services.comms import events
from bot.services.family import interests
from bot.services.paging import page_of
from bot.views import events as views
from db.models import User

router = Router(name="events")


async def _parent_page(
    session: AsyncSession, user: User, page: int, clock: Clock, settings: Settings, i18n: I18nContext
) -> tuple[str, InlineKeyboardMarkup | None]:
    found = await events.fitting(session, user, clock.now(), clock.today())
    if not found:
        return i18n.get("events-none"), None
    shown = page_of(found, page, 1)
    event, names = shown.items[0]
    reminded = event.id in await events.reminded(session, user.id)
    text = i18n.get(
        "events-page",
        page=shown.page + 1,
        pages=shown.pages,
        card=views.card(i18n, event, settings),
        children=", ".join(escaped(name, LABEL) for name in names) or "none",
    )
    return text, kb.parent_page(i18n, event, shown.page, shown.pages, reminded)


@router.message(LazyFilter("menu-events"))
async def parent_list(
    message: Message, session: AsyncSession, user: User, clock: Clock, settings: Settings, i18n: I18nContext
) -> None:
    text, markup = await _parent_page(session, user, 0, clock, settings, i18n)
    await message.answer(text, reply_markup=markup)


async def _show_page(
    query: CallbackQuery,
    page: int,
    session: AsyncSession,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    text, markup = await _parent_page(session, user, page, clock, settings, i18n)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


@router.callback_query(kb.EventCb.filter(F.action == "page"))
async def parent_page(
    query: CallbackQuery,
    callback_data: kb.EventCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    await _show_page(query, callback_data.page, session, user, clock, settings, i18n)


@router.callback_query(kb.EventCb.filter(F.action == "remind"))
async def remind(
    query: CallbackQuery,
    callback_data: kb.EventCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    on = await events.toggle_reminder(session, user, callback_data.event_id, clock.now())
    await _show_page(query, callback_data.page, session, user, clock, settings, i18n)
    callback_answer.text = i18n.get("events-reminder-set" if on else "events-reminder-unset")


@router.callback_query(SettingsCb.filter(F.action == "interests"))
async def interests_open(query: CallbackQuery, user: User, i18n: I18nContext) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("events-interests-title"), reply_markup=kb.interests(i18n, user.interests or [])
        )


@router.callback_query(kb.InterestCb.filter())
async def interest_toggle(
    query: CallbackQuery, callback_data: kb.InterestCb, session: AsyncSession, user: User, i18n: I18nContext
) -> None:
    chosen = await interests.toggle(session, user, callback_data.direction.value)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=kb.interests(i18n, chosen))
