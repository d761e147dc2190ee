"""Callback data and keyboards of the catalogue (ca) and the parent's side of enrollment (en)."""

from __future__ import annotations

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.callbacks import AGES, FILTERS, TOGGLES, WEEKDAYS, CaCb, EnCb, SynCb
from bot.keyboards.paging import nav_row
from bot.services.catalogue.catalog import FUNDING, PAGE_SIZE, Filters, Page
from bot.services.paging import Slice
from db.models import (
    Child,
    Direction,
    Enrollment,
    EnrollmentStatus,
    Group,
    Municipality,
    ProgramFormat,
    SearchSynonym,
    WaitlistEntry,
    WaitlistStatus,
)


def synonyms(i18n: I18nContext, shown: Slice[SearchSynonym]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for n, item in enumerate(shown.items, start=shown.first):
        kb.button(
            text=i18n.get("catalog-synonym-delete", n=n),
            callback_data=SynCb(action="del", id=item.id, page=shown.page),
        )
    kb.adjust(5)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: SynCb(action="list", page=p)))
    return kb.as_markup()


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
    if name == "format":
        return i18n.get("catalog-format", format=f.format.value) if f.format else any_
    return f.text or any_


def panel(i18n: I18nContext, f: Filters, found: int, municipalities: dict[int, str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for name in FILTERS:
        kb.button(
            text=i18n.get(
                f"catalog-filter-{name}",
                value=shorten(_value_label(i18n, f, name, municipalities), LABEL // 2),
            ),
            callback_data=CaCb(act="ask", name=name),
        )
    for name in TOGGLES:
        kb.button(
            text=i18n.get(f"catalog-filter-{name}", on="yes" if getattr(f, name) else "no"),
            callback_data=CaCb(act="flag", name=name),
        )
    if f.near:
        kb.button(text=i18n.get("catalog-near-forget"), callback_data=CaCb(act="reset", name="near"))
    else:
        kb.button(text=i18n.get("catalog-near"), callback_data=CaCb(act="near"))
    kb.button(text=i18n.get("catalog-show", count=found), callback_data=CaCb(act="page", id=0))
    if f.active() or f.near:
        kb.button(text=i18n.get("catalog-reset-all"), callback_data=CaCb(act="reset", name="all"))
    kb.adjust(2, 2, 2, 1, *[1] * len(TOGGLES), 1, 1, 1)
    return kb.as_markup()


def near_request(i18n: I18nContext) -> ReplyKeyboardMarkup:
    """«Рядом со мной»: Telegram asks the parent to share his location; or a settlement; or not now."""
    rows = [
        [KeyboardButton(text=i18n.get("catalog-near-share"), request_location=True)],
        [KeyboardButton(text=i18n.get("catalog-near-place"))],
        [KeyboardButton(text=i18n.get("catalog-near-cancel"))],
    ]
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, one_time_keyboard=True)


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
                callback_data=CaCb(act="child", id=child.id),
            )
        widths = [1] * len(children)
        for age in AGES:
            kb.button(text=str(age), callback_data=CaCb(act="set", name=name, id=age))
        widths += [5, 5, 4]
    elif name == "municipality_id":
        for m in municipalities:
            kb.button(
                text=shorten(m.name(i18n.locale), LABEL),
                callback_data=CaCb(act="set", name=name, id=m.id),
            )
        widths = [1] * len(municipalities)
    elif name == "funding":
        for value in FUNDING:
            kb.button(
                text=i18n.get(f"catalog-funding-{value}"), callback_data=CaCb(act="set", name=name, val=value)
            )
        widths = [1, 1]
    elif name == "weekday":
        for day in WEEKDAYS:
            kb.button(text=i18n.get(f"catalog-day-{day}"), callback_data=CaCb(act="set", name=name, id=day))
        widths = [4, 3]
    elif name == "format":
        for shape in ProgramFormat:
            kb.button(
                text=i18n.get("catalog-format", format=shape.value),
                callback_data=CaCb(act="set", name=name, val=shape),
            )
        widths = [1] * len(ProgramFormat)
    kb.button(text=i18n.get("catalog-any-button"), callback_data=CaCb(act="reset", name=name))
    kb.button(text=i18n.get("catalog-back"), callback_data=CaCb(act="panel"))
    kb.adjust(*widths, 2)
    return kb.as_markup()


def results(i18n: I18nContext, page: Page, read: dict[str, str] | None = None) -> InlineKeyboardMarkup:
    """The page's programs, its page row, a button taking off each filter read from the typed words
    (`read`: name -> what it says), and the filters."""
    kb = InlineKeyboardBuilder()
    for n, program in enumerate(page.programs, start=page.page * PAGE_SIZE + 1):
        kb.button(text=f"{n}. {shorten(program.title, LABEL)}", callback_data=CaCb(act="card", id=program.id))
    kb.adjust(1)
    if read:
        kb.row(
            *(
                InlineKeyboardButton(
                    text=i18n.get("catalog-drop", said=shorten(said, LABEL // 2)),
                    callback_data=CaCb(act="drop", name=name).pack(),
                )
                for name, said in read.items()
            )
        )
    kb.row(*nav_row(i18n, page.page, page.pages, lambda p: CaCb(act="page", id=p)))
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
    kb.row(*nav_row(i18n, groups.page, groups.pages, lambda p: CaCb(act="card", id=program_id, arg=p)))
    rest = InlineKeyboardBuilder()
    for other in children:
        if other.id != child_id:
            rest.button(
                text=i18n.get("catalog-for-child", name=shorten(other.first_name, LABEL - 16)),
                callback_data=CaCb(act="child", id=other.id, arg=program_id),
            )
    rest.button(text=i18n.get("catalog-back-to-results"), callback_data=CaCb(act="page", id=page))
    rest.adjust(1)
    kb.attach(rest)
    return kb.as_markup()


def my_requests(
    i18n: I18nContext, shown: Slice[Enrollment | WaitlistEntry], *, buttons: bool = True
) -> InlineKeyboardMarkup:
    """One page of «Мои заявки»: for each request (numbered from `shown.first`) or waiting-list place,
    what can be done with it (nothing when `buttons` is off: a child's own account only reads), and
    the page buttons."""
    kb = InlineKeyboardBuilder()
    for n, item in enumerate(shown.items, start=shown.first) if buttons else ():
        if isinstance(item, WaitlistEntry):
            if item.status is WaitlistStatus.OFFERED:
                kb.button(
                    text=i18n.get("enroll-btn-accept-offer"), callback_data=EnCb(action="wa", id=item.id)
                )
            kb.button(
                text=i18n.get("enroll-btn-leave-waitlist", n=n), callback_data=EnCb(action="wq", id=item.id)
            )
        elif item.status is EnrollmentStatus.PENDING:
            kb.button(text=i18n.get("enroll-btn-withdraw", n=n), callback_data=EnCb(action="wr", id=item.id))
        elif item.status is EnrollmentStatus.ACTIVE:
            kb.button(text=i18n.get("enroll-btn-end", n=n), callback_data=EnCb(action="end", id=item.id))
    kb.adjust(1)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: EnCb(action="ls", id=p)))
    return kb.as_markup()


def request_confirm(i18n: I18nContext, group_id: int, child_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("enroll-confirm-yes"), callback_data=EnCb(action="rf", id=group_id, arg=child_id))
    kb.button(text=i18n.get("enroll-confirm-no"), callback_data=EnCb(action="rx", id=group_id, arg=child_id))
    kb.adjust(1)
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
    # Changing one's mind ends nothing: back to «Мои заявки».
    kb.button(text=i18n.get("enroll-end-keep"), callback_data=EnCb(action="ls", id=0))
    kb.adjust(1)
    return kb.as_markup()
