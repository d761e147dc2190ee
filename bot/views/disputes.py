"""A dispute's texts as the family, the provider and staff see them on their screens."""

from __future__ import annotations

import html
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.render import localize_args
from bot.keyboards import disputes as kb
from bot.keyboards.paging import page_note
from bot.services.money import disputes
from bot.services.money.disputes import Disputed, kept_share
from bot.services.paging import page_of


def dispute_text(i18n: I18nContext, key: str, disputed: Disputed, **more: Any) -> str:
    """The text `key` about `disputed`: the child, the group, the month and its sums in the reader's
    language, as the queued notes about it say them."""
    args = {k: html.escape(v) if isinstance(v, str) else v for k, v in disputed.args(**more).items()}
    return i18n.get(key, **localize_args(args, i18n.locale))


async def waiting_screen(
    session: AsyncSession, i18n: I18nContext, dispute_ids: list[int], page: int, *, staff: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the disputes waiting for the provider (to answer) or for staff (to settle), numbered
    as the buttons under it are."""
    if not dispute_ids:
        return i18n.get("dispute-waiting-empty"), None
    shown = page_of(dispute_ids, page)
    lines = []
    for n, (dispute, disputed) in enumerate(await disputes.shown(session, shown.items), start=shown.first):
        percent = dispute.share_percent or 0
        more = {"percent": percent, "kept_kopecks": kept_share(disputed.amount, percent)} if staff else {}
        line = "dispute-line-staff" if staff else "dispute-line-provider"
        lines.append(dispute_text(i18n, line, disputed, n=n, **more))
    head = "dispute-waiting-staff" if staff else "dispute-waiting-provider"
    text = i18n.get(head, count=shown.total, lines="\n\n".join(lines))
    return text + page_note(i18n, shown.page, shown.pages), kb.waiting(i18n, shown, staff=staff)
