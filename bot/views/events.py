"""An event's card, as parents and staff see it."""

from __future__ import annotations

from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.formatting import CARD, LINE, escaped, moment
from db.models import Event


def card(i18n: I18nContext, event: Event, settings: Settings) -> str:
    deadline = event.registration_deadline
    return i18n.get(
        "events-card",
        title=escaped(event.title, LINE * 2),
        when=moment(event.starts_at, settings.tz, i18n.locale),
        place=escaped(event.link or event.place, LINE * 2),
        age_min=event.age_min,
        age_max=event.age_max,
        direction=i18n.get(f"events-direction-{event.direction.value if event.direction else 'any'}"),
        description=escaped(event.description, CARD),
        deadline=moment(deadline, settings.tz, i18n.locale) if deadline else "none",
        state=event.state.value,
    )
