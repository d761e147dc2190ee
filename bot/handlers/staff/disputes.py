"""Staff settle a dispute the provider answered by confirming lessons: for the family (the month's
payment goes back) or for the provider (it keeps the share it confirmed)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.handlers.common.ui import show
from bot.keyboards.disputes import DisputeCb, more_waiting
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.money import disputes
from bot.views.disputes import dispute_text, waiting_screen
from db.models import User

router = Router(name="staff-disputes")


@router.callback_query(DisputeCb.filter(F.action == "to_settle"))
async def waiting(
    query: CallbackQuery, callback_data: DisputeCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    """The disputes the providers answered, waiting for this staff member's municipalities."""
    ids = await disputes.awaiting_staff(session, access.staff_municipality_ids)
    await show(query, *await waiting_screen(session, i18n, ids, callback_data.id, staff=True))


@router.callback_query(DisputeCb.filter(F.action.in_({"family", "provider"})))
async def settle(
    query: CallbackQuery,
    callback_data: DisputeCb,
    session: AsyncSession,
    access: Access,
    user: User,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    dispute, disputed = await disputes.settle(
        session,
        dispute_id=callback_data.id,
        scope=access.staff_municipality_ids,
        actor_id=user.id,
        for_family=callback_data.action == "family",
        now=clock.now(),
    )
    side = dispute.settled_for.value if dispute.settled_for else ""
    still = await disputes.awaiting_staff(session, access.staff_municipality_ids)
    more = more_waiting(i18n, len(still), staff=True)
    await show(
        query,
        dispute_text(
            i18n, "dispute-settled-staff", disputed, side=side, refund_kopecks=dispute.refund_kopecks
        ),
        more,
    )
