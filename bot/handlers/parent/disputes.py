"""The family disputes a month's payment from the write-off notice («Ребёнок не занимался в этом
месяце»): a confirmation, then the dispute goes to the provider (bot/services/money/disputes.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.handlers.common.ui import reply, show
from bot.keyboards.disputes import DisputeCb, open_menu
from bot.services.clock import Clock
from bot.services.money import disputes
from bot.views.disputes import dispute_text
from db.models import User

router = Router(name="parent-disputes")


@router.callback_query(DisputeCb.filter(F.action.in_({"ask", "open"})))
async def dispute(
    query: CallbackQuery,
    callback_data: DisputeCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    """ask: under the notice (which stays as it is), what would be disputed and the button that does
    it; open: the dispute goes to the provider."""
    asking = callback_data.action == "ask"
    disputed = await (disputes.disputable if asking else disputes.open_dispute)(
        session,
        enrollment_id=callback_data.id,
        month=disputes.month_of_code(callback_data.month),
        parent_id=user.id,
        now=clock.now(),
    )
    if asking:
        markup = open_menu(i18n, callback_data.id, callback_data.month)
        await reply(query, dispute_text(i18n, "dispute-ask", disputed), markup)
    else:
        await show(query, dispute_text(i18n, "dispute-opened", disputed))
