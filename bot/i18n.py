"""Fluent translations (locales/<lang>/*.ftl) through aiogram-i18n; the user's language lives in the DB."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiogram.types import User as TgUser
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager

from db.models import User

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LOCALES = ("ru", "en")


class Translations(FluentRuntimeCore):
    """The parsed .ftl files, loaded once and kept to the end of the process. One instance serves the
    dispatcher and the code outside it: the dispatcher's startup does not parse the files a second
    time (about 5 MiB and half a second at start), and its shutdown does not drop them under handlers
    still finishing or the outbox sender (that was `KeyError: 'ru'` on SIGTERM)."""

    async def startup(self) -> None:
        if not self.locales:
            await super().startup()

    async def shutdown(self) -> None:
        return None


def create_core(default_locale: str = "ru") -> FluentRuntimeCore:
    # Each message is compiled when it is first used: compiling all of them up front cost the start
    # a quarter of a second of CPU and 2 MiB for texts most processes never show.
    return Translations(path=LOCALES_DIR / "{locale}", default_locale=default_locale, pre_compile=False)


async def load_core(default_locale: str = "ru") -> FluentRuntimeCore:
    """A ready core for code outside the dispatcher (the sender, the CLI, tests)."""
    core = create_core(default_locale)
    await core.startup()
    return core


def client_locale(language_code: str | None, default: str) -> str:
    lang = (language_code or "").split("-")[0].lower()
    return lang if lang in LOCALES else default


class UserLocaleManager(BaseManager):
    """The locale is the one saved on the account; a new account starts with the client's language."""

    async def get_locale(
        self, user: User | None = None, event_from_user: TgUser | None = None, **_: Any
    ) -> str:
        if user is not None:
            return user.locale
        code = event_from_user.language_code if event_from_user else None
        return client_locale(code, self.default_locale or "ru")

    async def set_locale(self, locale: str, user: User | None = None, **_: Any) -> None:
        if user is not None:
            user.locale = locale
