"""A group's line, a schedule and a program's features, as parents, providers and staff see them."""

from __future__ import annotations

from typing import Any

from aiogram_i18n import I18nContext

from bot.formatting import LINE, day, escaped, km, shorten
from db.models import Group, Program


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


def program_features(i18n: I18nContext, program: Program, distance: float | None = None) -> str:
    """What families ask before they choose, a line each: the format, ОВЗ (with what is adapted),
    a free trial lesson, and how far it is (`distance` in km, when the parent shared a location)."""
    lines = [i18n.get("catalog-card-format", format=program.format.value)]
    if program.ovz_suited:
        adaptations = escaped(program.ovz_adaptations, LINE * 2) or "none"
        lines.append(i18n.get("catalog-card-ovz", adaptations=adaptations))
    if program.trial_lesson:
        lines.append(i18n.get("catalog-card-trial"))
    if distance is not None:
        lines.append(i18n.get("catalog-card-distance", km=km(distance, i18n.locale)))
    return "\n".join(lines)
