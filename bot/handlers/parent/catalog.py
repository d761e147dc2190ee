"""The catalogue for parents and anyone without consent: a filter panel, pages of results and the
program card, all in one message that is edited in place."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.formatting import CARD, LINE, escaped, km, rub
from bot.handlers.common.ui import show
from bot.keyboards import catalog as kb
from bot.keyboards.common import BrowseCb
from bot.keyboards.menu import main_menu
from bot.keyboards.paging import page_note
from bot.services import rules, standing
from bot.services.accounts.access import Access
from bot.services.catalogue import catalog, search
from bot.services.clock import Clock
from bot.services.enrollment import requests as enrollment
from bot.services.errors import DomainError, NotAllowed
from bot.services.paging import Slice, page_of
from bot.views import catalog as views
from db.models import Child, Group, Municipality, Program, User

router = Router(name="catalog")


class CatalogSearch(StatesGroup):
    browsing = State()  # typed text is the keyword query
    locating = State()  # «Рядом со мной»: waiting for a shared location (or a settlement, or not now)


async def _filters(state: FSMContext) -> tuple[catalog.Filters, dict[str, Any]]:
    data = await state.get_data()
    return catalog.Filters.from_dict(data.get("filters")), data


async def _save(state: FSMContext, f: catalog.Filters, asking: str | None = None) -> None:
    """Keep the filters; `asking` is the filter whose choices are on screen (typed text answers it)."""
    await state.set_state(CatalogSearch.browsing)
    await state.update_data(filters=f.to_dict(), asking=asking)


async def _municipalities(session: AsyncSession) -> list[Municipality]:
    return list((await session.scalars(select(Municipality).order_by(Municipality.name_ru))).all())


async def _children(session: AsyncSession, user: User) -> list[Child]:
    return await enrollment.children_of(session, user.id) if user.has_consent else []


async def show_panel(
    target: CallbackQuery | Message,
    session: AsyncSession,
    f: catalog.Filters,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    found = await catalog.count(session, f, clock.today())
    names = {m.id: m.name(i18n.locale) for m in await _municipalities(session)}
    await show(target, i18n.get("catalog-panel", count=found), kb.panel(i18n, f, found, names))


def result_line(i18n: I18nContext, n: int, program: Program, near: catalog.Point | None = None) -> str:
    distance = catalog.distance_km(near, program) if near else None
    return i18n.get(
        "catalog-result-line",
        n=n,
        title=escaped(program.title, LINE),
        provider=escaped(program.provider.name, LINE),
        place=escaped(program.provider.municipality.name(i18n.locale), LINE),
        min=program.age_min,
        max=program.age_max,
        register=program.register.value,
        direction=i18n.get(f"catalog-direction-{program.direction.value}"),
        distance=km(distance, i18n.locale) if distance is not None else "none",
    )


async def show_page(
    target: CallbackQuery | Message,
    session: AsyncSession,
    state: FSMContext,
    f: catalog.Filters,
    page_no: int,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    page = await catalog.find(session, f, clock.today(), page_no)
    data = await state.update_data(page=page.page)
    if page.searched_for:  # the next pages and the card's way back search for what was meant
        await state.update_data(filters=replace(f, text=page.searched_for).to_dict())
    if not page.programs:
        text = i18n.get("catalog-empty", relax=page.relax or "none")
        await show(target, text, kb.empty(i18n, page.relax))
        return
    lines = [
        result_line(i18n, n, p, f.near)
        for n, p in enumerate(page.programs, start=page.page * catalog.PAGE_SIZE + 1)
    ]
    text = i18n.get(
        "catalog-results", page=page.page + 1, pages=page.pages, total=page.total, lines="\n\n".join(lines)
    )
    if page.searched_for:
        meant = i18n.get(
            "catalog-searched-for", typed=escaped(f.text, LINE), meant=escaped(page.searched_for, LINE)
        )
        text = f"{meant}\n\n{text}"
    read = await _read_filters(session, f, data.get("read") or [], i18n)
    if read:
        words = escaped(page.searched_for or f.text, LINE)
        parts = [words] * bool(words) + [escaped(said, LINE) for said in read.values()]
        looking = i18n.get("catalog-looking-for", parts=" · ".join(parts))
        text = f"{looking}\n\n{text}"
    await show(target, text, kb.results(i18n, page, read))


async def _read_filters(
    session: AsyncSession, f: catalog.Filters, names: list[str], i18n: I18nContext
) -> dict[str, str]:
    """The filters read from the typed words that are still on, each as the person would say it."""
    said: dict[str, str] = {}
    for name in names:
        if name == "age" and f.age is not None:
            said[name] = i18n.get("catalog-said-age", age=f.age)
        elif name == "direction" and f.direction is not None:
            said[name] = i18n.get(f"catalog-direction-{f.direction.value}")
        elif name == "municipality_id" and f.municipality_id is not None:
            place = await session.get(Municipality, f.municipality_id)
            said[name] = place.name(i18n.locale) if place else ""
        elif name == "format" and f.format is not None:
            said[name] = i18n.get("catalog-format", format=f.format.value)
        elif name in ("ovz", "trial") and getattr(f, name):
            said[name] = i18n.get(f"catalog-said-{name}")
    return {name: text for name, text in said.items() if text}


CARD_GROUPS = 3  # groups per page of the card: with every field at its display limit it fits one message


def program_text(
    i18n: I18nContext,
    program: Program,
    groups: Slice[Group],
    municipality: str,
    distance: float | None = None,
) -> str:
    """The card; `distance` (km) when the parent shared where he is."""
    text = i18n.get(
        "catalog-card",
        title=escaped(program.title, LINE * 2),
        provider=escaped(program.provider.name, LINE * 2),
        municipality=escaped(municipality, LINE),
        address=escaped(program.address or "—", LINE * 2),
        features=views.program_features(i18n, program, distance),
        direction=i18n.get(f"catalog-direction-{program.direction.value}"),
        level=program.level.value,
        min=program.age_min,
        max=program.age_max,
        register=program.register.value,
        months=program.duration_months,
        hours=program.hours_per_week,
        price=rub(program.price_kopecks, i18n.locale),
        paid="yes" if program.register.is_paid else "no",
        medical="yes" if program.needs_medical_certificate else "no",
        description=escaped(program.description, CARD),
        groups="\n".join(views.group_line(i18n, g) for g in groups.items)
        or i18n.get("catalog-card-no-groups"),
    )
    return text + page_note(i18n, groups.page, groups.pages)


async def _cost_text(
    session: AsyncSession,
    i18n: I18nContext,
    user: User,
    child: Child | None,
    groups: list[Group],
    today: date,
) -> str:
    if child is None or not groups:
        return ""
    program = groups[0].program
    age = rules.age_on(child.birth_date, today)
    if not program.age_min <= age <= program.age_max:
        return i18n.get(
            "catalog-cost-age",
            name=html.escape(child.first_name),
            age=age,
            min=program.age_min,
            max=program.age_max,
        )
    if not program.register.is_paid:
        return ""
    _, quote = await enrollment.quote_for_child(
        session, parent_id=user.id, child_id=child.id, group=groups[0], today=today
    )
    name = html.escape(child.first_name)
    if quote is None:
        waiting = await standing.pending_application(session, child.id) is not None
        return i18n.get(
            "catalog-cost-certificate-pending" if waiting else "catalog-cost-no-certificate", name=name
        )
    return i18n.get(
        "catalog-cost",
        name=name,
        certificate=rub(quote.certificate_monthly, i18n.locale),
        family=rub(quote.family_monthly, i18n.locale),
        shortfall=rub(quote.shortfall, i18n.locale),
        cover="none" if quote.blocked else "part" if quote.shortfall else "full",
    )


async def show_card(
    query: CallbackQuery,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    program_id: int,
    i18n: I18nContext,
    clock: Clock,
    groups_page: int = 0,
) -> None:
    data = await state.get_data()
    program, groups = await catalog.program_card(session, program_id, clock.today())
    shown = page_of(groups, groups_page, CARD_GROUPS)
    municipality = await session.get(Municipality, program.municipality_id)
    children = await _children(session, user)
    child = next((c for c in children if c.id == data.get("child_id")), None)
    if child is None and len(children) == 1:
        child = children[0]
    near = catalog.Filters.from_dict(data.get("filters")).near
    distance = catalog.distance_km(near, program) if near else None
    text = program_text(
        i18n, program, shown, municipality.name(i18n.locale) if municipality else "", distance
    )
    cost = await _cost_text(session, i18n, user, child, groups, clock.today())
    if cost:
        text = f"{text}\n\n{cost}"
    markup = kb.card(i18n, program.id, shown, child, children, int(data.get("page") or 0))
    await show(query, text, markup)


@router.message(LazyFilter("menu-find"))
async def open_search(
    message: Message, session: AsyncSession, state: FSMContext, user: User, i18n: I18nContext, clock: Clock
) -> None:
    f, data = await _filters(state)
    if data.get("filters") is None:  # a new search starts from the family's own children
        f, child_id = await _for_family(session, user, clock.today())
        if child_id is not None:
            await state.update_data(child_id=child_id)
    await _save(state, f)
    await show_panel(message, session, f, i18n, clock)


async def _for_family(session: AsyncSession, user: User, today: date) -> tuple[catalog.Filters, int | None]:
    """Where the children live (when they all live in one municipality) and, for an only child, his
    age: what a parent would set first. Both show on the panel and can be cleared."""
    # A child's own account (14+) has no children of its own: the search starts from his age.
    children = await _children(session, user) or await enrollment.children_of(session, user.id, as_child=True)
    places = {c.municipality_id for c in children}
    f = catalog.Filters(municipality_id=places.pop() if len(places) == 1 else None)
    if len(children) != 1:
        return f, None
    only = children[0]
    return catalog.Filters.from_dict(f.to_dict() | {"age": rules.age_on(only.birth_date, today)}), only.id


@router.callback_query(BrowseCb.filter())
async def browse(
    query: CallbackQuery, session: AsyncSession, state: FSMContext, i18n: I18nContext, clock: Clock
) -> None:
    f, _ = await _filters(state)
    await _save(state, f)
    if isinstance(query.message, Message):
        await show_panel(query.message, session, f, i18n, clock)


@router.message(StateFilter(CatalogSearch.browsing), F.text)
async def typed_query(
    message: Message, session: AsyncSession, state: FSMContext, i18n: I18nContext, clock: Clock
) -> None:
    f, data = await _filters(state)
    text = (message.text or "").strip()
    age = rules.to_whole(text) if data.get("asking") == "age" else None
    if age is not None:
        if age not in kb.AGES:
            await message.answer(i18n.get("catalog-bad-age"))
            return
        f = catalog.Filters.from_dict(f.to_dict() | {"age": age})
        await _save(state, f)
        await show_panel(message, session, f, i18n, clock)
        return
    asked = await _question(session, f, text)
    if asked is None:  # nothing to look for: say so rather than show everything
        await message.answer(i18n.get("catalog-search-no-words", query=html.escape(text[:50])))
        return
    await _show_question(message, session, state, *asked, i18n, clock)


async def _question(
    session: AsyncSession, f: catalog.Filters, text: str
) -> tuple[catalog.Filters, tuple[str, ...]] | None:
    """A typed search read as filters and words; None when it has nothing to look for."""
    f, read = await catalog.read_question(session, f, text[:100])
    return (f, read) if read or search.query_words(f.text) else None


async def _show_question(
    message: Message,
    session: AsyncSession,
    state: FSMContext,
    f: catalog.Filters,
    read: tuple[str, ...],
    i18n: I18nContext,
    clock: Clock,
) -> None:
    await _save(state, f)
    await state.update_data(read=list(read))
    await show_page(message, session, state, f, 0, i18n, clock)


@router.callback_query(kb.CaCb.filter(F.act == "panel"))
async def to_panel(
    query: CallbackQuery, session: AsyncSession, state: FSMContext, i18n: I18nContext, clock: Clock
) -> None:
    f, _ = await _filters(state)
    await _save(state, f)
    await show_panel(query, session, f, i18n, clock)


@router.callback_query(kb.CaCb.filter(F.act == "ask"))
async def ask_filter(
    query: CallbackQuery,
    callback_data: kb.CaCb,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    i18n: I18nContext,
) -> None:
    f, _ = await _filters(state)
    name = callback_data.name
    await _save(state, f, asking=name)
    if name == "text":
        markup = kb.choices(i18n, name, [], [])
    else:
        markup = kb.choices(i18n, name, await _children(session, user), await _municipalities(session))
    await show(query, i18n.get("catalog-choose", name=name), markup)


@router.callback_query(kb.CaCb.filter(F.act.in_({"set", "flag", "reset", "drop"})))
async def change_filter(
    query: CallbackQuery,
    callback_data: kb.CaCb,
    session: AsyncSession,
    state: FSMContext,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    f, data = await _filters(state)
    if callback_data.act == "drop":  # a filter read from the typed words («7 лет»): search again without it
        f = f.without(callback_data.name)
        await _save(state, f)
        await state.update_data(read=[name for name in data.get("read") or [] if name != callback_data.name])
        await show_page(query, session, state, f, 0, i18n, clock)
        return
    if callback_data.act == "flag":
        name = callback_data.name
        f = catalog.Filters.from_dict(f.to_dict() | {name: not getattr(f, name)})
    elif callback_data.act == "reset":
        f = catalog.Filters() if callback_data.name == "all" else f.without(callback_data.name)
    else:
        f = catalog.Filters.from_dict(f.to_dict() | {callback_data.name: callback_data.filter_value()})
    await _save(state, f)
    await show_panel(query, session, f, i18n, clock)


@router.callback_query(kb.CaCb.filter(F.act == "page"))
async def page(
    query: CallbackQuery,
    callback_data: kb.CaCb,
    session: AsyncSession,
    state: FSMContext,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    f, _ = await _filters(state)
    await _save(state, f)
    await show_page(query, session, state, f, callback_data.id, i18n, clock)


@router.callback_query(kb.CaCb.filter(F.act == "card"))
async def card(
    query: CallbackQuery,
    callback_data: kb.CaCb,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    try:
        await show_card(query, session, state, user, callback_data.id, i18n, clock, callback_data.arg)
    except DomainError:
        raise DomainError("catalog-gone") from None  # whatever the reason, the parent sees it is gone


@router.callback_query(kb.CaCb.filter(F.act == "child"))
async def choose_child(
    query: CallbackQuery,
    callback_data: kb.CaCb,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    """A child chosen for the search (his age becomes the filter) or for the card's cost split."""
    child = next((c for c in await _children(session, user) if c.id == callback_data.id), None)
    if child is None:
        raise NotAllowed()
    await state.update_data(child_id=child.id)
    if callback_data.arg:
        await card(query, kb.CaCb(act="card", id=callback_data.arg), session, state, user, i18n, clock)
        return
    f, _ = await _filters(state)
    f = catalog.Filters.from_dict(f.to_dict() | {"age": rules.age_on(child.birth_date, clock.today())})
    await _save(state, f)
    await show_panel(query, session, f, i18n, clock)


# ---- «Рядом со мной» ----------------------------------------------------------------------------


@router.callback_query(kb.CaCb.filter(F.act == "near"))
async def ask_location(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    """Telegram's «share location» button, below the chat (an inline keyboard cannot ask for it)."""
    f, _ = await _filters(state)
    await _save(state, f)
    await state.set_state(CatalogSearch.locating)
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("catalog-near-ask"), reply_markup=kb.near_request(i18n))


@router.message(StateFilter(CatalogSearch.browsing, CatalogSearch.locating), F.location)
async def shared_location(
    message: Message,
    session: AsyncSession,
    state: FSMContext,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    """The parent's point orders the results, nearest first. It stays in this search's state only and
    is never logged: it is personal data."""
    if message.location is None:  # pragma: no cover - the filter lets only locations in
        return
    f, _ = await _filters(state)
    near = rules.point(message.location.latitude, message.location.longitude)
    f = replace(f, near=near)
    await _save(state, f)
    await message.answer(i18n.get("catalog-near-set"), reply_markup=main_menu(i18n, access.menu))
    await show_page(message, session, state, f, 0, i18n, clock)


@router.message(CatalogSearch.locating, LazyFilter("catalog-near-place"))
async def near_a_place(
    message: Message, session: AsyncSession, state: FSMContext, access: Access, i18n: I18nContext
) -> None:
    """Without sharing a location: the programs of a municipality (the existing filter)."""
    f, _ = await _filters(state)
    await _save(state, f, asking="municipality_id")
    await message.answer(i18n.get("catalog-near-by-place"), reply_markup=main_menu(i18n, access.menu))
    markup = kb.choices(i18n, "municipality_id", [], await _municipalities(session))
    await message.answer(i18n.get("catalog-choose", name="municipality_id"), reply_markup=markup)


@router.message(CatalogSearch.locating, LazyFilter("catalog-near-cancel"))
async def near_not_now(
    message: Message,
    session: AsyncSession,
    state: FSMContext,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    f, _ = await _filters(state)
    await _save(state, f)
    await message.answer(i18n.get("catalog-near-cancelled"), reply_markup=main_menu(i18n, access.menu))
    await show_panel(message, session, f, i18n, clock)


@router.message(CatalogSearch.locating, F.text, ~F.text.startswith("/"))  # /cancel and /menu still work
async def near_typed(
    message: Message,
    session: AsyncSession,
    state: FSMContext,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    """A search typed instead of a place («шахматы») is searched for, without distances, and the menu
    comes back; text with nothing to look for («где я?») is answered as anything else is."""
    f, _ = await _filters(state)
    asked = await _question(session, f, (message.text or "").strip())
    if asked is None:
        await near_other(message, i18n)
        return
    await state.set_state(CatalogSearch.browsing)
    await message.answer(i18n.get("catalog-near-cancelled"), reply_markup=main_menu(i18n, access.menu))
    await _show_question(message, session, state, *asked, i18n, clock)


@router.message(CatalogSearch.locating, ~F.text)
async def near_other(message: Message, i18n: I18nContext) -> None:
    """Anything else while the location is asked for (a sticker, a photo): say what the buttons below do."""
    await message.answer(i18n.get("catalog-near-ask"), reply_markup=kb.near_request(i18n))
