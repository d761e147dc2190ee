"""The provider answers a family's dispute of a month's payment: agree (the money goes back) or
confirm the share of lessons the child attended (staff then decide)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.handlers.common.ui import refusal, show
from bot.keyboards.disputes import DisputeCb, more_waiting
from bot.services import rules
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.errors import DomainError
from bot.services.money import disputes
from bot.views.disputes import dispute_text, waiting_screen
from db.models import User

router = Router(name="provider-disputes")


class ShareForm(StatesGroup):
    percent = State()


async def _more(session: AsyncSession, access: Access, i18n: I18nContext) -> InlineKeyboardMarkup | None:
    waiting = await disputes.awaiting_provider(session, access.provider_ids)
    return more_waiting(i18n, len(waiting), staff=False)


@router.callback_query(DisputeCb.filter(F.action == "to_answer"))
async def waiting(
    query: CallbackQuery, callback_data: DisputeCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    """The disputes the provider has not answered: found again when the notification was missed."""
    ids = await disputes.awaiting_provider(session, access.provider_ids)
    await show(query, *await waiting_screen(session, i18n, ids, callback_data.id, staff=False))


@router.callback_query(DisputeCb.filter(F.action == "agree"))
async def agree(
    query: CallbackQuery,
    callback_data: DisputeCb,
    session: AsyncSession,
    access: Access,
    user: User,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    disputed = await disputes.agree(
        session,
        dispute_id=callback_data.id,
        provider_ids=access.provider_ids,
        actor_id=user.id,
        now=clock.now(),
    )
    await show(query, dispute_text(i18n, "dispute-agreed", disputed), await _more(session, access, i18n))


@router.callback_query(DisputeCb.filter(F.action == "confirm"))
async def ask_share(
    query: CallbackQuery,
    callback_data: DisputeCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    _, disputed = await disputes.for_provider(session, callback_data.id, access.provider_ids)
    await state.set_state(ShareForm.percent)
    await state.update_data(dispute_id=callback_data.id)
    await show(query, dispute_text(i18n, "dispute-ask-share", disputed))


@router.message(ShareForm.percent)
async def confirm(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    user: User,
    settings: Settings,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    try:
        percent = rules.percent(message.text or "", "dispute-bad-share")
    except DomainError as error:
        await message.answer(refusal(i18n, error))
        return
    data = await state.get_data()
    await state.clear()
    try:
        disputed = await disputes.confirm(
            session,
            dispute_id=int(data["dispute_id"]),
            provider_ids=access.provider_ids,
            actor_id=user.id,
            percent=percent,
            now=clock.now(),
            admin_ids=settings.admin_ids,
        )
    except DomainError as error:  # answered meanwhile (another employee): the form ends either way
        await message.answer(refusal(i18n, error))
        return
    await message.answer(
        dispute_text(i18n, "dispute-confirmed", disputed, percent=percent),
        reply_markup=await _more(session, access, i18n),
    )
