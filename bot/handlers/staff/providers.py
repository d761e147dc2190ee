"""Staff: the providers of their municipalities. Add one (name, kind, INN), invite its employees,
suspend or resume it."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.formatting import CARD, escaped
from bot.handlers.common.ui import message_of
from bot.keyboards import desk as kb
from bot.keyboards.paging import page_note
from bot.services.accounts import invites
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.desk import providers
from bot.services.errors import NotAllowed
from bot.services.paging import page_of
from bot.services.rules import clean_inn
from db.models import Provider, ProviderKind, ProviderState

router = Router(name="desk-providers")


class ProviderForm(StatesGroup):
    name = State()
    kind = State()
    inn = State()


def card(i18n: I18nContext, provider: Provider) -> str:
    return i18n.get(
        "desk-provider-card",
        name=escaped(provider.name, CARD),
        inn=provider.inn,
        kind=provider.kind.value,
        municipality=html.escape(provider.municipality.name(i18n.locale)),
        state=provider.state.value,
    )


async def _list_text(
    session: AsyncSession, i18n: I18nContext, municipality_id: int, page: int = 0
) -> tuple[str, kb.InlineKeyboardMarkup]:
    rows = await providers.list_providers(session, municipality_id)
    shown = page_of(rows, page)
    text = i18n.get("desk-providers-list", count=len(rows)) + page_note(i18n, shown.page, shown.pages)
    return text, kb.providers_list(i18n, municipality_id, shown)


@router.message(LazyFilter("menu-staff-providers"))
async def show_providers(message: Message, session: AsyncSession, access: Access, i18n: I18nContext) -> None:
    places = await providers.municipalities(session, access.staff_municipality_ids)
    if len(places) == 1:
        text, markup = await _list_text(session, i18n, places[0].id)
        await message.answer(text, reply_markup=markup)
        return
    await message.answer(
        i18n.get("desk-providers-choose-municipality"),
        reply_markup=kb.municipalities([(m.id, m.name(i18n.locale)) for m in places], "muni"),
    )


@router.callback_query(kb.ProvCb.filter(F.action == "muni"))
async def show_municipality(
    query: CallbackQuery, callback_data: kb.ProvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    municipality_id = callback_data.municipality_id
    if not access.is_staff_of(municipality_id):
        raise NotAllowed()
    text, markup = await _list_text(session, i18n, municipality_id, callback_data.provider_id)
    if message := message_of(query):
        if callback_data.provider_id:  # another page of the list on screen
            await message.edit_text(text, reply_markup=markup)
        else:
            await message.answer(text, reply_markup=markup)


@router.callback_query(kb.ProvCb.filter(F.action == "open"))
async def open_provider(
    query: CallbackQuery, callback_data: kb.ProvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    provider = await providers.staff_provider(
        session, access.staff_municipality_ids, callback_data.provider_id
    )
    if message := message_of(query):
        await message.answer(card(i18n, provider), reply_markup=kb.provider_card(i18n, provider))


@router.callback_query(kb.ProvCb.filter(F.action.in_({"suspend", "resume"})))
async def change_state(
    query: CallbackQuery,
    callback_data: kb.ProvCb,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    target = ProviderState.SUSPENDED if callback_data.action == "suspend" else ProviderState.ACTIVE
    provider = await providers.set_state(
        session,
        actor_id=access.user.id,
        scope=access.staff_municipality_ids,
        provider_id=callback_data.provider_id,
        state=target,
    )
    if message := message_of(query):
        await message.edit_text(card(i18n, provider), reply_markup=kb.provider_card(i18n, provider))
    callback_answer.text = i18n.get(f"desk-provider-now-{target.value}")


@router.callback_query(kb.ProvCb.filter(F.action == "invite"))
async def invite(
    query: CallbackQuery,
    callback_data: kb.ProvCb,
    bot: Bot,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    code = await providers.make_invite(
        session,
        actor_id=access.user.id,
        scope=access.staff_municipality_ids,
        provider_id=callback_data.provider_id,
        now=clock.now(),
    )
    me = await bot.me()
    if message := message_of(query):
        await message.answer(
            i18n.get(
                "desk-provider-invite-made",
                link=invites.deep_link(me.username or "", code),
                code=code,
                days=invites.INVITE_TTL.days,
            )
        )


@router.callback_query(kb.ProvCb.filter(F.action == "add"))
async def add_start(
    query: CallbackQuery, callback_data: kb.ProvCb, state: FSMContext, access: Access, i18n: I18nContext
) -> None:
    municipality_id = callback_data.municipality_id
    if not access.is_staff_of(municipality_id):
        raise NotAllowed()
    await state.set_state(ProviderForm.name)
    await state.set_data({"municipality_id": municipality_id})
    if message := message_of(query):
        await message.answer(i18n.get("desk-provider-ask-name"))


@router.message(ProviderForm.name, F.text)
async def add_name(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    name = providers.check_name(message.text or "")
    await state.update_data(name=name)
    await state.set_state(ProviderForm.kind)
    await message.answer(i18n.get("desk-provider-ask-kind"), reply_markup=kb.provider_kinds(i18n))


@router.callback_query(ProviderForm.kind, kb.ProvCb.filter(F.action == "kind"))
async def add_kind(
    query: CallbackQuery, callback_data: kb.ProvCb, state: FSMContext, i18n: I18nContext
) -> None:
    kind = callback_data.kind
    if not kind:
        raise NotAllowed()
    await state.update_data(kind=kind.value)
    await state.set_state(ProviderForm.inn)
    if message := message_of(query):
        await message.edit_text(i18n.get("desk-provider-ask-inn", kind=kind.value))


@router.message(ProviderForm.inn, F.text)
async def add_inn(
    message: Message, state: FSMContext, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    data = await state.get_data()
    provider = await providers.add_provider(
        session,
        actor_id=access.user.id,
        scope=access.staff_municipality_ids,
        name=data["name"],
        inn=clean_inn(message.text or ""),
        kind=ProviderKind(data["kind"]),
        municipality_id=data["municipality_id"],
    )
    await state.clear()
    await message.answer(
        i18n.get("desk-provider-added", name=html.escape(provider.name)),
        reply_markup=kb.provider_card(i18n, provider),
    )


@router.message(ProviderForm.name)
@router.message(ProviderForm.inn)
async def not_text(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("desk-form-text-expected"))
