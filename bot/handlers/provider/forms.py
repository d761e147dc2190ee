"""The forms of the provider's desk: a program (new or changed; it goes to moderation) and a group.
Answers stay in the FSM data until the end, so nothing half-entered is saved."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.formatting import CARD, LINE, escaped, rub
from bot.handlers.common.ui import refusal, show
from bot.keyboards import provider as kb
from bot.services import rules
from bot.services.accounts.access import Access
from bot.services.catalogue import provider_desk
from bot.services.clock import Clock
from bot.services.errors import DomainError, NotAllowed
from bot.views.catalog import group_line
from db.models import Direction, Level, ProgramFormat, Register, User

router = Router(name="provider-forms")


class ProgramFormStates(StatesGroup):
    field = State()


class GroupFormStates(StatesGroup):
    name = State()
    schedule = State()
    dates = State()
    capacity = State()
    teacher = State()


CHOICES: dict[str, list[str]] = {
    "direction": [d.value for d in Direction],
    "level": [lv.value for lv in Level],
    "register": [r.value for r in Register],
    "needs_medical_certificate": ["yes", "no"],
    "format": [f.value for f in ProgramFormat],
    "ovz_suited": ["yes", "no"],
    "trial_lesson": ["yes", "no"],
}
YES_NO = ("needs_medical_certificate", "ovz_suited", "trial_lesson")  # buttons «да»/«нет» -> bool
NUMBERS = ("duration_months", "hours_per_week", "max_students")
TEXTS = ("title", "description", "address", "ovz_adaptations")
MONEY = ("price_kopecks", "normative_cost_kopecks")


# The program form: one state walking provider_desk.PROGRAM_FIELDS; values stay in the state data
# until the provider submits, so nothing half-entered is saved.


def _current(i18n: I18nContext, key: str, values: dict[str, Any]) -> str:
    if key == "ages":
        return f"{values['age_min']}–{values['age_max']}" if "age_min" in values else ""
    if key == "coordinates":
        found = values.get("latitude"), values.get("longitude")
        return f"{found[0]}, {found[1]}" if None not in found else ""
    value = values.get(key)
    if value is None:
        return ""
    if key in MONEY:
        return rub(int(value), i18n.locale)
    if key in YES_NO:
        return i18n.get("provider-choice", value="yes" if value else "no")
    if key in CHOICES:
        return i18n.get("provider-choice", value=value)
    # the summary quotes every field in one placeable: long ones shortened keep it within Fluent's 2,500
    return escaped(str(value), CARD // 2 if key == "description" else LINE * 2)


def _next_step(step: int, values: dict[str, Any]) -> int:
    """Price and normative cost are asked only for certified (paid) programs, what is adapted only
    for a program suited to children with disabilities, the point on the map only for lessons held
    somewhere (an online program has none: a point it had is dropped)."""
    fields = provider_desk.PROGRAM_FIELDS
    while step < len(fields):
        if fields[step] in MONEY and values.get("register") != Register.CERTIFIED.value:
            values[fields[step]] = 0
        elif fields[step] == "ovz_adaptations" and not values.get("ovz_suited"):
            values[fields[step]] = ""
        elif fields[step] == "coordinates" and values.get("format") == ProgramFormat.ONLINE.value:
            values.update(latitude=None, longitude=None)
        else:
            break
        step += 1
    return step


async def _ask_step(target: Message, state: FSMContext, i18n: I18nContext, step: int) -> None:
    data = await state.get_data()
    values: dict[str, Any] = data["values"]
    step = _next_step(step, values)
    await state.update_data(step=step, values=values)
    editing = bool(data.get("program_id"))
    fields = provider_desk.PROGRAM_FIELDS
    if step >= len(fields):
        summary = "\n".join(
            i18n.get("provider-summary-line", field=k, value=_current(i18n, k, values) or "—")
            for k in fields
            if (k != "ovz_adaptations" or values.get("ovz_suited"))
            and (k != "coordinates" or values.get("format") != ProgramFormat.ONLINE.value)
        )
        await target.answer(i18n.get("provider-form-summary", lines=summary), reply_markup=kb.submit(i18n))
        return
    key = fields[step]
    current = _current(i18n, key, values) if editing else ""
    text = i18n.get("provider-ask", field=key, current=current or "none", step=step + 1, total=len(fields))
    markup: InlineKeyboardMarkup | None
    if key in CHOICES:
        markup = kb.form_choices(i18n, step, CHOICES[key], "provider-choice", editing)
    elif key == "coordinates" and not editing:  # optional: many programs have no place to point at
        markup = kb.keep(i18n, step, "provider-btn-skip")
    else:
        markup = kb.keep(i18n, step) if editing else None
    await target.answer(text, reply_markup=markup)


async def _start_form(query: CallbackQuery, state: FSMContext, i18n: I18nContext, **data: Any) -> None:
    await state.set_state(ProgramFormStates.field)
    await state.set_data(data)
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("provider-form-intro"))
        await _ask_step(query.message, state, i18n, 0)


@router.callback_query(kb.PvCb.filter(F.action == "pn"))
async def new_program(
    query: CallbackQuery, callback_data: kb.PvCb, state: FSMContext, access: Access, i18n: I18nContext
) -> None:
    if not access.works_for(callback_data.id):
        raise NotAllowed()
    await _start_form(query, state, i18n, provider_id=callback_data.id, program_id=0, values={})


@router.callback_query(kb.PvCb.filter(F.action == "pe"))
async def edit_program(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    state: FSMContext,
    access: Access,
    i18n: I18nContext,
) -> None:
    program = await provider_desk.own_program(session, callback_data.id, access.provider_ids)
    values = provider_desk.form_of(program)
    await _start_form(
        query, state, i18n, provider_id=program.provider_id, program_id=program.id, values=values
    )


def parse_program_field(key: str, text: str) -> dict[str, Any]:
    """One typed answer -> the values it sets; DomainError("provider-bad-<field>") when it is not one.
    The limits are rules.PROGRAM_LIMITS, the import's too."""
    if key == "ages":
        low, high = rules.age_range(text, key="provider-bad-ages")
        return {"age_min": low, "age_max": high}
    if key in TEXTS:
        limit = rules.PROGRAM_LIMITS[key]
        return {key: rules.meaningful_text(text, limit.low, limit.high, key=f"provider-bad-{key}")}
    if key in NUMBERS:
        limit = rules.PROGRAM_LIMITS[key]
        return {key: rules.whole_number(text, limit.low, limit.high, key="provider-bad-number")}
    if key == "coordinates":
        latitude, longitude = rules.coordinates(text)
        return {"latitude": latitude, "longitude": longitude}
    if key in MONEY:
        amount = rules.money(text, key="provider-bad-money")
        if not amount:  # a certified program is paid: its price is not zero
            raise DomainError("provider-bad-money", min=0, max=rules.MAX_RUBLES)
        return {key: amount}
    raise DomainError("provider-use-buttons")


@router.message(ProgramFormStates.field, F.text)
async def form_text(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    data = await state.get_data()
    step = int(data.get("step", 0))
    fields = provider_desk.PROGRAM_FIELDS
    if step >= len(fields):
        await message.answer(i18n.get("provider-use-buttons"))
        return
    update = parse_program_field(fields[step], message.text or "")
    await state.update_data(values=data["values"] | update)
    await _ask_step(message, state, i18n, step + 1)


@router.message(ProgramFormStates.field, F.location)
async def form_location(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    """A point sent with 📎 → «Геопозиция»: the program's place, when the form asks for it."""
    data = await state.get_data()
    step = int(data.get("step", 0))
    fields = provider_desk.PROGRAM_FIELDS
    if step >= len(fields) or fields[step] != "coordinates" or message.location is None:
        await message.answer(i18n.get("provider-location-not-now"))
        return
    latitude, longitude = rules.point(message.location.latitude, message.location.longitude)
    await state.update_data(values=data["values"] | {"latitude": latitude, "longitude": longitude})
    await _ask_step(message, state, i18n, step + 1)


@router.callback_query(ProgramFormStates.field, kb.PvCb.filter(F.action.in_({"fe", "fk"})))
async def form_button(
    query: CallbackQuery, callback_data: kb.PvCb, state: FSMContext, i18n: I18nContext
) -> None:
    data = await state.get_data()
    step = int(data.get("step", 0))
    fields = provider_desk.PROGRAM_FIELDS
    if callback_data.id != step or step >= len(fields):
        raise DomainError("fallback-button")
    key = fields[step]
    if callback_data.action == "fe":
        options = CHOICES.get(key, [])
        if not 0 <= callback_data.arg < len(options):
            raise DomainError("fallback-button")
        value: Any = options[callback_data.arg]
        if key in YES_NO:
            value = value == "yes"
        await state.update_data(values=data["values"] | {key: value})
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _ask_step(query.message, state, i18n, step + 1)


@router.callback_query(ProgramFormStates.field, kb.PvCb.filter(F.action == "fs"))
async def form_submit(
    query: CallbackQuery,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    access: Access,
    i18n: I18nContext,
) -> None:
    data = await state.get_data()
    if int(data.get("step", 0)) < len(provider_desk.PROGRAM_FIELDS):
        raise DomainError("fallback-button")
    form = provider_desk.ProgramForm.from_dict(data["values"])
    if data.get("program_id"):
        await provider_desk.update_program(
            session,
            program_id=int(data["program_id"]),
            provider_ids=access.provider_ids,
            form=form,
            actor_id=user.id,
        )
    else:
        await provider_desk.create_program(
            session,
            provider_id=int(data["provider_id"]),
            provider_ids=access.provider_ids,
            form=form,
            actor_id=user.id,
        )
    await state.clear()
    await show(query, i18n.get("provider-submitted", title=html.escape(form.title)))


# The group form


GROUP_STEPS = (
    (GroupFormStates.name, "name"),
    (GroupFormStates.schedule, "schedule"),
    (GroupFormStates.dates, "dates"),
    (GroupFormStates.capacity, "capacity"),
    (GroupFormStates.teacher, "teacher"),
)


@router.callback_query(kb.PvCb.filter(F.action == "gn"))
async def new_group(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    state: FSMContext,
    access: Access,
    i18n: I18nContext,
) -> None:
    await provider_desk.own_program(session, callback_data.id, access.provider_ids)
    await state.set_state(GroupFormStates.name)
    await state.set_data({"program_id": callback_data.id, "group": {}})
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("provider-group-ask", field="name"))


def parse_group_field(field: str, text: str, today: date) -> dict[str, Any]:
    """One typed answer of the group form; the limits are rules.GROUP_LIMITS, the import's too."""
    if field == "schedule":
        return {"schedule": rules.schedule(text, key="provider-bad-schedule")}
    if field == "dates":
        start, end = rules.date_range(text, today, key="provider-bad-dates")
        return {"starts_on": start.isoformat(), "ends_on": end.isoformat()}
    limit = rules.GROUP_LIMITS[field]
    if field == "capacity":
        return {"capacity": rules.whole_number(text, limit.low, limit.high, key="provider-bad-number")}
    return {field: rules.meaningful_text(text, limit.low, limit.high, key="provider-bad-text")}


@router.message(StateFilter(*(s for s, _ in GROUP_STEPS)), F.text)
async def group_step(
    message: Message,
    session: AsyncSession,
    state: FSMContext,
    raw_state: str,
    user: User,
    clock: Clock,
    access: Access,
    i18n: I18nContext,
) -> None:
    index = next(i for i, (s, _) in enumerate(GROUP_STEPS) if s.state == raw_state)
    field = GROUP_STEPS[index][1]
    data = await state.get_data()
    values = data["group"] | parse_group_field(field, message.text or "", clock.today())
    if index + 1 < len(GROUP_STEPS):
        await state.update_data(group=values)
        await state.set_state(GROUP_STEPS[index + 1][0])
        await message.answer(i18n.get("provider-group-ask", field=GROUP_STEPS[index + 1][1]))
        return
    form = provider_desk.GroupForm(
        name=values["name"],
        schedule=values["schedule"],
        starts_on=date.fromisoformat(values["starts_on"]),
        ends_on=date.fromisoformat(values["ends_on"]),
        capacity=values["capacity"],
        teacher=values["teacher"],
    )
    try:
        group = await provider_desk.create_group(
            session,
            program_id=int(data["program_id"]),
            provider_ids=access.provider_ids,
            form=form,
            actor_id=user.id,
        )
    except DomainError as error:  # too many seats for the program: ask the number again
        await state.update_data(group=values)
        await state.set_state(GroupFormStates.capacity)
        await message.answer(refusal(i18n, error))
        return
    await state.clear()
    await message.answer(i18n.get("provider-group-created", line=group_line(i18n, group)))
