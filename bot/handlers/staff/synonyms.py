"""Staff: the search's synonyms, a list staff extend («кодинг = программирование») and prune."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.formatting import LINE, escaped
from bot.handlers.common.ui import refuse, show
from bot.keyboards import catalog as kb
from bot.services.catalogue import synonyms
from bot.services.errors import DomainError
from bot.services.paging import page_of
from db.models import User

router = Router(name="desk-synonyms")


class SynonymForm(StatesGroup):
    adding = State()  # a typed «слово = синоним» adds it


async def _screen(
    target: CallbackQuery | Message,
    session: AsyncSession,
    state: FSMContext,
    i18n: I18nContext,
    page: int = 0,
) -> None:
    await state.set_state(SynonymForm.adding)
    shown = page_of(await synonyms.listed(session), page)
    lines = [
        i18n.get("catalog-synonym-line", n=n, word=escaped(s.word, LINE), synonym=escaped(s.synonym, LINE))
        for n, s in enumerate(shown.items, start=shown.first)
    ]
    text = i18n.get("catalog-synonyms", total=shown.total, lines="\n".join(lines))
    await show(target, text, kb.synonyms(i18n, shown))


@router.message(Command("synonyms"))
async def open_list(message: Message, session: AsyncSession, state: FSMContext, i18n: I18nContext) -> None:
    await _screen(message, session, state, i18n)


@router.callback_query(kb.SynCb.filter(F.action == "list"))
async def list_page(
    query: CallbackQuery, callback_data: kb.SynCb, session: AsyncSession, state: FSMContext, i18n: I18nContext
) -> None:
    await _screen(query, session, state, i18n, callback_data.page)


@router.callback_query(kb.SynCb.filter(F.action == "del"))
async def delete(
    query: CallbackQuery,
    callback_data: kb.SynCb,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    i18n: I18nContext,
) -> None:
    try:
        await synonyms.delete(session, user.id, callback_data.id)
    except DomainError as error:
        await refuse(query, i18n, error)
        return
    await _screen(query, session, state, i18n, callback_data.page)


@router.message(SynonymForm.adding, F.text)
async def add(
    message: Message, session: AsyncSession, state: FSMContext, user: User, i18n: I18nContext
) -> None:
    await synonyms.add(session, user.id, message.text or "")  # a refusal is shown by the errors handler
    await _screen(message, session, state, i18n)
