"""Events, as Support Centre staff create, change and cancel them (the staff router's role filter applies)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.formatting import LABEL, moment, shorten
from bot.handlers.common.ui import refusal
from bot.keyboards import events as kb
from bot.keyboards.paging import page_note
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.comms import broadcasts, events
from bot.services.errors import DomainError, NotAllowed
from bot.services.paging import LIST_BUTTONS, page_of
from bot.views import events as views
from db.models import Event, EventState, User

router = Router(name="events-staff")

FORM_STEPS = ("title", "description", "when", "place", "ages", "direction", "deadline")


class EventForm(StatesGroup):
    input = State()  # data["field"]: the step being asked; data["event_id"] when changing one field
    municipality = State()
    confirm = State()


async def _staff_list(
    session: AsyncSession,
    access: Access,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
    page: int = 0,
) -> tuple[str, InlineKeyboardMarkup]:
    found = await events.staff_list(session, access, clock.now())
    shown = page_of(found, page, LIST_BUTTONS)
    labels = [
        i18n.get(
            "events-staff-item",
            when=moment(e.starts_at, settings.tz, i18n.locale),
            title=shorten(e.title, LABEL - 20),
            state=e.state.value,
        )
        for e in shown.items
    ]
    key = "events-staff-list" if found else "events-staff-empty"
    return i18n.get(key) + page_note(i18n, shown.page, shown.pages), kb.staff_list(i18n, shown, labels)


@router.message(LazyFilter("menu-staff-events"))
async def staff_menu(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    await state.clear()
    text, markup = await _staff_list(session, access, clock, settings, i18n)
    await message.answer(text, reply_markup=markup)


@router.callback_query(kb.StaffEventCb.filter(F.action == "list"))
async def staff_back(
    query: CallbackQuery,
    callback_data: kb.StaffEventCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    await state.clear()
    page = callback_data.event_id
    text, markup = await _staff_list(session, access, clock, settings, i18n, page)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def _ask(message: Message, field: str, i18n: I18nContext) -> None:
    markups = {
        "ages": kb.form_ages(i18n),
        "direction": kb.form_directions(i18n),
        "deadline": kb.form_deadline(i18n),
    }
    await message.answer(i18n.get(f"events-ask-{field}"), reply_markup=markups.get(field))


@router.callback_query(kb.StaffEventCb.filter(F.action == "new"))
async def staff_new(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    await state.set_state(EventForm.input)
    await state.update_data(field=FORM_STEPS[0], draft={})
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _ask(query.message, FORM_STEPS[0], i18n)


@router.callback_query(kb.StaffEventCb.filter(F.action == "open"))
async def staff_open(
    query: CallbackQuery,
    callback_data: kb.StaffEventCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    event = await events.for_staff(session, access, callback_data.event_id)
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            views.card(i18n, event, settings), reply_markup=kb.staff_card(i18n, event)
        )


@router.callback_query(kb.StaffEventCb.filter(F.action.in_({"edit", "cancel"})))
async def staff_card_buttons(
    query: CallbackQuery,
    callback_data: kb.StaffEventCb,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    """The card's buttons give way to the fields to change, or to the question whether to cancel."""
    event = await events.for_staff(session, access, callback_data.event_id)
    if callback_data.action == "edit":
        markup = kb.staff_fields(i18n, event.id)
    else:
        markup = kb.staff_cancel_confirm(i18n, event.id)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=markup)


@router.callback_query(kb.StaffEventCb.filter(F.action == "field"))
async def staff_field(
    query: CallbackQuery,
    callback_data: kb.StaffEventCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    event = await events.for_staff(session, access, callback_data.event_id)
    if callback_data.value not in events.EDITABLE:
        raise NotAllowed()
    await state.set_state(EventForm.input)
    await state.update_data(field=callback_data.value, event_id=event.id)
    if isinstance(query.message, Message):
        await _ask(query.message, callback_data.value, i18n)


@router.message(EventForm.input, F.text)
async def form_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    field = (await state.get_data())["field"]
    change = events.parse_change(field, message.text or "", settings.tz, clock.now())
    await _accept(message, change, state, session, access, user, clock, settings, i18n)


@router.message(EventForm.input)
async def form_not_text(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("events-text-expected"))


@router.callback_query(
    EventForm.input, kb.EventFormCb.filter(F.action.in_({"ages_any", "dir", "no_deadline"}))
)
async def form_button(
    query: CallbackQuery,
    callback_data: kb.EventFormCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    field = (await state.get_data())["field"]
    changes: dict[str, dict[str, Any]] = {
        "ages_any": {"age_min": 5, "age_max": 18},
        "dir": {"direction": callback_data.value if callback_data.value not in ("any", "") else None},
        "no_deadline": {"registration_deadline": None},
    }
    expected = {"ages_any": "ages", "dir": "direction", "no_deadline": "deadline"}[callback_data.action]
    if field != expected or not isinstance(query.message, Message):
        return  # a button of an earlier step
    await query.message.edit_reply_markup(reply_markup=None)
    change = events.from_json(changes[callback_data.action])
    await _accept(query.message, change, state, session, access, user, clock, settings, i18n)


async def _accept(
    message: Message,
    change: dict[str, Any],
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    """A field is answered: save it when changing an event, otherwise go to the next step."""
    data = await state.get_data()
    if "event_id" in data:
        event = await events.update(session, access, data["event_id"], change, clock.now(), settings.tz)
        await state.clear()
        await message.answer(views.card(i18n, event, settings), reply_markup=kb.staff_card(i18n, event))
        return
    draft = {**data["draft"], **events.to_json(change)}
    if data["field"] == "deadline":
        try:
            events.check_times(
                events.from_json(draft)["starts_at"], change["registration_deadline"], clock.now()
            )
        except DomainError as error:
            await message.answer(refusal(i18n, error), reply_markup=kb.form_deadline(i18n))
            return
    await state.update_data(draft=draft)
    step = FORM_STEPS.index(data["field"]) + 1
    if step < len(FORM_STEPS):
        await state.update_data(field=FORM_STEPS[step])
        await _ask(message, FORM_STEPS[step], i18n)
        return
    municipalities = await broadcasts.staff_municipalities(session, access)
    if len(municipalities) == 1:
        await _confirm(message, state, municipalities[0].id, settings, i18n)
        return
    await state.set_state(EventForm.municipality)
    await message.answer(
        i18n.get("events-ask-municipality"), reply_markup=kb.form_municipalities(municipalities, user.locale)
    )


@router.callback_query(EventForm.municipality, kb.EventFormCb.filter(F.action == "mun"))
async def form_municipality(
    query: CallbackQuery,
    callback_data: kb.EventFormCb,
    state: FSMContext,
    access: Access,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    if not access.is_staff_of(callback_data.municipality_id):
        raise NotAllowed()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _confirm(query.message, state, callback_data.municipality_id, settings, i18n)


async def _confirm(
    message: Message, state: FSMContext, municipality_id: int, settings: Settings, i18n: I18nContext
) -> None:
    data = await state.get_data()
    draft = {**data["draft"], "municipality_id": municipality_id}
    await state.update_data(draft=draft)
    await state.set_state(EventForm.confirm)
    preview = Event(**events.from_json(draft), state=EventState.ACTIVE)
    await message.answer(
        i18n.get("events-preview", card=views.card(i18n, preview, settings)),
        reply_markup=kb.form_publish(i18n),
    )


@router.callback_query(EventForm.confirm, kb.EventFormCb.filter(F.action == "publish"))
async def form_publish(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    draft = events.Draft(**events.from_json((await state.get_data())["draft"]))
    event = await events.create(session, access, draft, clock.now())
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("events-published", card=views.card(i18n, event, settings)),
            reply_markup=kb.staff_card(i18n, event),
        )


@router.callback_query(kb.EventFormCb.filter(F.action == "drop"))
async def form_drop(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("events-dropped"))


@router.callback_query(kb.StaffEventCb.filter(F.action == "cancel_yes"))
async def staff_cancel(
    query: CallbackQuery,
    callback_data: kb.StaffEventCb,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    told = await events.cancel(session, access, callback_data.event_id, clock.now(), settings.tz)
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("events-staff-cancelled", told=told))
