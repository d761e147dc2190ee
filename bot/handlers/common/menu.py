"""/start with consent and invites, /menu, /help, /cancel, settings: language, role, consent."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import BotCommand, BotCommandScopeChat, CallbackQuery, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.cores.base import BaseCore
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.formatting import day
from bot.handlers.common.ui import refusal
from bot.keyboards import common as kb
from bot.keyboards.menu import main_menu
from bot.services.accounts import invites
from bot.services.accounts.access import Access, load_access
from bot.services.clock import Clock
from bot.services.errors import DomainError, NotAllowed
from bot.services.family import consent
from db.models import Role, User

router = Router(name="common")

COMMANDS = ("start", "menu", "help", "cancel")


def bot_commands_for(core: BaseCore[Any], locale: str) -> list[BotCommand]:
    return [BotCommand(command=c, description=core.get(f"cmd-{c}", locale)) for c in COMMANDS]


async def show_menu(
    message: Message, i18n: I18nContext, access: Access, text_key: str = "menu-title"
) -> None:
    await message.answer(i18n.get(text_key), reply_markup=main_menu(i18n, access.menu))


async def ask_for_consent(message: Message, i18n: I18nContext) -> None:
    """Shown wherever personal data would be asked for before the parent agreed."""
    await message.answer(i18n.get("consent-needed"), reply_markup=kb.consent_offer(i18n))


@router.message(CommandStart(deep_link=True, magic=F.args.startswith(invites.PREFIX)))
async def start_with_invite(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    settings: Settings,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    await state.clear()
    try:
        redeemed = await invites.redeem(session, command.args or "", user, clock.now())
    except DomainError as error:
        await message.answer(refusal(i18n, error))
        return
    access = await load_access(session, user, settings.admin_ids)
    await message.answer(
        i18n.get(f"invite-accepted-{redeemed.role.value}", name=redeemed.target_name),
        reply_markup=main_menu(i18n, access.menu),
    )


@router.message(CommandStart())
async def start(message: Message, state: FSMContext, user: User, access: Access, i18n: I18nContext) -> None:
    await state.clear()
    if access.is_teen:  # a child's own account: his menu, not the parent's onboarding and consent
        await show_menu(message, i18n, access, "start-welcome-teen")
        return
    if not user.has_consent and access.role is Role.PARENT and len(access.roles) > 1:
        # An officer (ADMIN_IDS) or an employee met for the first time comes to work, not to enroll a
        # child: open his desk; the parent side stays one switch away in the settings.
        user.active_role = access.roles[-1]
        await show_menu(message, i18n, access, f"start-welcome-{user.active_role.value}")
        return
    if user.has_consent or access.role is not Role.PARENT:
        await show_menu(message, i18n, access, "start-welcome-back")
        return
    await message.answer(i18n.get("start-welcome"), reply_markup=main_menu(i18n, access.menu))
    await message.answer(i18n.get("consent-offer"), reply_markup=kb.consent_offer(i18n))


@router.message(Command("menu"))
async def menu(message: Message, state: FSMContext, access: Access, i18n: I18nContext) -> None:
    await state.clear()
    await show_menu(message, i18n, access)


@router.message(Command("help"))
@router.message(LazyFilter("menu-help"))
async def help_(message: Message, access: Access, i18n: I18nContext) -> None:
    await message.answer(i18n.get(f"help-{access.menu}"), reply_markup=main_menu(i18n, access.menu))


@router.message(Command("cancel"))
async def cancel(message: Message, state: FSMContext, access: Access, i18n: I18nContext) -> None:
    had_form = await state.get_state() is not None
    await state.clear()
    await show_menu(message, i18n, access, "cancel-done" if had_form else "cancel-nothing")


def _consent_given(user: User, settings: Settings, i18n: I18nContext) -> str:
    assert user.consent_at is not None
    given = user.consent_at.astimezone(settings.tz).date()
    return i18n.get("consent-already-given", date=day(given, i18n.locale))


@router.callback_query(kb.ConsentCb.filter(F.action == "show"))
async def consent_show(query: CallbackQuery, user: User, settings: Settings, i18n: I18nContext) -> None:
    if isinstance(query.message, Message):
        if user.has_consent:  # an old offer pressed again: say where things stand instead of asking twice
            await query.message.edit_text(_consent_given(user, settings, i18n), reply_markup=None)
        else:
            await query.message.answer(i18n.get("consent-text"), reply_markup=kb.consent_answer(i18n))


@router.callback_query(kb.ConsentCb.filter(F.action == "accept"))
async def consent_accept(
    query: CallbackQuery,
    session: AsyncSession,
    user: User,
    access: Access,
    settings: Settings,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    if user.has_consent:
        if isinstance(query.message, Message):
            await query.message.edit_text(_consent_given(user, settings, i18n), reply_markup=None)
        return
    await consent.accept(session, user, clock.now())
    if isinstance(query.message, Message):
        # The answered question says how it was answered, so it cannot be answered again.
        await query.message.edit_text(i18n.get("consent-text-accepted"), reply_markup=None)
        await query.message.answer(i18n.get("consent-accepted"), reply_markup=main_menu(i18n, access.menu))


@router.callback_query(kb.ConsentCb.filter(F.action == "decline"))
async def consent_decline(
    query: CallbackQuery, user: User, access: Access, settings: Settings, i18n: I18nContext
) -> None:
    if isinstance(query.message, Message):
        if user.has_consent:  # declining an old copy does not withdraw a consent given since
            await query.message.edit_text(_consent_given(user, settings, i18n), reply_markup=None)
        else:
            await query.message.edit_text(i18n.get("consent-text-declined"), reply_markup=None)
            await query.message.answer(
                i18n.get("consent-declined"), reply_markup=main_menu(i18n, access.menu)
            )


@router.callback_query(kb.ConsentCb.filter(F.action == "withdraw"))
async def consent_withdraw_ask(query: CallbackQuery, i18n: I18nContext) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("consent-withdraw-ask"), reply_markup=kb.withdraw_confirm(i18n)
        )


@router.callback_query(kb.ConsentCb.filter(F.action == "withdraw_confirm"))
async def consent_withdraw(
    query: CallbackQuery,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    if not user.has_consent:
        raise DomainError("consent-withdraw-none")
    await state.clear()
    removed = await consent.withdraw(session, user, clock.now(), clock.today())
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("consent-withdrawn", children=removed))


@router.message(LazyFilter("menu-settings"))
async def settings_open(message: Message, user: User, access: Access, i18n: I18nContext) -> None:
    await message.answer(
        i18n.get(
            "settings-title", language=i18n.get(f"lang-{user.locale}"), role=i18n.get(f"role-{access.menu}")
        ),
        reply_markup=kb.settings_menu(i18n, access.roles, user.has_consent, teen=access.is_teen),
    )


@router.callback_query(kb.SettingsCb.filter(F.action == "back"))
async def settings_back(query: CallbackQuery, user: User, access: Access, i18n: I18nContext) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get(
                "settings-title",
                language=i18n.get(f"lang-{user.locale}"),
                role=i18n.get(f"role-{access.menu}"),
            ),
            reply_markup=kb.settings_menu(i18n, access.roles, user.has_consent, teen=access.is_teen),
        )


@router.callback_query(kb.SettingsCb.filter(F.action == "lang"))
async def settings_language(query: CallbackQuery, i18n: I18nContext) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("settings-language-choose"), reply_markup=kb.languages())


@router.callback_query(kb.LangCb.filter())
async def set_language(
    query: CallbackQuery, callback_data: kb.LangCb, bot: Bot, user: User, access: Access, i18n: I18nContext
) -> None:
    if callback_data.locale not in i18n.core.available_locales:
        raise NotAllowed()
    await i18n.set_locale(callback_data.locale, user=user)
    await bot.set_my_commands(
        bot_commands_for(i18n.core, callback_data.locale), scope=BotCommandScopeChat(chat_id=user.id)
    )
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("settings-language-set"))
        await query.message.answer(i18n.get("menu-title"), reply_markup=main_menu(i18n, access.menu))


@router.callback_query(kb.SettingsCb.filter(F.action == "role"))
async def settings_role(query: CallbackQuery, access: Access, i18n: I18nContext) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("settings-role-choose"), reply_markup=kb.roles_menu(i18n, access.roles)
        )


@router.callback_query(kb.RoleCb.filter())
async def set_role(
    query: CallbackQuery,
    callback_data: kb.RoleCb,
    state: FSMContext,
    user: User,
    access: Access,
    i18n: I18nContext,
) -> None:
    if not access.has(callback_data.role):
        raise NotAllowed()
    await state.clear()
    user.active_role = callback_data.role
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("settings-role-set", role=i18n.get(f"role-{callback_data.role}"))
        )
        await query.message.answer(i18n.get("menu-title"), reply_markup=main_menu(i18n, callback_data.role))
