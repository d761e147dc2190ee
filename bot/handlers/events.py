"""Events: parents browse the upcoming ones (no consent needed), ask for reminders and choose their
interests; Support Centre staff create, change and cancel events."""

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
from bot.filters import HasRole
from bot.formatting import CARD, LABEL, LINE, escaped, moment, shorten
from bot.keyboards import events as kb
from bot.keyboards.common import SettingsCb
from bot.keyboards.paging import page_note
from bot.services import broadcasts, events
from bot.services.access import Access
from bot.services.clock import Clock
from bot.services.errors import DomainError
from bot.services.paging import LIST_BUTTONS, page_of
from db.models import Event, EventState, Role, User

parent_router = Router(name="events")
staff_router = Router(name="events-staff")
staff_router.message.filter(HasRole(Role.STAFF))
staff_router.callback_query.filter(HasRole(Role.STAFF))

FORM_STEPS = ("title", "description", "when", "place", "ages", "direction", "deadline")


def card(i18n: I18nContext, event: Event, settings: Settings) -> str:
    deadline = event.registration_deadline
    return i18n.get(
        "events-card",
        title=escaped(event.title, LINE * 2),
        when=moment(event.starts_at, settings.tz, i18n.locale),
        place=escaped(event.link or event.place, LINE * 2),
        age_min=event.age_min,
        age_max=event.age_max,
        direction=i18n.get(f"events-direction-{event.direction.value if event.direction else 'any'}"),
        description=escaped(event.description, CARD),
        deadline=moment(deadline, settings.tz, i18n.locale) if deadline else "none",
        state=event.state.value,
    )


# =========================================================================== parents
async def _parent_page(
    session: AsyncSession, user: User, page: int, clock: Clock, settings: Settings, i18n: I18nContext
) -> tuple[str, InlineKeyboardMarkup | None]:
    found = await events.for_parent(session, user, clock.now(), clock.today())
    if not found:
        return i18n.get("events-none"), None
    shown = page_of(found, page, 1)
    event = shown.items[0]
    reminded = event.id in await events.reminded(session, user.id)
    text = i18n.get("events-page", page=shown.page + 1, pages=shown.pages, card=card(i18n, event, settings))
    return text, kb.parent_page(i18n, event, shown.page, shown.pages, reminded)


@parent_router.message(LazyFilter("menu-events"))
async def parent_list(
    message: Message, session: AsyncSession, user: User, clock: Clock, settings: Settings, i18n: I18nContext
) -> None:
    text, markup = await _parent_page(session, user, 0, clock, settings, i18n)
    await message.answer(text, reply_markup=markup)


async def _show_page(
    query: CallbackQuery,
    page: int,
    session: AsyncSession,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    text, markup = await _parent_page(session, user, page, clock, settings, i18n)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


@parent_router.callback_query(kb.EventCb.filter(F.action == "page"))
async def parent_page(
    query: CallbackQuery,
    callback_data: kb.EventCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    await _show_page(query, callback_data.page, session, user, clock, settings, i18n)
    await query.answer()


@parent_router.callback_query(kb.EventCb.filter(F.action == "remind"))
async def remind(
    query: CallbackQuery,
    callback_data: kb.EventCb,
    session: AsyncSession,
    user: User,
    clock: Clock,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    on = await events.toggle_reminder(session, user, callback_data.event_id, clock.now())
    await _show_page(query, callback_data.page, session, user, clock, settings, i18n)
    await query.answer(i18n.get("events-reminder-set" if on else "events-reminder-unset"))


@parent_router.callback_query(SettingsCb.filter(F.action == "interests"))
async def interests_open(query: CallbackQuery, user: User, i18n: I18nContext) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("events-interests-title"), reply_markup=kb.interests(i18n, user.interests or [])
        )
    await query.answer()


@parent_router.callback_query(kb.InterestCb.filter())
async def interest_toggle(
    query: CallbackQuery, callback_data: kb.InterestCb, session: AsyncSession, user: User, i18n: I18nContext
) -> None:
    chosen = await events.toggle_interest(session, user, callback_data.direction.value)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=kb.interests(i18n, chosen))
    await query.answer()


# =========================================================================== staff
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


@staff_router.message(LazyFilter("menu-staff-events"))
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


@staff_router.callback_query(kb.StaffEventCb.filter(F.action == "list"))
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
    await query.answer()


async def _ask(message: Message, field: str, i18n: I18nContext) -> None:
    markups = {
        "ages": kb.form_ages(i18n),
        "direction": kb.form_directions(i18n),
        "deadline": kb.form_deadline(i18n),
    }
    await message.answer(i18n.get(f"events-ask-{field}"), reply_markup=markups.get(field))


@staff_router.callback_query(kb.StaffEventCb.filter(F.action == "new"))
async def staff_new(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    await state.set_state(EventForm.input)
    await state.update_data(field=FORM_STEPS[0], draft={})
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _ask(query.message, FORM_STEPS[0], i18n)
    await query.answer()


@staff_router.callback_query(kb.StaffEventCb.filter(F.action == "open"))
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
        await query.message.edit_text(card(i18n, event, settings), reply_markup=kb.staff_card(i18n, event))
    await query.answer()


@staff_router.callback_query(kb.StaffEventCb.filter(F.action == "edit"))
async def staff_edit(
    query: CallbackQuery,
    callback_data: kb.StaffEventCb,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    event = await events.for_staff(session, access, callback_data.event_id)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=kb.staff_fields(i18n, event.id))
    await query.answer()


@staff_router.callback_query(kb.StaffEventCb.filter(F.action == "field"))
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
        await query.answer(i18n.get("error-not-allowed"), show_alert=True)
        return
    await state.set_state(EventForm.input)
    await state.update_data(field=callback_data.value, event_id=event.id)
    if isinstance(query.message, Message):
        await _ask(query.message, callback_data.value, i18n)
    await query.answer()


@staff_router.message(EventForm.input, F.text)
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
    try:
        change = events.parse_change(field, message.text or "", settings.tz, clock.now())
    except DomainError as error:
        await message.answer(i18n.get(error.key, **error.args_))
        return
    await _accept(message, change, state, session, access, user, clock, settings, i18n)


@staff_router.message(EventForm.input)
async def form_not_text(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("events-text-expected"))


@staff_router.callback_query(
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
    await query.answer()
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
        try:
            event = await events.update(session, access, data["event_id"], change, clock.now(), settings.tz)
        except DomainError as error:
            await message.answer(i18n.get(error.key, **error.args_))
            return
        await state.clear()
        await message.answer(card(i18n, event, settings), reply_markup=kb.staff_card(i18n, event))
        return
    draft = {**data["draft"], **events.to_json(change)}
    if data["field"] == "deadline":
        try:
            events.check_times(
                events.from_json(draft)["starts_at"], change["registration_deadline"], clock.now()
            )
        except DomainError as error:
            await message.answer(i18n.get(error.key, **error.args_), reply_markup=kb.form_deadline(i18n))
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


@staff_router.callback_query(EventForm.municipality, kb.EventFormCb.filter(F.action == "mun"))
async def form_municipality(
    query: CallbackQuery,
    callback_data: kb.EventFormCb,
    state: FSMContext,
    access: Access,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    if not access.is_staff_of(callback_data.municipality_id):
        await query.answer(i18n.get("error-not-allowed"), show_alert=True)
        return
    await query.answer()
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
        i18n.get("events-preview", card=card(i18n, preview, settings)), reply_markup=kb.form_publish(i18n)
    )


@staff_router.callback_query(EventForm.confirm, kb.EventFormCb.filter(F.action == "publish"))
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
            i18n.get("events-published", card=card(i18n, event, settings)),
            reply_markup=kb.staff_card(i18n, event),
        )
    await query.answer()


@staff_router.callback_query(kb.EventFormCb.filter(F.action == "drop"))
async def form_drop(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("events-dropped"))
    await query.answer()


@staff_router.callback_query(kb.StaffEventCb.filter(F.action == "cancel"))
async def staff_cancel_ask(
    query: CallbackQuery,
    callback_data: kb.StaffEventCb,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    event = await events.for_staff(session, access, callback_data.event_id)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=kb.staff_cancel_confirm(i18n, event.id))
    await query.answer()


@staff_router.callback_query(kb.StaffEventCb.filter(F.action == "cancel_yes"))
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
    await query.answer()
