"""Callback data and keyboards of onboarding and settings."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.i18n import LOCALES
from bot.keyboards.callbacks import BrowseCb, ConsentCb, LangCb, RoleCb, SettingsCb
from db.models import Role


def consent_offer(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("consent-read"), callback_data=ConsentCb(action="show"))
    kb.button(text=i18n.get("menu-find"), callback_data=BrowseCb())
    kb.adjust(1)
    return kb.as_markup()


def consent_answer(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("consent-accept"), callback_data=ConsentCb(action="accept"))
    kb.button(text=i18n.get("consent-decline"), callback_data=ConsentCb(action="decline"))
    kb.adjust(1)
    return kb.as_markup()


def settings_menu(
    i18n: I18nContext, roles: list[Role], has_consent: bool, *, teen: bool = False
) -> InlineKeyboardMarkup:
    """Language, interests, the role switch and the consent; a child's own account (`teen`) has no
    consent of its own to give or withdraw: that is the parent's."""
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("settings-language"), callback_data=SettingsCb(action="lang"))
    kb.button(text=i18n.get("events-interests"), callback_data=SettingsCb(action="interests"))
    if len(roles) > 1:
        kb.button(text=i18n.get("settings-role"), callback_data=SettingsCb(action="role"))
    if teen:
        pass
    elif has_consent:
        kb.button(text=i18n.get("settings-withdraw-consent"), callback_data=ConsentCb(action="withdraw"))
    else:
        kb.button(text=i18n.get("consent-read"), callback_data=ConsentCb(action="show"))
    kb.adjust(1)
    return kb.as_markup()


def languages() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    names = {"ru": "🇷🇺 Русский", "en": "🇬🇧 English"}
    for locale in LOCALES:
        kb.button(text=names[locale], callback_data=LangCb(locale=locale))
    return kb.as_markup()


def roles_menu(i18n: I18nContext, roles: list[Role]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for role in roles:
        kb.button(text=i18n.get(f"role-{role.value}"), callback_data=RoleCb(role=role))
    kb.adjust(1)
    return kb.as_markup()


def withdraw_confirm(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("consent-withdraw-yes"), callback_data=ConsentCb(action="withdraw_confirm"))
    kb.button(text=i18n.get("consent-withdraw-no"), callback_data=SettingsCb(action="back"))
    kb.adjust(1)
    return kb.as_markup()
