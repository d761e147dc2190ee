"""Staff announcements: compose (text or a picture with a caption), choose the audience, preview, confirm;
the progress message, edited in place by a job, and the stop button."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.keyboards import broadcasts as kb
from bot.services import rules
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.comms import broadcasts
from bot.services.comms.broadcasts import Audience, Progress
from bot.services.errors import NotAllowed
from db.models import User

router = Router(name="broadcasts")


class BroadcastForm(StatesGroup):
    text = State()
    municipality = State()
    audience = State()
    ages = State()
    direction = State()
    confirm = State()


@router.message(LazyFilter("menu-staff-broadcast"))
async def begin(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    await state.set_state(BroadcastForm.text)
    await message.answer(i18n.get("broadcasts-ask-text"))


@router.message(BroadcastForm.text, F.text | F.photo)
async def got_text(
    message: Message, state: FSMContext, session: AsyncSession, access: Access, user: User, i18n: I18nContext
) -> None:
    photo = message.photo[-1].file_id if message.photo else None
    text = message.html_text  # the staff member's formatting, safely escaped
    broadcasts.check_text(text, photo is not None)
    await state.update_data(text=text, photo=photo)
    municipalities = await broadcasts.staff_municipalities(session, access)
    if len(municipalities) == 1:
        await state.update_data(municipality_id=municipalities[0].id)
        await state.set_state(BroadcastForm.audience)
        await message.answer(i18n.get("broadcasts-ask-audience"), reply_markup=kb.audiences(i18n))
        return
    await state.set_state(BroadcastForm.municipality)
    await message.answer(
        i18n.get("broadcasts-ask-municipality"), reply_markup=kb.municipalities(municipalities, user.locale)
    )


@router.message(BroadcastForm.text)
async def text_expected(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("broadcasts-ask-text"))


@router.callback_query(BroadcastForm.municipality, kb.BroadcastFormCb.filter(F.action == "mun"))
async def got_municipality(
    query: CallbackQuery,
    callback_data: kb.BroadcastFormCb,
    state: FSMContext,
    access: Access,
    i18n: I18nContext,
) -> None:
    if not access.is_staff_of(callback_data.municipality_id):
        raise NotAllowed()
    await state.update_data(municipality_id=callback_data.municipality_id)
    await state.set_state(BroadcastForm.audience)
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("broadcasts-ask-audience"), reply_markup=kb.audiences(i18n))


@router.callback_query(BroadcastForm.audience, kb.BroadcastFormCb.filter(F.action == "aud"))
async def got_audience(
    query: CallbackQuery,
    callback_data: kb.BroadcastFormCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    kind = callback_data.value
    await state.update_data(kind=kind)
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    if kind == "age":
        await state.set_state(BroadcastForm.ages)
        await message.edit_text(i18n.get("broadcasts-ask-ages"))
    elif kind == "direction":
        await state.set_state(BroadcastForm.direction)
        await message.edit_text(i18n.get("broadcasts-ask-direction"), reply_markup=kb.directions(i18n))
    else:
        await message.edit_reply_markup(reply_markup=None)
        await _preview(message, state, session, access, clock, settings, i18n)


@router.message(BroadcastForm.ages, F.text)
async def got_ages(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    age_min, age_max = rules.age_range(message.text or "", key="broadcasts-age-invalid")
    await state.update_data(age_min=age_min, age_max=age_max)
    await _preview(message, state, session, access, clock, settings, i18n)


@router.callback_query(BroadcastForm.direction, kb.BroadcastFormCb.filter(F.action == "dir"))
async def got_direction(
    query: CallbackQuery,
    callback_data: kb.BroadcastFormCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    await state.update_data(direction=callback_data.value)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _preview(query.message, state, session, access, clock, settings, i18n)


def _audience(data: dict[str, Any]) -> Audience:
    return Audience(
        kind=data["kind"],
        municipality_id=data["municipality_id"],
        age_min=data.get("age_min") if data["kind"] == "age" else None,
        age_max=data.get("age_max") if data["kind"] == "age" else None,
        direction=data.get("direction") if data["kind"] == "direction" else None,
    )


async def _preview(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    """Show the announcement exactly as recipients will see it, how many they are, and ask to confirm."""
    data = await state.get_data()
    audience = _audience(data)
    count = await broadcasts.count_recipients(session, access, audience, clock.today())
    if count == 0:
        await state.set_state(BroadcastForm.audience)
        await message.answer(i18n.get("broadcasts-no-recipients"), reply_markup=kb.audiences(i18n))
        return
    if data.get("photo"):
        await message.answer_photo(data["photo"], caption=data["text"])
    else:
        await message.answer(data["text"])
    direction = i18n.get(f"broadcasts-direction-{audience.direction}") if audience.direction else ""
    await state.set_state(BroadcastForm.confirm)
    await message.answer(
        i18n.get(
            "broadcasts-summary",
            kind=audience.kind,
            age_min=audience.age_min or 0,
            age_max=audience.age_max or 0,
            direction=direction,
            count=count,
            quiet="none" if settings.quiet_hours_start == settings.quiet_hours_end else "hours",
            quiet_from=f"{settings.quiet_hours_start:02d}:00",
            quiet_to=f"{settings.quiet_hours_end:02d}:00",
        ),
        reply_markup=kb.confirm(i18n, count),
    )


@router.callback_query(BroadcastForm.confirm, kb.BroadcastFormCb.filter(F.action == "send"))
async def send(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    data = await state.get_data()
    if not isinstance(query.message, Message):
        return
    broadcast, count = await broadcasts.start(
        session,
        access,
        text=data["text"],
        photo=data.get("photo"),
        audience=_audience(data),
        now=clock.now(),
        today=clock.today(),
        progress_chat_id=query.message.chat.id,
    )
    await state.clear()
    await query.message.edit_reply_markup(reply_markup=None)
    progress = await query.message.answer(
        i18n.get("broadcasts-progress", **broadcasts.figures(broadcast.id, Progress(count, 0, 0, count, 0))),
        reply_markup=kb.stop(i18n.get("broadcasts-stop"), broadcast.id),
    )
    await broadcasts.attach_progress(session, broadcast, progress.message_id)
    callback_answer.text = i18n.get("broadcasts-started")


@router.callback_query(kb.BroadcastFormCb.filter(F.action == "drop"))
async def drop(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("broadcasts-dropped"))


@router.callback_query(kb.BroadcastStopCb.filter())
async def stop(
    query: CallbackQuery,
    callback_data: kb.BroadcastStopCb,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    figures = await broadcasts.stop(session, access, callback_data.broadcast_id, clock.now())
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("broadcasts-stopped", **broadcasts.figures(callback_data.broadcast_id, figures))
        )
