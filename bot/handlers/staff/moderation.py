"""Staff: the moderation queue. Publish a program into a register with its maximum of students, or
return it to the provider with a reason. Each decision is made only from a summary of what will happen,
by its confirm button; every question has «Cancel», which changes nothing."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.formatting import CARD, LINE, day, escaped, rub
from bot.handlers.common.ui import message_of, refusal, show
from bot.keyboards import desk as kb
from bot.keyboards.disputes import with_waiting
from bot.keyboards.paging import page_note
from bot.services.accounts.access import Access
from bot.services.catalogue import catalog
from bot.services.clock import Clock
from bot.services.desk import moderation
from bot.services.errors import DomainError, NotAllowed
from bot.services.money import disputes
from bot.services.paging import page_of
from bot.views import catalog as views
from db.models import Program, Register

router = Router(name="desk-moderation")


GROUPS_SHOWN = 3  # with every field at its display limit the card stays within one message


class PublishForm(StatesGroup):
    max_students = State()
    confirm = State()


class ReturnForm(StatesGroup):
    note = State()
    confirm = State()


FORMS = (*PublishForm.__all_states_names__, *ReturnForm.__all_states_names__)
ASKED_AGAIN = ("desk-moderation-max-bad", "desk-moderation-note-bad")  # a typed answer's refusals


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
    return "\n".join([text, views.program_features(i18n, program), *lines, *warning])


async def _pending(session: AsyncSession, access: Access, program_id: int) -> Program:
    """The program still awaiting a decision in the staff member's municipalities (or a refusal)."""
    return await moderation.pending_program(session, access.staff_municipality_ids, program_id)


async def _queue(
    session: AsyncSession, access: Access, i18n: I18nContext, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    programs = await moderation.queue(session, access.staff_municipality_ids)
    disputed = len(await disputes.awaiting_staff(session, access.staff_municipality_ids))
    if not programs:
        return i18n.get("desk-moderation-empty"), with_waiting(i18n, None, disputed, staff=True)
    shown = page_of(programs, page)
    text = i18n.get("desk-moderation-queue", count=len(programs)) + page_note(i18n, shown.page, shown.pages)
    return text, with_waiting(i18n, kb.moderation_queue(i18n, shown), disputed, staff=True)


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
            i18n.get("desk-moderation-ask-register", title=escaped(program.title, LINE)),
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
    await state.set_data({"program_id": program.id, "register": register.value})
    if message := message_of(query):
        await message.answer(
            i18n.get("desk-moderation-ask-max", register=register.value),
            reply_markup=kb.keep_max(i18n, program),
        )


async def _ask_publish(
    target: Message | CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
    max_students: int | None,
) -> None:
    """The publication's summary, to confirm; `max_students` None keeps the provider's."""
    data = await state.get_data()
    program = await _pending(session, access, data["program_id"])
    chosen = program.max_students if max_students is None else max_students
    listed = await catalog.has_open_group(session, program.id, clock.today())
    await state.set_state(PublishForm.confirm)
    await state.update_data(max_students=chosen)
    text = i18n.get(
        "desk-moderation-confirm-publish",
        title=escaped(program.title, LINE),
        register=data["register"],
        max=chosen,
        listed="yes" if listed else "no",
    )
    await show(target, text, kb.moderation_confirm(i18n, program.id, "publish_ok"))


async def _ask_again_or_end(
    message: Message, state: FSMContext, i18n: I18nContext, error: DomainError
) -> None:
    """A typed answer refused: a bad answer is asked again; a refused program ends the form."""
    if error.key not in ASKED_AGAIN:
        await state.clear()
    await message.answer(refusal(i18n, error))


@router.message(PublishForm.max_students, F.text)
async def got_max(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    try:
        max_students = moderation.parse_max_students(message.text or "")
        await _ask_publish(message, state, session, access, clock, i18n, max_students)
    except DomainError as error:
        await _ask_again_or_end(message, state, i18n, error)


async def _form(state: FSMContext, callback_data: kb.ModCb) -> dict[str, Any]:
    """The open form's answers, if the button is for its program (else the button is stale)."""
    data = await state.get_data()
    if data.get("program_id") != callback_data.program_id:
        raise DomainError("desk-moderation-stale")
    return data


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
    await _form(state, callback_data)
    await _ask_publish(query, state, session, access, clock, i18n, None)


@router.callback_query(kb.ModCb.filter(F.action == "publish_ok"), StateFilter(PublishForm.confirm))
async def publish(
    query: CallbackQuery,
    callback_data: kb.ModCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    data = await _form(state, callback_data)
    await state.clear()  # a refusal rolls this back with the rest: the form stays as it was
    program, listed = await moderation.publish(
        session,
        actor_id=access.user.id,
        scope=access.staff_municipality_ids,
        program_id=callback_data.program_id,
        register=Register(data["register"]),
        max_students=data["max_students"],
        now=clock.now(),
        today=clock.today(),
    )
    text = i18n.get(
        "desk-moderation-published",
        title=escaped(program.title, LINE),
        register=program.register.value,
        max=program.max_students,
        listed="yes" if listed else "no",
    )
    await show(query, text, kb.to_queue(i18n))


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
    await state.set_data({"program_id": program.id})
    if message := message_of(query):
        await message.answer(
            i18n.get("desk-moderation-ask-note", title=escaped(program.title, LINE)),
            reply_markup=kb.moderation_question(i18n, program.id),
        )


@router.message(ReturnForm.note, F.text)
async def got_note(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    data = await state.get_data()
    try:
        note = moderation.check_note(message.text or "")
        program = await _pending(session, access, data["program_id"])
    except DomainError as error:
        await _ask_again_or_end(message, state, i18n, error)
        return
    await state.set_state(ReturnForm.confirm)
    await state.update_data(note=note)
    text = i18n.get(
        "desk-moderation-confirm-return", title=escaped(program.title, LINE), note=escaped(note, CARD)
    )
    await message.answer(text, reply_markup=kb.moderation_confirm(i18n, program.id, "return_ok"))


@router.callback_query(kb.ModCb.filter(F.action == "return_ok"), StateFilter(ReturnForm.confirm))
async def return_for_rework(
    query: CallbackQuery,
    callback_data: kb.ModCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    data = await _form(state, callback_data)
    await state.clear()  # a refusal rolls this back with the rest: the form stays as it was
    program = await moderation.return_for_rework(
        session,
        actor_id=access.user.id,
        scope=access.staff_municipality_ids,
        program_id=callback_data.program_id,
        note=data["note"],
        now=clock.now(),
    )
    await show(
        query, i18n.get("desk-moderation-returned", title=escaped(program.title, LINE)), kb.to_queue(i18n)
    )


@router.callback_query(kb.ModCb.filter(F.action.in_({"publish_ok", "return_ok"})))
async def stale_confirm(
    query: CallbackQuery, callback_data: kb.ModCb, session: AsyncSession, access: Access
) -> None:
    """A confirm whose form is gone (confirmed already, cancelled, or another begun): nothing is done,
    and if the program was decided meanwhile, that is what the staff member is told."""
    await _pending(session, access, callback_data.program_id)
    raise DomainError("desk-moderation-stale")


@router.callback_query(kb.ModCb.filter(F.action == "cancel"))
async def cancel(query: CallbackQuery, callback_data: kb.ModCb, state: FSMContext, i18n: I18nContext) -> None:
    """Nothing is decided; the form ends if it is this program's (an old question's «Cancel» leaves a
    form begun since as it is)."""
    if (
        await state.get_state() in FORMS
        and (await state.get_data()).get("program_id") == callback_data.program_id
    ):
        await state.clear()
    await show(query, i18n.get("desk-moderation-cancelled"), kb.to_queue(i18n))
