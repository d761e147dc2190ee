"""Enrollment requests on the provider's side: the list, confirm, reject with a reason and comment."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.formatting import LINE, day, escaped, rub
from bot.handlers.common.ui import refusal, reply, show
from bot.keyboards import provider as kb
from bot.keyboards.catalog import reason_at
from bot.keyboards.disputes import with_waiting
from bot.keyboards.paging import page_note
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.enrollment import clashes
from bot.services.enrollment import requests as enrollment
from bot.services.errors import DomainError
from bot.services.money import disputes
from bot.services.paging import page_of
from bot.views.timetable import clash_mark
from db.models import Child, Enrollment, EnrollmentStatus, Group, User

router = Router(name="provider-requests")


class RejectForm(StatesGroup):
    comment = State()


def request_line(i18n: I18nContext, n: int, e: Enrollment, tz: ZoneInfo, from_waitlist: bool) -> str:
    return i18n.get(
        "provider-request-line",
        n=n,
        waitlist="yes" if from_waitlist else "no",
        child=escaped(e.child.full_name, LINE) if e.child else "—",
        title=escaped(e.group.program.title, LINE),
        group=escaped(e.group.name, LINE),
        deadline=day(e.deadline_at.astimezone(tz).date(), i18n.locale) if e.deadline_at else "—",
    )


async def requests_view(
    session: AsyncSession, access: Access, i18n: I18nContext, clock: Clock, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the pending requests; a request whose group collides with the child's other
    activities says with which."""
    tz, today = clock.tz, clock.today()
    pending = await enrollment.pending_for_provider(session, access.provider_ids)
    disputed = len(await disputes.awaiting_provider(session, access.provider_ids))
    if not pending:
        return i18n.get("provider-requests-empty"), with_waiting(i18n, None, disputed, staff=False)
    shown = page_of(pending, page)
    offered = await enrollment.from_waitlist(session, shown.items)
    found = await clashes.for_requests(session, shown.items, today)
    lines = [
        "\n".join(
            filter(
                None,
                (
                    request_line(i18n, n, e, tz, e.id in offered),
                    clash_mark(i18n, found.get(e.id, [])),
                ),
            )
        )
        for n, e in enumerate(shown.items, start=shown.first)
    ]
    text = i18n.get("provider-requests", lines="\n\n".join(lines)) + page_note(i18n, shown.page, shown.pages)
    return text, with_waiting(i18n, kb.requests(i18n, shown), disputed, staff=False)


@router.message(LazyFilter("menu-provider-requests"))
async def list_requests(
    message: Message, session: AsyncSession, access: Access, i18n: I18nContext, clock: Clock
) -> None:
    text, markup = await requests_view(session, access, i18n, clock, 0)
    await message.answer(text, reply_markup=markup)


@router.callback_query(kb.PvCb.filter(F.action == "rq"))
async def requests_page(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    await show(query, *await requests_view(session, access, i18n, clock, callback_data.arg))


@router.callback_query(kb.PvCb.filter(F.action == "ok"))
async def confirm(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    done = await enrollment.confirm(
        session,
        enrollment_id=callback_data.id,
        provider_ids=access.provider_ids,
        actor_id=user.id,
        now=clock.now(),
        today=clock.today(),
    )
    e = done.enrollment
    group = await session.get(Group, e.group_id)
    child = await session.get(Child, e.child_id) if e.child_id else None
    text = i18n.get(
        "provider-confirmed" if e.status is EnrollmentStatus.ACTIVE else "provider-confirm-waitlisted",
        child=escaped(child.full_name, LINE) if child else "—",
        title=escaped(group.program.title, LINE) if group else "—",
        group=escaped(group.name, LINE) if group else "—",
        waitlisted=done.waitlisted,
        paid="yes" if done.quote.price_monthly else "no",
        reserve=rub(done.quote.reserve_total, i18n.locale),
        left=rub(done.quote.left, i18n.locale),
        little="yes" if done.leaves_little else "no",
        typical=rub(done.typical_monthly, i18n.locale),
    )
    await show(query, text, kb.after_decision(i18n, e.group_id, group.name if group else ""))


@router.callback_query(kb.PvCb.filter(F.action == "no"))
async def reject_ask(
    query: CallbackQuery, callback_data: kb.PvCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    await enrollment.for_provider(session, callback_data.id, access.provider_ids)
    markup = kb.reasons(i18n, "nr", callback_data.id, enrollment.REJECT_REASONS, "provider-reject-reason")
    await reply(query, i18n.get("provider-reject-ask"), markup)


@router.callback_query(kb.PvCb.filter(F.action == "nr"))
async def reject_reason(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    state: FSMContext,
    access: Access,
    i18n: I18nContext,
) -> None:
    await enrollment.for_provider(session, callback_data.id, access.provider_ids)
    await state.set_state(RejectForm.comment)
    await state.update_data(enrollment_id=callback_data.id, reason=callback_data.arg)
    markup = kb.skip_comment(i18n, callback_data.id, callback_data.arg)
    await show(query, i18n.get("provider-reject-comment"), markup)


async def _reject(
    session: AsyncSession,
    access: Access,
    user: User,
    clock: Clock,
    enrollment_id: int,
    reason_index: int,
    comment: str | None,
) -> None:
    await enrollment.reject(
        session,
        enrollment_id=enrollment_id,
        provider_ids=access.provider_ids,
        actor_id=user.id,
        reason=reason_at(enrollment.REJECT_REASONS, reason_index),
        comment=comment,
        now=clock.now(),
    )


@router.callback_query(kb.PvCb.filter(F.action == "ns"))
async def reject_without_comment(
    query: CallbackQuery,
    callback_data: kb.PvCb,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    await _reject(session, access, user, clock, callback_data.id, callback_data.arg, None)
    await state.clear()
    await show(query, i18n.get("provider-rejected"))


@router.message(RejectForm.comment, F.text)
async def reject_with_comment(
    message: Message,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()  # also when the request was decided meanwhile: the comment has nowhere to go
    try:
        await _reject(
            session,
            access,
            user,
            clock,
            int(data["enrollment_id"]),
            int(data["reason"]),
            (message.text or "")[:500],
        )
    except DomainError as error:
        await message.answer(refusal(i18n, error))
        return
    await message.answer(i18n.get("provider-rejected"))
