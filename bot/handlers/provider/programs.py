"""The provider's programs and groups: seats, enrollment windows, archive, students and expulsion."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.formatting import CARD, LINE, escaped
from bot.handlers.common.ui import show
from bot.keyboards import provider as kb
from bot.keyboards.catalog import reason_at
from bot.keyboards.paging import page_note
from bot.services.accounts.access import Access
from bot.services.catalogue import provider_desk
from bot.services.clock import Clock
from bot.services.enrollment import requests as enrollment
from bot.services.paging import Slice, page_of
from bot.views.catalog import group_line, program_features
from db.models import Group, Program, User

router = Router(name="provider-programs")


def program_text(i18n: I18nContext, program: Program, groups: Slice[Group]) -> str:
    lines = [
        group_line(i18n, g)
        + "\n"
        + i18n.get("provider-group-state", open="yes" if g.enrollment_open else "no")
        for g in groups.items
    ]
    text = i18n.get(
        "provider-program",
        title=escaped(program.title, LINE),
        moderation=program.moderation.value,
        note=escaped(program.moderation_note or "", CARD),
        features=program_features(i18n, program),
        groups="\n".join(lines) or i18n.get("provider-no-groups"),
    )
    return text + page_note(i18n, groups.page, groups.pages)


async def programs_view(
    session: AsyncSession, access: Access, i18n: I18nContext, page: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    shown = page_of(await provider_desk.programs_of(session, access.provider_ids), page)
    lines = []
    for n, p in enumerate(shown.items, start=shown.first):
        groups = [g for g in p.groups if not g.archived]
        lines.append(
            i18n.get(
                "provider-program-line",
                n=n,
                title=escaped(p.title, LINE),
                moderation=p.moderation.value,
                taken=sum(g.seats_taken for g in groups),
                capacity=sum(g.capacity for g in groups),
            )
        )
    text = i18n.get("provider-programs", lines="\n".join(lines) or i18n.get("provider-programs-empty"))
    owners = [(p.id, p.name) for p in await provider_desk.providers(session, access.provider_ids)]
    return text + page_note(i18n, shown.page, shown.pages), kb.programs(i18n, shown, owners)


@router.message(LazyFilter("menu-provider-programs"))
async def list_programs(message: Message, session: AsyncSession, access: Access, i18n: I18nContext) -> None:
    text, markup = await programs_view(session, access, i18n)
    await message.answer(text, reply_markup=markup)


@router.callback_query(kb.PvCb.filter(F.action == "pl"))
async def back_to_programs(
    query: CallbackQuery, callback_data: kb.PvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    await show(query, *await programs_view(session, access, i18n, callback_data.arg))


async def _show_program(
    query: CallbackQuery,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
    program_id: int,
    page: int = 0,
) -> None:
    program = await provider_desk.own_program(session, program_id, access.provider_ids)
    groups = page_of(await provider_desk.groups_of(session, program.id), page)
    await show(query, program_text(i18n, program, groups), kb.program(i18n, program, groups))


@router.callback_query(kb.PvCb.filter(F.action == "pg"))
async def show_program(
    query: CallbackQuery, callback_data: kb.PvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    await _show_program(query, session, access, i18n, callback_data.id, callback_data.arg)


@router.callback_query(kb.PvCb.filter(F.action.in_({"go", "gc", "ga"})))
async def change_group(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
) -> None:
    if callback_data.action == "ga":
        group = await provider_desk.archive_group(
            session, group_id=callback_data.id, provider_ids=access.provider_ids, actor_id=user.id
        )
    else:
        group = await provider_desk.set_enrollment_open(
            session,
            group_id=callback_data.id,
            provider_ids=access.provider_ids,
            is_open=callback_data.action == "go",
            actor_id=user.id,
        )
    await _show_program(query, session, access, i18n, group.program_id, callback_data.arg)


@router.callback_query(kb.PvCb.filter(F.action == "pa"))
async def archive_program(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
) -> None:
    await provider_desk.archive_program(
        session, program_id=callback_data.id, provider_ids=access.provider_ids, actor_id=user.id
    )
    text, markup = await programs_view(session, access, i18n)
    await show(query, f"{i18n.get('provider-archived')}\n\n{text}", markup)


@router.callback_query(kb.PvCb.filter(F.action == "st"))
async def students(
    query: CallbackQuery, callback_data: kb.PvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    group, active = await provider_desk.students_of(session, callback_data.id, access.provider_ids)
    shown = page_of(active, callback_data.arg)
    lines = [
        i18n.get("provider-student-line", n=n, child=escaped(e.child.full_name, LINE) if e.child else "—")
        for n, e in enumerate(shown.items, start=shown.first)
    ]
    text = i18n.get("provider-students", group=escaped(group.name, LINE), lines="\n".join(lines) or "—")
    markup = kb.students(i18n, shown, group.id, group.program_id)
    await show(query, text + page_note(i18n, shown.page, shown.pages), markup)


@router.callback_query(kb.PvCb.filter(F.action == "ex"))
async def expel_ask(
    query: CallbackQuery, callback_data: kb.PvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    e = await enrollment.for_provider(session, callback_data.id, access.provider_ids)
    markup = kb.reasons(
        i18n, "xr", callback_data.id, enrollment.END_REASONS, "enroll-end-reason",
        back=(i18n.get("provider-expel-keep"), kb.PvCb(action="st", id=e.group_id)),
    )  # fmt: skip
    await show(query, i18n.get("provider-expel-ask"), markup)


@router.callback_query(kb.PvCb.filter(F.action == "xr"))
async def expel(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    await enrollment.end(
        session,
        enrollment_id=callback_data.id,
        actor_id=user.id,
        reason=reason_at(enrollment.END_REASONS, callback_data.arg),
        comment=None,
        now=clock.now(),
        provider_ids=access.provider_ids,
    )
    await show(query, i18n.get("provider-expelled"))
