"""A dispute's texts as the family, the provider and staff see them on their screens."""

from __future__ import annotations

import html
from typing import Any

from aiogram_i18n import I18nContext

from bot.delivery.render import localize_args
from bot.services.money.disputes import Disputed


def dispute_text(i18n: I18nContext, key: str, disputed: Disputed, **more: Any) -> str:
    """The text `key` about `disputed`: the child, the group, the month and its sums in the reader's
    language, as the queued notes about it say them."""
    args = {k: html.escape(v) if isinstance(v, str) else v for k, v in disputed.args(**more).items()}
    return i18n.get(key, **localize_args(args, i18n.locale))
