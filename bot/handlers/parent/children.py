"""The parent's «👶 Мои дети»: the list, the add-child form, the child's card, changes and removal.

The form keeps what was typed in the FSM data (stored in the DB, so it survives a restart) and saves
the child only when the parent presses «Сохранить». The same states serve three modes: a new child
(step by step), fixing a field before saving, and changing a field of a saved child."""

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

from bot.formatting import LINE, day, escaped
from bot.handlers.common.menu import ask_for_consent
from bot.handlers.common.ui import message_of, put, show
from bot.keyboards import children as kb
from bot.keyboards.children import ChildCb, field_key
from bot.keyboards.menu import main_menu
from bot.keyboards.paging import page_note
from bot.services import rules
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.errors import NotAllowed
from bot.services.family import certificates, children, interests, path
from bot.services.paging import LIST_BUTTONS, page_of
from db.models import Child, User

router = Router(name="children")


class ChildForm(StatesGroup):
    last_name = State()
    first_name = State()
    patronymic = State()
    birth_date = State()
    municipality_id = State()
    snils = State()
    confirm = State()


STATES = {field: getattr(ChildForm, field) for field in children.FIELDS}
TEXT_STATES = [STATES[field] for field in children.TEXT_FIELDS]
OPTIONAL = ("patronymic", "snils")


def describe(i18n: I18nContext, values: dict[str, Any], municipality: str) -> str:
    """The child's data as the summary and the card show it; everything typed is escaped."""
    snils = values.get("snils")
    return i18n.get(
        "children-data",
        last_name=html.escape(values["last_name"]),
        first_name=html.escape(values["first_name"]),
        patronymic=html.escape(values.get("patronymic") or "—"),
        birth_date=day(date.fromisoformat(values["birth_date"]), i18n.locale),
        municipality=html.escape(municipality),
        snils=children.format_snils(snils) if snils else "—",
    )


def child_values(child: Child) -> dict[str, Any]:
    return {
        "last_name": child.last_name,
        "first_name": child.first_name,
        "patronymic": child.patronymic,
        "birth_date": child.birth_date.isoformat(),
        "snils": child.snils,
    }


async def ask(
    target: Message, state: FSMContext, session: AsyncSession, i18n: I18nContext, field: str
) -> None:
    """Move the form to `field` and ask for it, saying what is expected."""
    await state.set_state(STATES[field])
    markup: InlineKeyboardMarkup | None = None
    if field == "municipality_id":
        markup = kb.municipalities(i18n, await children.municipalities(session))
    elif field in OPTIONAL:
        edit = (await state.get_data()).get("mode") == "edit"
        markup = kb.skip(i18n, "children-clear" if edit else "children-skip")
    await target.answer(i18n.get(f"children-ask-{field_key(field)}"), reply_markup=markup)


async def show_list(
    target: Message, session: AsyncSession, user: User, i18n: I18nContext, edit: bool = False, page: int = 0
) -> None:
    family = await certificates.family(session, user.id)
    shown = page_of([(s.child, s.label) for s in family], page, LIST_BUTTONS)
    text = i18n.get("children-list", count=len(family)) + page_note(i18n, shown.page, shown.pages)
    await put(target, text, kb.children_list(i18n, shown), edit=edit)


async def show_card(
    target: Message,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
    child_id: int,
    *,
    edit: bool = False,
) -> None:
    child = await children.get_child(session, user.id, child_id)
    status = await certificates.child_status(session, child)
    can_apply = status.can_apply(clock.today())
    text = i18n.get(
        "children-card",
        data=describe(i18n, child_values(child), child.municipality.name(i18n.locale)),
        # "none" for a child who cannot apply (yet) explains why there is no button
        status="not-yet" if status.label == "none" and not can_apply else status.label,
        number=status.certificate.number if status.certificate else "",
        min=rules.AGE_MIN,
    )
    markup = kb.card(
        i18n,
        child.id,
        certificate_id=status.certificate.id if status.certificate else None,
        can_apply=can_apply,
    )
    await put(target, text, markup, edit=edit)


async def show_summary(target: Message, state: FSMContext, session: AsyncSession, i18n: I18nContext) -> None:
    await state.set_state(ChildForm.confirm)
    values = (await state.get_data())["child"]
    municipality = await children.served_municipality(session, values["municipality_id"])
    await target.answer(
        i18n.get("children-summary", data=describe(i18n, values, municipality.name(i18n.locale))),
        reply_markup=kb.summary(i18n),
    )


async def accept_value(
    target: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
    field: str,
    value: str | int | None,
) -> None:
    """A field passed validation: store it and go on, as the form's mode says."""
    data = await state.get_data()
    if data.get("mode") == "edit":
        await children.update_child(
            session, user.id, data["child_id"], field, None if value is None else str(value), clock.today()
        )
        await state.clear()
        await target.answer(i18n.get("children-changed"))
        await show_card(target, session, user, i18n, clock, data["child_id"])
        return
    values = {**data.get("child", {}), field: value}
    await state.update_data(child=values)
    if data.get("mode") == "fix":
        await show_summary(target, state, session, i18n)
        return
    following = children.FIELDS.index(field) + 1
    if following < len(children.FIELDS):
        await ask(target, state, session, i18n, children.FIELDS[following])
    else:
        await show_summary(target, state, session, i18n)


@router.message(LazyFilter("menu-children"))
async def open_children(
    message: Message, session: AsyncSession, user: User, access: Access, i18n: I18nContext
) -> None:
    if access.is_teen:  # a child's own account has no family to manage, and gives no consent
        await message.answer(i18n.get("children-teen-not-here"), reply_markup=main_menu(i18n, access.menu))
        return
    if not user.has_consent:
        await ask_for_consent(message, i18n)
        return
    await show_list(message, session, user, i18n)


@router.callback_query(ChildCb.filter(F.action == "list"))
async def list_again(
    query: CallbackQuery, callback_data: ChildCb, session: AsyncSession, user: User, i18n: I18nContext
) -> None:
    page = callback_data.id
    if message := message_of(query):
        await show_list(message, session, user, i18n, edit=True, page=page)


@router.callback_query(ChildCb.filter(F.action == "add"))
async def add_start(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, user: User, i18n: I18nContext
) -> None:
    message = message_of(query)
    if message is None:
        return
    if not user.has_consent:
        await ask_for_consent(message, i18n)
    else:
        await state.set_data({"mode": "new", "child": {}})
        await message.answer(i18n.get("children-add-intro"))
        await ask(message, state, session, i18n, children.FIELDS[0])


@router.message(StateFilter(*TEXT_STATES), F.text)
async def typed_value(
    message: Message,
    state: FSMContext,
    raw_state: str,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    field = raw_state.split(":")[1]
    value = children.parse_field(field, message.text or "", clock.today())
    await accept_value(message, state, session, user, i18n, clock, field, value)


@router.message(StateFilter(*TEXT_STATES))
async def not_text(message: Message, raw_state: str, i18n: I18nContext) -> None:
    await message.answer(i18n.get(f"children-ask-{field_key(raw_state.split(':')[1])}"))


@router.callback_query(StateFilter(ChildForm.patronymic, ChildForm.snils), ChildCb.filter(F.action == "skip"))
async def skipped(
    query: CallbackQuery,
    state: FSMContext,
    raw_state: str,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    field = raw_state.split(":")[1]
    if message := message_of(query):
        # The question becomes its answer, so the chat reads as the form was filled in.
        await message.edit_text(i18n.get(f"children-skipped-{field_key(field)}"))
        await accept_value(message, state, session, user, i18n, clock, field, None)


@router.callback_query(ChildForm.municipality_id, ChildCb.filter(F.action == "mun"))
async def municipality_chosen(
    query: CallbackQuery,
    callback_data: ChildCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    municipality = await children.served_municipality(session, callback_data.id)
    if message := message_of(query):
        await message.edit_text(
            i18n.get("children-municipality-chosen", name=html.escape(municipality.name(i18n.locale)))
        )
        await accept_value(message, state, session, user, i18n, clock, "municipality_id", municipality.id)


@router.message(StateFilter(ChildForm.municipality_id, ChildForm.confirm))
async def buttons_expected(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("children-use-buttons"))


@router.callback_query(ChildForm.confirm, ChildCb.filter(F.action == "save"))
async def save(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    values = (await state.get_data())["child"]
    child = await children.add_child(
        session,
        user.id,
        children.ChildData(
            last_name=values["last_name"],
            first_name=values["first_name"],
            patronymic=values.get("patronymic"),
            birth_date=date.fromisoformat(values["birth_date"]),
            municipality_id=values["municipality_id"],
            snils=values.get("snils"),
        ),
        clock.today(),
    )
    await state.clear()
    if message := message_of(query):
        await message.edit_text(i18n.get("children-saved", name=html.escape(child.first_name)))
        await show_card(message, session, user, i18n, clock, child.id)


@router.callback_query(ChildForm.confirm, ChildCb.filter(F.action == "fix"))
async def fix_choose(query: CallbackQuery, i18n: I18nContext) -> None:
    if message := message_of(query):
        await message.edit_text(
            i18n.get("children-fix-which"), reply_markup=kb.fields(i18n, children.FIELDS, "fixf")
        )


@router.callback_query(ChildForm.confirm, ChildCb.filter(F.action == "fixf"))
async def fix_field(
    query: CallbackQuery,
    callback_data: ChildCb,
    state: FSMContext,
    session: AsyncSession,
    i18n: I18nContext,
) -> None:
    if callback_data.value not in children.FIELDS:
        raise NotAllowed()
    await state.update_data(mode="fix")
    if message := message_of(query):
        await message.edit_reply_markup(reply_markup=None)
        await ask(message, state, session, i18n, callback_data.value)


@router.callback_query(ChildForm.confirm, ChildCb.filter(F.action == "back"))
async def fix_back(query: CallbackQuery, state: FSMContext, session: AsyncSession, i18n: I18nContext) -> None:
    if message := message_of(query):
        await message.edit_reply_markup(reply_markup=None)
        await show_summary(message, state, session, i18n)


@router.callback_query(ChildCb.filter(F.action == "cancel"))
async def cancel(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    if message := message_of(query):
        await message.edit_text(i18n.get("children-cancelled"), reply_markup=kb.to_list(i18n))


@router.callback_query(ChildCb.filter(F.action == "card"))
async def card(
    query: CallbackQuery,
    callback_data: ChildCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    if message := message_of(query):
        await show_card(message, session, user, i18n, clock, callback_data.id, edit=True)
        await state.clear()


@router.callback_query(ChildCb.filter(F.action == "edit"))
async def edit_choose(
    query: CallbackQuery, callback_data: ChildCb, session: AsyncSession, user: User, i18n: I18nContext
) -> None:
    child = await children.get_child(session, user.id, callback_data.id)
    if message := message_of(query):
        await message.edit_text(
            i18n.get("children-edit-which", name=html.escape(child.first_name)),
            reply_markup=kb.fields(i18n, children.FIELDS, "field", child.id),
        )


@router.callback_query(ChildCb.filter(F.action == "field"))
async def edit_field(
    query: CallbackQuery,
    callback_data: ChildCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
) -> None:
    field = callback_data.value
    if field not in children.FIELDS:
        raise NotAllowed()
    child = await children.get_child(session, user.id, callback_data.id)
    await children.check_editable(session, child, field)
    await state.set_data({"mode": "edit", "child_id": child.id})
    if message := message_of(query):
        await message.edit_reply_markup(reply_markup=None)
        await ask(message, state, session, i18n, field)


@router.callback_query(ChildCb.filter(F.action == "del"))
async def delete_ask(
    query: CallbackQuery, callback_data: ChildCb, session: AsyncSession, user: User, i18n: I18nContext
) -> None:
    child = await children.get_child(session, user.id, callback_data.id)
    status = await certificates.child_status(session, child)
    if message := message_of(query):
        await message.edit_text(
            i18n.get("children-delete-ask", name=html.escape(child.full_name), status=status.label),
            reply_markup=kb.delete_confirm(i18n, child.id),
        )


@router.callback_query(ChildCb.filter(F.action == "delok"))
async def delete(
    query: CallbackQuery,
    callback_data: ChildCb,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    await children.remove_child(session, user.id, callback_data.id, clock.now(), clock.today())
    if message := message_of(query):
        await message.edit_text(i18n.get("children-deleted"), reply_markup=kb.to_list(i18n))


@router.callback_query(ChildCb.filter(F.action == "int"))
async def interests_open(
    query: CallbackQuery, callback_data: ChildCb, session: AsyncSession, user: User, i18n: I18nContext
) -> None:
    child = await children.get_child(session, user.id, callback_data.id)
    await show(
        query,
        i18n.get("children-interests-title", name=html.escape(child.first_name)),
        kb.interests(i18n, child.id, child.interests or []),
    )


@router.callback_query(ChildCb.filter(F.action == "intd"))
async def interest_toggle(
    query: CallbackQuery, callback_data: ChildCb, session: AsyncSession, user: User, i18n: I18nContext
) -> None:
    child = await children.get_child(session, user.id, callback_data.id)
    chosen = await interests.toggle(session, child, callback_data.value)
    if message := message_of(query):
        await message.edit_reply_markup(reply_markup=kb.interests(i18n, child.id, chosen))


@router.callback_query(ChildCb.filter(F.action == "next"))
async def next_steps(
    query: CallbackQuery,
    callback_data: ChildCb,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    """«🧭 Что дальше»: the child's next steps, each opening its program's card in the catalogue."""
    found = await path.next_steps(session, callback_data.id, clock.today(), parent_id=user.id)
    name = escaped(found.child.first_name, LINE)
    if not found.steps:
        await show(query, i18n.get("path-empty", name=name), kb.path(i18n, found.child.id, []))
        return
    lines = [
        i18n.get(
            "path-step",
            n=n,
            title=escaped(step.program.title, LINE),
            kind=step.kind.value,
            direction=i18n.get(f"catalog-direction-{step.program.direction.value}"),
            level=step.program.level.value,
            min=step.program.age_min,
            max=step.program.age_max,
            fits="yes" if step.fits else "no",
            seat="yes" if step.free_seat else "no",
        )
        for n, step in enumerate(found.steps, 1)
    ]
    text = i18n.get("path-title", name=name, steps="\n\n".join(lines))
    await show(query, text, kb.path(i18n, found.child.id, [s.program for s in found.steps]))
