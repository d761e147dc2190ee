"""Callback data and keyboards of events (prefix ev): the parents' list, interests, the staff desk."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.formatting import LABEL, shorten
from bot.keyboards.callbacks import EventCb, EventFormCb, InterestCb, StaffEventCb
from bot.keyboards.common import SettingsCb
from bot.keyboards.paging import nav_row
from bot.services.comms.events import EDITABLE
from bot.services.paging import Slice
from db.models import Direction, Event, EventState, Municipality


def parent_page(
    i18n: I18nContext, event: Event, page: int, pages: int, reminded: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("events-remind-off" if reminded else "events-remind-on"),
        callback_data=EventCb(action="remind", page=page, event_id=event.id),
    )
    kb.row(
        *nav_row(i18n, page, pages, lambda p: EventCb(action="page", page=p), "events-prev", "events-next")
    )
    return kb.as_markup()


def interests(i18n: I18nContext, chosen: list[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for direction in Direction:
        mark = "✅ " if direction.value in chosen else ""
        kb.button(
            text=mark + i18n.get(f"events-direction-{direction.value}"),
            callback_data=InterestCb(direction=direction),
        )
    kb.button(text=i18n.get("events-interests-done"), callback_data=SettingsCb(action="back"))
    kb.adjust(2, 2, 2, 1)
    return kb.as_markup()


def staff_list(i18n: I18nContext, shown: Slice[Event], labels: list[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("events-staff-new"), callback_data=StaffEventCb(action="new"))
    for event, label in zip(shown.items, labels, strict=True):
        kb.button(text=label, callback_data=StaffEventCb(action="open", event_id=event.id))
    kb.adjust(1)
    kb.row(*nav_row(i18n, shown.page, shown.pages, lambda p: StaffEventCb(action="list", event_id=p)))
    return kb.as_markup()


def staff_card(i18n: I18nContext, event: Event) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if event.state is EventState.ACTIVE:
        kb.button(
            text=i18n.get("events-staff-edit"), callback_data=StaffEventCb(action="edit", event_id=event.id)
        )
        kb.button(
            text=i18n.get("events-staff-cancel"),
            callback_data=StaffEventCb(action="cancel", event_id=event.id),
        )
    kb.button(text=i18n.get("events-staff-back"), callback_data=StaffEventCb(action="list"))
    kb.adjust(1)
    return kb.as_markup()


def staff_fields(i18n: I18nContext, event_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for field in EDITABLE:
        kb.button(
            text=i18n.get(f"events-field-{field}"),
            callback_data=StaffEventCb(action="field", event_id=event_id, value=field),
        )
    kb.button(
        text=i18n.get("events-staff-back"), callback_data=StaffEventCb(action="open", event_id=event_id)
    )
    kb.adjust(2)
    return kb.as_markup()


def staff_cancel_confirm(i18n: I18nContext, event_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("events-staff-cancel-yes"),
        callback_data=StaffEventCb(action="cancel_yes", event_id=event_id),
    )
    kb.button(
        text=i18n.get("events-staff-cancel-no"), callback_data=StaffEventCb(action="open", event_id=event_id)
    )
    kb.adjust(1)
    return kb.as_markup()


def form_ages(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("events-ages-any"), callback_data=EventFormCb(action="ages_any"))
    return kb.as_markup()


def form_directions(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for direction in Direction:
        kb.button(
            text=i18n.get(f"events-direction-{direction.value}"),
            callback_data=EventFormCb(action="dir", value=direction.value),
        )
    kb.button(text=i18n.get("events-direction-any"), callback_data=EventFormCb(action="dir", value="any"))
    kb.adjust(2)
    return kb.as_markup()


def form_deadline(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("events-deadline-none"), callback_data=EventFormCb(action="no_deadline"))
    return kb.as_markup()


def form_municipalities(municipalities: list[Municipality], locale: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for m in municipalities:
        kb.button(
            text=shorten(m.name(locale), LABEL), callback_data=EventFormCb(action="mun", municipality_id=m.id)
        )
    kb.adjust(1)
    return kb.as_markup()


def form_publish(i18n: I18nContext) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("events-publish"), callback_data=EventFormCb(action="publish"))
    kb.button(text=i18n.get("events-drop"), callback_data=EventFormCb(action="drop"))
    kb.adjust(1)
    return kb.as_markup()
