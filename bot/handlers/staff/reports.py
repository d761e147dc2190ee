"""Staff: coverage against the Concept's targets (a chart), the other figures, and XLSX exports."""

from __future__ import annotations

import asyncio
import html
from datetime import timedelta
from decimal import Decimal

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.handlers.common.ui import message_of
from bot.keyboards import desk as kb
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.desk import charts, exports, reports
from bot.services.errors import NotAllowed

router = Router(name="desk-reports")

CAPTION_PLACES = 5  # a photo caption holds 1024 characters
TOP = 10
TITLE_CHARS = 60  # keeps the figures within one message


def percent(value: Decimal | None, locale: str) -> str:
    if value is None:
        return "—"
    text = f"{value:.2f}"
    return text if locale == "en" else text.replace(".", ",")


def target_text(value: Decimal, locale: str) -> str:
    """A target as set: 5 -> "5", 7.5 -> "7,5"."""
    text = format(value.normalize(), "f")
    return text if locale == "en" else text.replace(".", ",")


def short(text: str) -> str:
    return html.escape(text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…")


def hours(value: timedelta, locale: str) -> str:
    return percent((Decimal(value.total_seconds()) / 3600).quantize(reports.CENT), locale)


def section(i18n: I18nContext, title_key: str, lines: list[str]) -> list[str]:
    return [i18n.get(title_key), *(lines or [i18n.get("desk-figures-none")])]


@router.message(LazyFilter("menu-staff-reports"))
async def show_reports(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("desk-reports-title"), reply_markup=kb.reports_menu(i18n))


@router.callback_query(kb.RepCb.filter(F.action == "coverage"))
async def coverage(
    query: CallbackQuery,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    locale = i18n.locale
    rows = await reports.coverage(session, access.staff_municipality_ids, clock.today())
    targets = settings.coverage_targets
    chart = charts.CoverageChart(
        title=i18n.get("desk-coverage-chart-title"),
        names=[r.name(locale) for r in rows],
        shares=[r.share or Decimal(0) for r in rows],
        share_labels=[f"{percent(r.share or Decimal(0), locale)} %" for r in rows],
        targets=[(t, i18n.get("desk-coverage-target", target=target_text(t, locale))) for t in targets],
        axis_label=i18n.get("desk-coverage-axis"),
    )
    png = await asyncio.to_thread(charts.coverage_png, chart)
    lines = [i18n.get("desk-coverage-caption-title")]
    for row in rows[:CAPTION_PLACES]:
        reached = [target_text(t, locale) for t in targets if row.meets(t)]
        missing = next((t for t in targets if not row.meets(t)), None)
        lines.append(
            i18n.get(
                "desk-coverage-line",
                name=short(row.name(locale)),
                share=percent(row.share, locale),
                active=row.active,
                population=row.population,
                reached=", ".join(f"{r} %" for r in reached) or "—",
                target=target_text(missing, locale) if missing is not None else "none",
                needed=row.needed_for(missing) if missing is not None else 0,
            )
        )
    if len(rows) > CAPTION_PLACES:
        lines.append(i18n.get("desk-coverage-more", count=len(rows) - CAPTION_PLACES))
    if message := message_of(query):
        await message.answer_photo(BufferedInputFile(png, filename="coverage.png"), caption="\n".join(lines))


@router.callback_query(kb.RepCb.filter(F.action == "figures"))
async def figures(
    query: CallbackQuery,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    scope, locale = access.staff_municipality_ids, i18n.locale
    directions = await reports.enrollments_by_direction(session, scope)
    statuses = await reports.requests_by_status(session, scope)
    decisions = await reports.decision_times(session, scope)
    wanted = await reports.wanted_without_seats(session, scope, limit=TOP)
    filled = await reports.seats_filled(session, scope)
    disputed = await reports.disputes_by_provider(session, scope)
    lines = [
        *section(
            i18n,
            "desk-figures-directions",
            [i18n.get("desk-figures-direction", direction=d.value, count=n) for d, n in directions.items()],
        ),
        *section(
            i18n,
            "desk-figures-statuses",
            [i18n.get("desk-figures-status", status=st.value, count=n) for st, n in statuses.items()],
        ),
        *section(
            i18n,
            "desk-figures-decisions",
            [
                i18n.get(
                    "desk-figures-decision",
                    provider=short(d.provider_name),
                    count=d.decided,
                    hours=hours(d.average, locale),
                )
                for d in decisions[:TOP]
            ],
        ),
        *section(
            i18n,
            "desk-figures-wanted",
            [
                i18n.get(
                    "desk-figures-wanted-line",
                    title=short(w.title),
                    provider=short(w.provider_name),
                    pending=w.pending,
                    waiting=w.waiting,
                )
                for w in wanted
            ],
        ),
        *section(
            i18n,
            "desk-figures-filled",
            [
                i18n.get(
                    "desk-figures-filled-line",
                    title=short(f.title),
                    taken=f.taken,
                    capacity=f.capacity,
                    share=percent(f.share, locale),
                )
                for f in filled[:TOP]
            ],
        ),
    ]
    if len(filled) > TOP:
        lines.append(i18n.get("desk-figures-filled-more", count=len(filled) - TOP))
    lines += section(
        i18n,
        "dispute-figures",
        [
            i18n.get(
                "dispute-figures-line",
                provider=short(p.provider_name),
                opened=p.opened,
                for_family=p.for_family,
            )
            for p in disputed[:TOP]
        ],
    )
    moved = await reports.moved_up(
        session, scope, await reports.this_year(session, scope, clock.today(), settings.tz)
    )
    lines.append(i18n.get("desk-figures-moved-up", count=moved.children))
    lines += [
        i18n.get("desk-figures-moved-up-line", direction=d.value, count=n)
        for d, n in moved.by_direction.items()
        if n
    ]
    lines.append(i18n.get("desk-figures-footer"))
    if message := message_of(query):
        await message.answer("\n".join(lines), reply_markup=kb.reports_menu(i18n))


@router.callback_query(kb.RepCb.filter(F.action == "export"))
async def export(
    query: CallbackQuery,
    callback_data: kb.RepCb,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    scope, tz, what = access.staff_municipality_ids, settings.tz, callback_data.what
    if what == "certificates":
        tables = [await exports.certificates(session, scope, tz)]
    elif what == "enrollments":
        tables = [await exports.enrollments(session, scope, tz)]
    elif what == "writeoffs":
        tables = [await exports.writeoffs(session, scope)]
    elif what == "events":
        tables = [await exports.events(session, scope, tz)]
    elif what == "yearly":
        tables = await exports.yearly(session, scope, clock.today(), tz)
    else:
        raise NotAllowed()
    # Translated here, not in the worker thread.
    columns = {c: i18n.get("desk-col", column=c) for t in tables for c in t.columns}
    sheets = {t.name: i18n.get("desk-sheet", sheet=t.name) for t in tables}
    content = await asyncio.to_thread(exports.to_xlsx, tables, columns.__getitem__, sheets.__getitem__)
    rows = sum(len(t.rows) for t in tables)
    if message := message_of(query):
        await message.answer_document(
            BufferedInputFile(content, filename=f"{what}-{clock.today().isoformat()}.xlsx"),
            caption=i18n.get("desk-export-caption", what=what, rows=rows),
        )
