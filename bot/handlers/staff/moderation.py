"""Staff: the moderation queue. Publish a program into a register with its maximum of students, or
return it to the provider with a reason."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.formatting import CARD, LINE, day, escaped, rub
from bot.handlers.common.ui import message_of, refusal
from bot.keyboards import desk as kb
from bot.keyboards.paging import page_note
from bot.services.accounts.access import Access
from bot.services.catalogue import catalog
from bot.services.clock import Clock
from bot.services.desk import moderation
from bot.services.errors import DomainError, NotAllowed
from bot.services.paging import page_of
from bot.views import catalog as views
from db.models import Program, Register

router = Router(name="desk-moderation")


GROUPS_SHOWN = 3  # with every field at its display limit the card stays within one message


class PublishForm(StatesGroup):
    max_students = State()


class ReturnForm(StatesGroup):
    note = State()


def card(i18n: I18nContext, program: Program, listed: bool) -> str:
    """The program as staff check it; `listed`: it has a group parents can ask to join, so publishing
    puts it in the catalogue at once (else the card warns that parents will not see it yet)."""
    locale = i18n.locale
    text = i18n.get(
        "desk-program-card",
        title=escaped(program.title, LINE),
        provider=escaped(program.provider.name, LINE),
        inn=program.provider.inn,
        code=escaped(program.external_code or "—", LINE),
        direction=program.direction.value,
        level=program.level.value,
        register=program.register.value,
        age_min=program.age_min,
        age_max=program.age_max,
        months=program.duration_months,
        hours=program.hours_per_week,
        price=rub(program.price_kopecks, locale),
        normative=rub(program.normative_cost_kopecks, locale),
        max=program.max_students,
        medical=str(program.needs_medical_certificate).lower(),
        address=escaped(program.address or "—", LINE),
        description=escaped(program.description or "—", CARD),
        groups=len(program.groups),
    )
    lines = [
        i18n.get(
            "desk-program-group",
            name=escaped(g.name, LINE),
            schedule=views.schedule_text(i18n, g.schedule),
            starts=day(g.starts_on, locale),
            ends=day(g.ends_on, locale),
            capacity=g.capacity,
            teacher=escaped(g.teacher or "—", LINE),
        )
        for g in program.groups[:GROUPS_SHOWN]
    ]
    warning = [] if listed else ["", i18n.get("desk-program-not-listed")]
    return "\n".join([text, *lines, *warning])


async def _pending(session: AsyncSession, access: Access, program_id: int) -> Program:
    """The program still awaiting a decision in the staff member's municipalities (or a refusal)."""
    return await moderation.pending_program(session, access.staff_municipality_ids, program_id)


async def _queue(
    session: AsyncSession, access: Access, i18n: I18nContext, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    programs = await moderation.queue(session, access.staff_municipality_ids)
    if not programs:
        return i18n.get("desk-moderation-empty"), None
    shown = page_of(programs, page)
    text = i18n.get("desk-moderation-queue", count=len(programs)) + page_note(i18n, shown.page, shown.pages)
    return text, kb.moderation_queue(i18n, shown)


@router.message(LazyFilter("menu-staff-moderation"))
async def show_queue(message: Message, session: AsyncSession, access: Access, i18n: I18nContext) -> None:
    text, markup = await _queue(session, access, i18n, 0)
    await message.answer(text, reply_markup=markup)


@router.callback_query(kb.ModCb.filter(F.action == "queue"))
async def queue_page(
    query: CallbackQuery, callback_data: kb.ModCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    text, markup = await _queue(session, access, i18n, callback_data.program_id)
    if message := message_of(query):
        await message.edit_text(text, reply_markup=markup)


@router.callback_query(kb.ModCb.filter(F.action == "open"))
async def open_card(
    query: CallbackQuery,
    callback_data: kb.ModCb,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    program = await _pending(session, access, callback_data.program_id)
    await session.refresh(program, ["groups"])
    listed = await catalog.has_open_group(session, program.id, clock.today())
    if message := message_of(query):
        await message.answer(card(i18n, program, listed), reply_markup=kb.moderation_card(i18n, program.id))


@router.callback_query(kb.ModCb.filter(F.action == "publish"))
async def ask_register(
    query: CallbackQuery, callback_data: kb.ModCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    program = await _pending(session, access, callback_data.program_id)
    if message := message_of(query):
        await message.answer(
            i18n.get("desk-moderation-ask-register", title=html.escape(program.title)),
            reply_markup=kb.registers(i18n, program),
        )


@router.callback_query(kb.ModCb.filter(F.action == "register"))
async def ask_max(
    query: CallbackQuery,
    callback_data: kb.ModCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    if callback_data.reg not in set(Register):
        raise NotAllowed()
    register = Register(callback_data.reg)
    program = await _pending(session, access, callback_data.program_id)
    await state.set_state(PublishForm.max_students)
    await state.update_data(program_id=program.id, register=register.value)
    if message := message_of(query):
        await message.answer(
            i18n.get("desk-moderation-ask-max", register=register.value),
            reply_markup=kb.keep_max(i18n, program),
        )


async def _publish(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
    program_id: int,
    max_students: int,
) -> Program:
    data = await state.get_data()
    await state.clear()
    program, listed = await moderation.publish(
        session,
        actor_id=access.user.id,
        scope=access.staff_municipality_ids,
        program_id=program_id,
        register=Register(data["register"]),
        max_students=max_students,
        now=clock.now(),
        today=clock.today(),
    )
    await message.answer(
        i18n.get(
            "desk-moderation-published",
            title=html.escape(program.title),
            register=program.register.value,
            max=program.max_students,
            listed="yes" if listed else "no",
        )
    )
    return program


@router.message(PublishForm.max_students, F.text)
async def got_max(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    data = await state.get_data()
    try:
        max_students = moderation.parse_max_students(message.text or "")
        await _publish(message, state, session, access, clock, i18n, data["program_id"], max_students)
    except DomainError as error:  # a bad number asks again; a refused publication ends the form
        await message.answer(refusal(i18n, error))


@router.callback_query(kb.ModCb.filter(F.action == "keep_max"), StateFilter(PublishForm.max_students))
async def keep_max(
    query: CallbackQuery,
    callback_data: kb.ModCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    data = await state.get_data()
    message = message_of(query)
    if data.get("program_id") != callback_data.program_id or message is None:
        raise DomainError("desk-moderation-stale")
    program = await _pending(session, access, callback_data.program_id)
    await _publish(message, state, session, access, clock, i18n, program.id, program.max_students)


@router.callback_query(kb.ModCb.filter(F.action == "return"))
async def ask_note(
    query: CallbackQuery,
    callback_data: kb.ModCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    program = await _pending(session, access, callback_data.program_id)
    await state.set_state(ReturnForm.note)
    await state.update_data(program_id=program.id)
    if message := message_of(query):
        await message.answer(i18n.get("desk-moderation-ask-note", title=html.escape(program.title)))


@router.message(ReturnForm.note, F.text)
async def got_note(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    data = await state.get_data()
    try:
        program = await moderation.return_for_rework(
            session,
            actor_id=access.user.id,
            scope=access.staff_municipality_ids,
            program_id=data["program_id"],
            note=message.text or "",
            now=clock.now(),
        )
    except DomainError as error:
        if error.key != "desk-moderation-note-bad":
            await state.clear()
        await message.answer(refusal(i18n, error))
        return
    await state.clear()
    await message.answer(i18n.get("desk-moderation-returned", title=html.escape(program.title)))
