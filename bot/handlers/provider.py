"""The provider's desk: requests to decide, programs and groups, forms that go to moderation."""

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
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.filters import HasRole
from bot.formatting import day, parse_rubles, rub
from bot.handlers.catalog import group_line
from bot.handlers.enrollment import refusal
from bot.keyboards import provider as kb
from bot.services import enrollment, provider_desk
from bot.services.access import Access
from bot.services.clock import Clock
from bot.services.errors import DomainError
from db.models import Child, Direction, Enrollment, Group, Level, Provider, Register, Role, User

router = Router(name="provider")
router.message.filter(HasRole(Role.PROVIDER))
router.callback_query.filter(HasRole(Role.PROVIDER))


class RejectForm(StatesGroup):
    comment = State()


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
}
NUMBERS = {"duration_months": (1, 48), "hours_per_week": (1, 20), "max_students": (1, 200)}
TEXTS = {"title": (3, 200), "description": (10, 2000), "address": (5, 300)}
MONEY = ("price_kopecks", "normative_cost_kopecks")


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)
    await query.answer()


async def _refuse(query: CallbackQuery, i18n: I18nContext, error: DomainError) -> None:
    await query.answer(refusal(i18n, error), show_alert=True)


def request_line(i18n: I18nContext, n: int, e: Enrollment, settings_tz: Any) -> str:
    return i18n.get(
        "provider-request-line",
        n=n,
        child=html.escape(e.child.full_name if e.child else "—"),
        title=html.escape(e.group.program.title),
        group=html.escape(e.group.name),
        deadline=day(e.deadline_at.astimezone(settings_tz).date(), i18n.locale) if e.deadline_at else "—",
    )


# Requests


@router.message(LazyFilter("menu-provider-requests"))
async def list_requests(
    message: Message, session: AsyncSession, access: Access, i18n: I18nContext, clock: Clock
) -> None:
    pending = await enrollment.pending_for_provider(session, access.provider_ids)
    if not pending:
        await message.answer(i18n.get("provider-requests-empty"))
        return
    lines = [request_line(i18n, n, e, clock.tz) for n, e in enumerate(pending, start=1)]
    await message.answer(
        i18n.get("provider-requests", lines="\n\n".join(lines)), reply_markup=kb.requests(i18n, pending)
    )


@router.callback_query(kb.PvCb.filter(F.action == "ok"))
async def confirm(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    try:
        e = await enrollment.confirm(
            session,
            enrollment_id=callback_data.id,
            provider_ids=access.provider_ids,
            actor_id=user.id,
            now=clock.now(),
            today=clock.today(),
        )
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    group = await session.get(Group, e.group_id)
    child = await session.get(Child, e.child_id) if e.child_id else None
    await _edit(
        query,
        i18n.get(
            "provider-confirmed",
            child=html.escape(child.full_name if child else "—"),
            title=html.escape(group.program.title if group else "—"),
        ),
    )


@router.callback_query(kb.PvCb.filter(F.action == "no"))
async def reject_ask(
    query: CallbackQuery, callback_data: kb.PvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    try:
        await enrollment.for_provider(session, callback_data.id, access.provider_ids)
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    markup = kb.reasons(i18n, "nr", callback_data.id, enrollment.REJECT_REASONS, "provider-reject-reason")
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("provider-reject-ask"), reply_markup=markup)
    await query.answer()


@router.callback_query(kb.PvCb.filter(F.action == "nr"))
async def reject_reason(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    state: FSMContext,
    access: Access,
    i18n: I18nContext,
) -> None:
    try:
        await enrollment.for_provider(session, callback_data.id, access.provider_ids)
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    await state.set_state(RejectForm.comment)
    await state.update_data(enrollment_id=callback_data.id, reason=callback_data.arg)
    await _edit(
        query, i18n.get("provider-reject-comment"), kb.skip_comment(i18n, callback_data.id, callback_data.arg)
    )


async def _reject(
    session: AsyncSession,
    access: Access,
    user: User,
    clock: Clock,
    enrollment_id: int,
    reason_index: int,
    comment: str | None,
) -> Enrollment:
    reasons = enrollment.REJECT_REASONS
    reason = reasons[reason_index] if 0 <= reason_index < len(reasons) else ""
    return await enrollment.reject(
        session,
        enrollment_id=enrollment_id,
        provider_ids=access.provider_ids,
        actor_id=user.id,
        reason=reason,
        comment=comment,
        now=clock.now(),
    )


@router.callback_query(kb.PvCb.filter(F.action == "ns"))
async def reject_without_comment(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    try:
        await _reject(session, access, user, clock, callback_data.id, callback_data.arg, None)
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    await state.clear()
    await _edit(query, i18n.get("provider-rejected"))


@router.message(RejectForm.comment, F.text)
async def reject_with_comment(
    message: Message,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        await _reject(
            session,
            access,
            user,
            clock,
            int(data["enrollment_id"]),
            int(data["reason"]),
            (message.text or "")[:500],
        )
    except DomainError as error:
        await message.answer(refusal(i18n, error))
        return
    await message.answer(i18n.get("provider-rejected"))


# Programs and groups


def program_summary(i18n: I18nContext, program: Any, groups: list[Any]) -> str:
    return i18n.get(
        "provider-program",
        title=html.escape(program.title),
        moderation=program.moderation.value,
        note=html.escape(program.moderation_note or ""),
        groups="\n".join(
            group_line(i18n, g)
            + "\n"
            + i18n.get("provider-group-state", open="yes" if g.enrollment_open else "no")
            for g in groups
        )
        or i18n.get("provider-no-groups"),
    )


async def _programs_view(
    session: AsyncSession, access: Access, i18n: I18nContext
) -> tuple[str, InlineKeyboardMarkup]:
    items = await provider_desk.programs_of(session, access.provider_ids)
    lines = [
        i18n.get("provider-program-line", n=n, title=html.escape(p.title), moderation=p.moderation.value)
        for n, p in enumerate(items, start=1)
    ]
    providers = [
        (pid, (await session.get(Provider, pid) or Provider(name="")).name[:30])
        for pid in sorted(access.provider_ids)
    ]
    text = i18n.get("provider-programs", lines="\n".join(lines) or i18n.get("provider-programs-empty"))
    return text, kb.programs(i18n, items, providers)


@router.message(LazyFilter("menu-provider-programs"))
async def list_programs(message: Message, session: AsyncSession, access: Access, i18n: I18nContext) -> None:
    text, markup = await _programs_view(session, access, i18n)
    await message.answer(text, reply_markup=markup)


@router.callback_query(kb.PvCb.filter(F.action == "pl"))
async def back_to_programs(
    query: CallbackQuery, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    text, markup = await _programs_view(session, access, i18n)
    await _edit(query, text, markup)


async def _program_view(
    query: CallbackQuery, session: AsyncSession, access: Access, i18n: I18nContext, program_id: int
) -> None:
    program = await provider_desk.own_program(session, program_id, access.provider_ids)
    groups = await provider_desk.groups_of(session, program.id)
    await _edit(query, program_summary(i18n, program, groups), kb.program(i18n, program, groups))


@router.callback_query(kb.PvCb.filter(F.action == "pg"))
async def show_program(
    query: CallbackQuery, callback_data: kb.PvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    try:
        await _program_view(query, session, access, i18n, callback_data.id)
    except DomainError as error:
        await _refuse(query, i18n, error)


@router.callback_query(kb.PvCb.filter(F.action.in_({"go", "gc", "ga"})))
async def change_group(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
) -> None:
    try:
        if callback_data.action == "ga":
            group = await provider_desk.archive_group(
                session, group_id=callback_data.id, provider_ids=access.provider_ids, actor_id=user.id
            )
        else:
            group = await provider_desk.set_enrollment_open(
                session,
                group_id=callback_data.id,
                provider_ids=access.provider_ids,
                is_open=callback_data.action == "go",
                actor_id=user.id,
            )
        await _program_view(query, session, access, i18n, group.program_id)
    except DomainError as error:
        await _refuse(query, i18n, error)


@router.callback_query(kb.PvCb.filter(F.action == "pa"))
async def archive_program(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
) -> None:
    try:
        await provider_desk.archive_program(
            session, program_id=callback_data.id, provider_ids=access.provider_ids, actor_id=user.id
        )
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    text, markup = await _programs_view(session, access, i18n)
    await _edit(query, f"{i18n.get('provider-archived')}\n\n{text}", markup)


@router.callback_query(kb.PvCb.filter(F.action == "st"))
async def students(
    query: CallbackQuery, callback_data: kb.PvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    try:
        group, active = await provider_desk.students_of(session, callback_data.id, access.provider_ids)
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    lines = [
        i18n.get("provider-student-line", n=n, child=html.escape(e.child.full_name if e.child else "—"))
        for n, e in enumerate(active, start=1)
    ]
    text = i18n.get("provider-students", group=html.escape(group.name), lines="\n".join(lines) or "—")
    await _edit(query, text, kb.students(i18n, active, group.program_id))


@router.callback_query(kb.PvCb.filter(F.action == "ex"))
async def expel_ask(
    query: CallbackQuery, callback_data: kb.PvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    try:
        await enrollment.for_provider(session, callback_data.id, access.provider_ids)
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    markup = kb.reasons(i18n, "xr", callback_data.id, enrollment.END_REASONS, "enroll-end-reason")
    await _edit(query, i18n.get("provider-expel-ask"), markup)


@router.callback_query(kb.PvCb.filter(F.action == "xr"))
async def expel(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    reasons = enrollment.END_REASONS
    try:
        await enrollment.end(
            session,
            enrollment_id=callback_data.id,
            actor_id=user.id,
            reason=reasons[callback_data.arg] if 0 <= callback_data.arg < len(reasons) else "",
            comment=None,
            now=clock.now(),
            provider_ids=access.provider_ids,
        )
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    await _edit(query, i18n.get("provider-expelled"))


# The program form: one state walking provider_desk.PROGRAM_FIELDS; values stay in the state data
# until the provider submits, so nothing half-entered is saved.


def _current(i18n: I18nContext, key: str, values: dict[str, Any]) -> str:
    if key == "ages":
        return f"{values['age_min']}–{values['age_max']}" if "age_min" in values else ""
    value = values.get(key)
    if value is None:
        return ""
    if key in MONEY:
        return rub(int(value), i18n.locale)
    if key == "needs_medical_certificate":
        return i18n.get("provider-choice", value="yes" if value else "no")
    if key in CHOICES:
        return i18n.get("provider-choice", value=value)
    return html.escape(str(value))


def _next_step(step: int, values: dict[str, Any]) -> int:
    """Price and normative cost are asked only for certified (paid) programs."""
    fields = provider_desk.PROGRAM_FIELDS
    while step < len(fields) and fields[step] in MONEY and values.get("register") != Register.CERTIFIED.value:
        values[fields[step]] = 0
        step += 1
    return step


async def _ask_step(
    target: Message, state: FSMContext, i18n: I18nContext, step: int, edit: bool = False
) -> None:
    data = await state.get_data()
    values: dict[str, Any] = data["values"]
    step = _next_step(step, values)
    await state.update_data(step=step, values=values)
    editing = bool(data.get("program_id"))
    fields = provider_desk.PROGRAM_FIELDS
    if step >= len(fields):
        summary = "\n".join(
            i18n.get("provider-summary-line", field=k, value=_current(i18n, k, values)) for k in fields
        )
        await target.answer(i18n.get("provider-form-summary", lines=summary), reply_markup=kb.submit(i18n))
        return
    key = fields[step]
    current = _current(i18n, key, values) if editing else ""
    text = i18n.get("provider-ask", field=key, current=current or "none", step=step + 1, total=len(fields))
    markup: InlineKeyboardMarkup | None
    if key in CHOICES:
        markup = kb.form_choices(i18n, step, CHOICES[key], "provider-choice", editing)
    else:
        markup = kb.keep(i18n, step) if editing else None
    await target.answer(text, reply_markup=markup)


async def _start_form(query: CallbackQuery, state: FSMContext, i18n: I18nContext, **data: Any) -> None:
    await state.set_state(ProgramFormStates.field)
    await state.set_data(data)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("provider-form-intro"))
        await _ask_step(query.message, state, i18n, 0)


@router.callback_query(kb.PvCb.filter(F.action == "pn"))
async def new_program(
    query: CallbackQuery, callback_data: kb.PvCb, state: FSMContext, access: Access, i18n: I18nContext
) -> None:
    if not access.works_for(callback_data.id):
        await query.answer(i18n.get("error-not-allowed"), show_alert=True)
        return
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
    try:
        program = await provider_desk.own_program(session, callback_data.id, access.provider_ids)
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    values = provider_desk.form_of(program)
    await _start_form(
        query, state, i18n, provider_id=program.provider_id, program_id=program.id, values=values
    )


def _parse(key: str, text: str) -> dict[str, Any]:
    """One typed answer -> the values it sets; DomainError("provider-bad-<field>") when it is not one."""
    text = text.strip()
    if key == "ages":
        low, high = provider_desk.parse_ages(text)
        return {"age_min": low, "age_max": high}
    if key in TEXTS:
        low, high = TEXTS[key]
        if not low <= len(text) <= high:
            raise DomainError(f"provider-bad-{key}", min=low, max=high)
        return {key: text}
    if key in NUMBERS:
        low, high = NUMBERS[key]
        if not text.isdigit() or not low <= int(text) <= high:
            raise DomainError("provider-bad-number", min=low, max=high)
        return {key: int(text)}
    if key in MONEY:
        amount = parse_rubles(text)
        if not amount:
            raise DomainError("provider-bad-money")
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
    try:
        update = _parse(fields[step], message.text or "")
    except DomainError as error:
        await message.answer(refusal(i18n, error))
        return
    await state.update_data(values=data["values"] | update)
    await _ask_step(message, state, i18n, step + 1)


@router.callback_query(ProgramFormStates.field, kb.PvCb.filter(F.action.in_({"fe", "fk"})))
async def form_button(
    query: CallbackQuery, callback_data: kb.PvCb, state: FSMContext, i18n: I18nContext
) -> None:
    data = await state.get_data()
    step = int(data.get("step", 0))
    fields = provider_desk.PROGRAM_FIELDS
    if callback_data.id != step or step >= len(fields):
        await query.answer(i18n.get("fallback-button"), show_alert=True)
        return
    key = fields[step]
    if callback_data.action == "fe":
        options = CHOICES.get(key, [])
        if not 0 <= callback_data.arg < len(options):
            await query.answer(i18n.get("fallback-button"), show_alert=True)
            return
        value: Any = options[callback_data.arg]
        if key == "needs_medical_certificate":
            value = value == "yes"
        await state.update_data(values=data["values"] | {key: value})
    await query.answer()
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
        await query.answer(i18n.get("fallback-button"), show_alert=True)
        return
    form = provider_desk.ProgramForm.from_dict(data["values"])
    try:
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
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    await state.clear()
    await _edit(query, i18n.get("provider-submitted", title=html.escape(form.title)))


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
    try:
        await provider_desk.own_program(session, callback_data.id, access.provider_ids)
    except DomainError as error:
        await _refuse(query, i18n, error)
        return
    await state.set_state(GroupFormStates.name)
    await state.set_data({"program_id": callback_data.id, "group": {}})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("provider-group-ask", field="name"))


def _parse_group(field: str, text: str) -> dict[str, Any]:
    text = text.strip()
    if field == "schedule":
        return {"schedule": provider_desk.parse_schedule(text)}
    if field == "dates":
        start, end = provider_desk.parse_dates(text)
        return {"starts_on": start.isoformat(), "ends_on": end.isoformat()}
    if field == "capacity":
        if not text.isdigit() or not 1 <= int(text) <= 200:
            raise DomainError("provider-bad-number", min=1, max=200)
        return {"capacity": int(text)}
    if not 1 <= len(text) <= 200:
        raise DomainError("provider-bad-text")
    return {field: text}


@router.message(StateFilter(*(s for s, _ in GROUP_STEPS)), F.text)
async def group_step(
    message: Message,
    session: AsyncSession,
    state: FSMContext,
    raw_state: str,
    user: User,
    access: Access,
    i18n: I18nContext,
) -> None:
    index = next(i for i, (s, _) in enumerate(GROUP_STEPS) if s.state == raw_state)
    field = GROUP_STEPS[index][1]
    data = await state.get_data()
    try:
        values = data["group"] | _parse_group(field, message.text or "")
    except DomainError as error:
        await message.answer(refusal(i18n, error))
        return
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
    except DomainError as error:
        await message.answer(refusal(i18n, error))
        return
    await state.clear()
    await message.answer(i18n.get("provider-group-created", line=group_line(i18n, group)))
