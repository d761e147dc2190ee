"""A group's line and a schedule, as parents, providers and staff see them."""

from __future__ import annotations

from typing import Any

from aiogram_i18n import I18nContext

from bot.formatting import LINE, day, escaped, shorten
from db.models import Group


def schedule_text(i18n: I18nContext, schedule: list[dict[str, Any]]) -> str:
    """The weekly slots on one line, day names in the reader's language; «—» when there are none."""
    return (
        shorten(
            ", ".join(
                i18n.get(
                    "catalog-slot", day=i18n.get(f"catalog-day-{s['day']}"), start=s["start"], end=s["end"]
                )
                for s in schedule
            ),
            LINE,
        )
        or "—"
    )


def group_line(i18n: I18nContext, group: Group) -> str:
    return i18n.get(
        "catalog-card-group",
        name=escaped(group.name, LINE),
        schedule=schedule_text(i18n, group.schedule),
        teacher=escaped(group.teacher or "—", LINE),
        start=day(group.starts_on, i18n.locale),
        end=day(group.ends_on, i18n.locale),
        free=group.free_seats,
        capacity=group.capacity,
    )
