"""Callback data and keyboards of the catalogue (ca) and the parent's side of enrollment (en)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.paging import nav_row
from bot.services.catalog import PAGE_SIZE, Filters, Page
from bot.services.paging import Slice
from db.models import Child, Direction, Enrollment, EnrollmentStatus, Group, Municipality, WaitlistEntry

AGES = range(5, 19)


class CaCb(CallbackData, prefix="ca"):
    act: str  # panel | ask | set | seats | reset | page | card | child
    name: str = ""  # the filter, for ask / set / reset; the page of the groups, for card
    val: str = ""


class EnCb(CallbackData, prefix="en"):
    # rq request | wl waiting list | wa/wx accept/decline offer | wr withdraw | end | er end reason
    # | ls «Мои заявки» (id: the page)
    action: str
    id: int
    arg: int = 0


def _value_label(i18n: I18nContext, f: Filters, name: str, municipalities: dict[int, str]) -> str:
    any_ = i18n.get("catalog-any")
    if name == "direction":
        return i18n.get(f"catalog-direction-{f.direction.value}") if f.direction else any_
    if name == "age":
        return str(f.age) if f.age is not None else any_
    if name == "municipality_id":
        return municipalities.get(f.municipality_id or 0, any_)
    if name == "funding":
        return i18n.get(f"catalog-funding-{f.funding}") if f.funding else any_
    if name == "weekday":
        return i18n.get(f"catalog-day-{f.weekday}") if f.weekday is not None else any_
    return f.text or any_


def panel(i18n: I18nContext, f: Filters, found: int, municipalities: dict[int, str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for name in ("direction", "age", "municipality_id", "funding", "weekday", "text"):
        kb.button(
            text=i18n.get(
                f"catalog-filter-{name}",
                value=shorten(_value_label(i18n, f, name, municipalities), LABEL // 2),
            ),
            callback_data=CaCb(act="ask", name=name),
        )
    kb.button(
        text=i18n.get("catalog-filter-seats", on="yes" if f.free_seats else "no"),
        callback_data=CaCb(act="seats"),
    )
    kb.button(text=i18n.get("catalog-show", count=found), callback_data=CaCb(act="page", val="0"))
    if f.active():
        kb.button(text=i18n.get("catalog-reset-all"), callback_data=CaCb(act="reset", name="all"))
    kb.adjust(2, 2, 2, 1, 1, 1)
    return kb.as_markup()


def choices(
    i18n: I18nContext,
    name: str,
    children: list[Child],
    municipalities: list[Municipality],
) -> InlineKeyboardMarkup:
    """The options of one filter; "any" clears it."""
    kb = InlineKeyboardBuilder()
    widths: list[int] = []
    if name == "direction":
        for d in Direction:
            kb.button(
                text=i18n.get(f"catalog-direction-{d.value}"), callback_data=CaCb(act="set", name=name, val=d)
            )
        widths = [2, 2, 2]
    elif name == "age":
        for child in children:
            kb.button(
                text=i18n.get("catalog-age-of-child", name=shorten(child.first_name, LABEL - 16)),
                callback_data=CaCb(act="child", val=str(child.id)),
            )
        widths = [1] * len(children)
        for age in AGES:
            kb.button(text=str(age), callback_data=CaCb(act="set", name=name, val=str(age)))
        widths += [5, 5, 4]
    elif name == "municipality_id":
        for m in municipalities:
            kb.button(
                text=shorten(m.name(i18n.locale), LABEL),
                callback_data=CaCb(act="set", name=name, val=str(m.id)),
            )
        widths = [1] * len(municipalities)
    elif name == "funding":
        for value in ("free", "paid"):
            kb.button(
                text=i18n.get(f"catalog-funding-{value}"), callback_data=CaCb(act="set", name=name, val=value)
            )
        widths = [1, 1]
    elif name == "weekday":
        for day in range(7):
            kb.button(
                text=i18n.get(f"catalog-day-{day}"), callback_data=CaCb(act="set", name=name, val=str(day))
            )
        widths = [4, 3]
    kb.button(text=i18n.get("catalog-any-button"), callback_data=CaCb(act="reset", name=name))
    kb.button(text=i18n.get("catalog-back"), callback_data=CaCb(act="panel"))
    kb.adjust(*widths, 2)
    return kb.as_markup()


def results(i18n: I18nContext, page: Page) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for n, program in enumerate(page.programs, start=page.page * PAGE_SIZE + 1):
        kb.button(
            text=f"{n}. {shorten(program.title, LABEL)}", callback_data=CaCb(act="card", val=str(program.id))
        )
    kb.adjust(1)
    kb.row(*nav_row(i18n, page.page, page.pages, lambda p: CaCb(act="page", val=str(p))))
    kb.row(InlineKeyboardButton(text=i18n.get("catalog-to-filters"), callback_data=CaCb(act="panel").pack()))
    return kb.as_markup()


def empty(i18n: I18nContext, relax: str | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if relax:
        kb.button(
            text=i18n.get("catalog-relax-button", name=relax), callback_data=CaCb(act="reset", name=relax)
        )
    kb.button(text=i18n.get("catalog-to-filters"), callback_data=CaCb(act="panel"))
    kb.adjust(1)
    return kb.as_markup()


def card(
    i18n: I18nContext,
    program_id: int,
    groups: Slice[Group],
    child: Child | None,
    children: list[Child],
    page: int,
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    child_id = child.id if child else 0
    for group in groups.items:
        action, key = ("rq", "catalog-btn-request") if group.free_seats else ("wl", "catalog-btn-waitlist")
        kb.button(
            text=i18n.get(key, group=shorten(group.name, LABEL - 16)),
            callback_data=EnCb(action=action, id=group.id, arg=child_id),
        )
    kb.adjust(1)
    kb.row(
        *nav_row(
            i18n, groups.page, groups.pages, lambda p: CaCb(act="card", name=str(p), val=str(program_id))
        )
    )
    rest = InlineKeyboardBuilder()
    for other in children:
        if other.id != child_id:
            rest.button(
                text=i18n.get("catalog-for-child", name=shorten(other.first_name, LABEL - 16)),
                callback_data=CaCb(act="child", name=str(program_id), val=str(other.id)),
            )
    rest.button(text=i18n.get("catalog-back-to-results"), callback_data=CaCb(act="page", val=str(page)))
    rest.adjust(1)
    kb.attach(rest)
    return kb.as_markup()


def my_requests(
    i18n: I18nContext, shown: Slice[Enrollment], waiting: list[WaitlistEntry]
) -> InlineKeyboardMarkup:
    """The buttons of one page of «Мои заявки»: its requests (numbered from `shown.first`) and the
    waiting-list places on it."""
    kb = InlineKeyboardBuilder()
    for n, e in enumerate(shown.items, start=shown.first):
        if e.status is EnrollmentStatus.PENDING:
            kb.button(text=i18n.get("enroll-btn-withdraw", n=n), callback_data=EnCb(action="wr", id=e.id))
        elif e.status is EnrollmentStatus.ACTIVE:
            kb.button(text=i18n.get("enroll-btn-end", n=n), callback_data=EnCb(action="end", id=e.id))
    for entry in waiting:
        if entry.offered_at is not None:
            kb.button(text=i18n.get("enroll-btn-accept-offer"), callback_data=EnCb(action="wa", id=entry.id))
    kb.adjust(1)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: EnCb(action="ls", id=p)))
    return kb.as_markup()


def reason_at(names: tuple[str, ...], index: int) -> str:
    """The reason a button stands for (buttons carry its index); "" for a forged index, which the
    service refuses."""
    return names[index] if 0 <= index < len(names) else ""


def end_reasons(i18n: I18nContext, enrollment_id: int, reasons: tuple[str, ...]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for index, reason in enumerate(reasons):
        kb.button(
            text=i18n.get("enroll-end-reason", reason=reason),
            callback_data=EnCb(action="er", id=enrollment_id, arg=index),
        )
    kb.adjust(1)
    return kb.as_markup()
