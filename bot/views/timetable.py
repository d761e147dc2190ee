"""A child's lessons and their clashes, as the parent (request confirmation, timetable) and the
provider (request list) see them."""

from __future__ import annotations

from aiogram_i18n import I18nContext

from bot.formatting import LINE, escaped
from bot.services.enrollment.clashes import MIN_GAP_MINUTES, Clash, Lesson
from bot.services.family.timetable import REMIND_BEFORE, Week

FIELD = 40  # a lesson's title, group and place are shortened to this
SHOWN_CLASHES = 5  # a screen lists at most this many; the rest are like them
# A provider's page holds five requests, each marked with at most this many of its group's lessons.
SHOWN_CLASH_SLOTS = 3
# With every field at its longest, this many lessons stay under Fluent's 2,500 characters a placeable.
SHOWN_LESSONS = 12


def _clash_line(i18n: I18nContext, clash: Clash) -> str:
    return i18n.get(
        "timetable-clash-line",
        overlap="yes" if clash.overlaps else "no",
        day=i18n.get(f"catalog-day-{clash.new.day}"),
        start=clash.new.start,
        end=clash.new.end,
        title=escaped(clash.other.title, FIELD),
        other_start=clash.other.start,
        other_end=clash.other.end,
        gap=MIN_GAP_MINUTES,
    )


def clash_note(i18n: I18nContext, clashes: list[Clash] | tuple[Clash, ...]) -> str | None:
    """The parent's warning before a request, listing the clashes; None when there are none."""
    if not clashes:
        return None
    return i18n.get(
        "timetable-clash-warning", lines="\n".join(_clash_line(i18n, c) for c in clashes[:SHOWN_CLASHES])
    )


def clash_mark(i18n: I18nContext, clashes: list[Clash]) -> str | None:
    """The provider's short mark on a request: which of the group's lessons collide with the child's
    other activities (not what those are: that is the family's business); None when none do."""
    if not clashes:
        return None
    lessons = dict.fromkeys((c.new.day, c.new.start, c.new.end) for c in clashes)
    slots = ", ".join(
        i18n.get("catalog-slot", day=i18n.get(f"catalog-day-{day}"), start=start, end=end)
        for day, start, end in list(lessons)[:SHOWN_CLASH_SLOTS]
    )
    return i18n.get("timetable-clash-provider", slots=slots)


def _lesson_line(i18n: I18nContext, lesson: Lesson) -> str:
    return i18n.get(
        "timetable-lesson",
        start=lesson.start,
        end=lesson.end,
        title=escaped(lesson.title, FIELD),
        group=escaped(lesson.group, FIELD),
        place=escaped(lesson.place, FIELD) if lesson.place else i18n.get("timetable-no-place"),
    )


def week_text(i18n: I18nContext, week: Week, *, reminders: bool) -> str:
    """The child's week, day by day (at most SHOWN_LESSONS lessons); with `reminders`, whether the
    lesson reminders are on."""
    child = escaped(week.child.first_name, LINE)
    state = ("yes" if week.child.lesson_reminders else "no") if reminders else "none"
    hours = int(REMIND_BEFORE.total_seconds() // 3600)
    if not week.lessons:
        return i18n.get("timetable-empty", child=child, reminders=state, hours=hours)
    shown = Week(week.child, week.lessons[:SHOWN_LESSONS])
    days = "\n\n".join(
        "\n".join(
            [i18n.get("timetable-day", day=i18n.get(f"timetable-day-{day}"))]
            + [_lesson_line(i18n, lesson) for lesson in lessons]
        )
        for day, lessons in shown.days
    )
    more = len(week.lessons) - len(shown.lessons)
    return i18n.get("timetable-week", child=child, days=days, more=more, reminders=state, hours=hours)
