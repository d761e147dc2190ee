"""The parent's side of enrollment: ask for a seat, the waiting list, «Мои заявки», withdraw, end.
A refusal of an action on an existing object (forged, stale, already decided) propagates to the errors
router: the update is rolled back and the reason shown as an alert."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.formatting import LINE, day, escaped, rub
from bot.handlers.common.menu import ask_for_consent
from bot.handlers.common.ui import refusal, reply
from bot.keyboards.catalog import EnCb, end_reasons, my_requests, reason_at, request_confirm
from bot.keyboards.paging import page_note
from bot.services import standing
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.enrollment import requests as enrollment
from bot.services.errors import DomainError
from bot.services.paging import page_of
from bot.views.timetable import clash_note
from db.models import Child, Enrollment, Group, User, WaitlistEntry, WaitlistStatus

router = Router(name="enrollment")


def _waitlist_offer(i18n: I18nContext, group_id: int, child_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=i18n.get("catalog-btn-waitlist-join"), callback_data=EnCb(action="wl", id=group_id, arg=child_id)
    )
    return kb.as_markup()


async def _pick_child(
    query: CallbackQuery,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    callback_data: EnCb,
    i18n: I18nContext,
) -> int | None:
    """The child the request is for: from the button, the one chosen in the search, or the only one;
    otherwise ask which."""
    if callback_data.arg:
        return callback_data.arg
    children = await enrollment.children_of(session, user.id)
    chosen = (await state.get_data()).get("child_id")
    for child in children:
        if child.id == chosen:
            return child.id
    if len(children) == 1:
        return children[0].id
    if not children:
        await reply(query, i18n.get("enroll-no-children"))
        return None
    kb = InlineKeyboardBuilder()
    for child in children:
        kb.button(
            text=html.escape(child.first_name),
            callback_data=EnCb(action=callback_data.action, id=callback_data.id, arg=child.id),
        )
    kb.adjust(1)
    await reply(query, i18n.get("enroll-which-child"), kb.as_markup())
    return None


@router.callback_query(EnCb.filter(F.action.in_({"rq", "rf", "wl"})))
async def ask_seat(
    query: CallbackQuery,
    callback_data: EnCb,
    session: AsyncSession,
    state: FSMContext,
    user: User,
    i18n: I18nContext,
    clock: Clock,
    settings: Settings,
    access: Access,
) -> None:
    if access.is_teen:  # the request is the parent's to make: he has the consent and the family's data
        await reply(query, i18n.get("enroll-teen-ask-parent"))
        return
    if not user.has_consent:
        if isinstance(query.message, Message):
            await ask_for_consent(query.message, i18n)
        return
    child_id = await _pick_child(query, session, state, user, callback_data, i18n)
    if child_id is None:
        return
    try:
        if callback_data.action == "rq":  # the request is filed only once the parent has seen what it means
            eligible = await enrollment.check(
                session, parent_id=user.id, child_id=child_id, group_id=callback_data.id, today=clock.today()
            )
            await reply(
                query, _request_summary(i18n, eligible), request_confirm(i18n, callback_data.id, child_id)
            )
            return
        if callback_data.action == "wl":
            _, place = await enrollment.join_waitlist(
                session, parent_id=user.id, child_id=child_id, group_id=callback_data.id, today=clock.today()
            )
            w_group = await session.get(Group, callback_data.id)
            child = await session.get(Child, child_id)
            await reply(
                query,
                i18n.get(
                    "enroll-waitlisted",
                    place=place,
                    child=escaped(child.first_name if child else "—", LINE),
                    group=escaped(w_group.name if w_group else "—", LINE),
                ),
            )
            return
        request = await enrollment.request(
            session,
            parent_id=user.id,
            child_id=child_id,
            group_id=callback_data.id,
            now=clock.now(),
            today=clock.today(),
            tz=settings.tz,
        )
    except enrollment.NoSeat as error:
        await reply(query, refusal(i18n, error), _waitlist_offer(i18n, callback_data.id, child_id))
        return
    except DomainError as error:
        await reply(query, refusal(i18n, error))
        return
    group = await session.get(Group, request.group_id)
    child = await session.get(Child, child_id)
    assert request.deadline_at is not None and group is not None
    await reply(
        query,
        i18n.get(
            "enroll-requested",
            title=escaped(group.program.title, LINE),
            group=escaped(group.name, LINE),
            child=escaped(child.first_name if child else "—", LINE),
            deadline=day(request.deadline_at.astimezone(settings.tz).date(), i18n.locale),
        ),
    )


def _request_summary(i18n: I18nContext, eligible: enrollment.Eligibility) -> str:
    """What the request means for the family: who, where, and for a paid club what the certificate and
    the family pay a month and what stays free on the certificate for other clubs; and when the group's
    lessons collide with the child's other activities, which."""
    quote, locale = eligible.quote, i18n.locale
    summary = i18n.get(
        "enroll-confirm-ask",
        child=escaped(eligible.child.first_name, LINE),
        title=escaped(eligible.program.title, LINE),
        group=escaped(eligible.group.name, LINE),
        paid="yes" if quote.price_monthly else "no",
        certificate=rub(quote.certificate_monthly, locale),
        family=rub(quote.family_monthly, locale),
        reserve=rub(quote.reserve_total, locale),
        left=rub(quote.left, locale),
        little="yes" if eligible.leaves_little else "no",
        typical=rub(eligible.typical_monthly, locale),
    )
    clashes = clash_note(i18n, eligible.clashes)
    return f"{summary}\n\n{clashes}" if clashes else summary


@router.callback_query(EnCb.filter(F.action == "rx"))
async def request_cancelled(query: CallbackQuery, i18n: I18nContext) -> None:
    await reply(query, i18n.get("enroll-confirm-cancelled"))


async def requests_text(
    session: AsyncSession, user: User, i18n: I18nContext, *, as_child: bool = False, page: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    """One page of «Мои заявки»: the family's requests and waiting-list places, with buttons to
    withdraw, end or leave; or, `as_child`, those of the child whose own account this is, to read
    (the decisions are the parent's)."""
    enrollments = await enrollment.for_parent_list(session, user.id, as_child=as_child)
    waiting = await enrollment.waiting_for_parent(session, user.id, as_child=as_child)
    rows: list[Enrollment | WaitlistEntry] = [*enrollments, *waiting]
    shown = page_of(rows, page)
    markup = my_requests(i18n, shown, buttons=not as_child)
    if not rows:
        return i18n.get("enroll-teen-list-empty" if as_child else "enroll-list-empty"), markup
    lines = []
    for n, item in enumerate(shown.items, start=shown.first):
        if isinstance(item, Enrollment):
            lines.append(
                i18n.get(
                    "enroll-line",
                    n=n,
                    title=escaped(item.group.program.title, LINE),
                    group=escaped(item.group.name, LINE),
                    child=escaped(item.child.first_name, LINE) if item.child else "—",
                    status=item.status.value,
                )
            )
            continue
        w_group = await session.get(Group, item.group_id)
        child = await session.get(Child, item.child_id) if item.child_id else None
        lines.append(
            i18n.get(
                "enroll-waiting-line",
                n=n,
                title=escaped(w_group.program.title, LINE) if w_group else "—",
                group=escaped(w_group.name, LINE) if w_group else "—",
                child=escaped(child.first_name, LINE) if child else "—",
                offered="yes" if item.status is WaitlistStatus.OFFERED else "no",
                place=await enrollment.place_in_queue(session, item),
            )
        )
    text = i18n.get("enroll-list", lines="\n".join(lines)) + page_note(i18n, shown.page, shown.pages)
    return text, markup


@router.message(LazyFilter("menu-requests"))
async def list_requests(
    message: Message, session: AsyncSession, user: User, access: Access, i18n: I18nContext
) -> None:
    if access.is_teen:
        text, markup = await requests_text(session, user, i18n, as_child=True)
        await message.answer(text, reply_markup=markup)
        return
    if not user.has_consent:
        await ask_for_consent(message, i18n)
        return
    text, markup = await requests_text(session, user, i18n)
    await message.answer(text, reply_markup=markup)


@router.callback_query(EnCb.filter(F.action == "ls"))
async def requests_page(
    query: CallbackQuery,
    callback_data: EnCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
) -> None:
    text, markup = await requests_text(session, user, i18n, as_child=access.is_teen, page=callback_data.id)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def _refresh_list(
    query: CallbackQuery, session: AsyncSession, user: User, i18n: I18nContext, note: str
) -> None:
    text, markup = await requests_text(session, user, i18n)
    if isinstance(query.message, Message):
        await query.message.edit_text(f"{note}\n\n{text}", reply_markup=markup)


@router.callback_query(EnCb.filter(F.action == "wr"))
async def withdraw(
    query: CallbackQuery,
    callback_data: EnCb,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    await enrollment.withdraw(session, enrollment_id=callback_data.id, parent_id=user.id, now=clock.now())
    await _refresh_list(query, session, user, i18n, i18n.get("enroll-withdrawn"))


@router.callback_query(EnCb.filter(F.action == "end"))
async def end_ask(
    query: CallbackQuery, callback_data: EnCb, session: AsyncSession, user: User, i18n: I18nContext
) -> None:
    e = await standing.parents_enrollment(session, callback_data.id, user.id)
    markup = end_reasons(i18n, callback_data.id, enrollment.END_REASONS)
    # Only a paid club holds a reserve on the certificate that ending it gives back.
    text = i18n.get("enroll-end-ask", paid="yes" if e.certificate_part_kopecks else "no")
    await reply(query, text, markup)


@router.callback_query(EnCb.filter(F.action == "er"))
async def end(
    query: CallbackQuery,
    callback_data: EnCb,
    session: AsyncSession,
    user: User,
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
        parent_id=user.id,
    )
    await _refresh_list(query, session, user, i18n, i18n.get("enroll-ended"))


@router.callback_query(EnCb.filter(F.action == "wa"))
async def accept_offer(
    query: CallbackQuery,
    callback_data: EnCb,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
    settings: Settings,
) -> None:
    await enrollment.accept_offer(
        session,
        entry_id=callback_data.id,
        parent_id=user.id,
        now=clock.now(),
        today=clock.today(),
        tz=settings.tz,
    )
    await reply(query, i18n.get("enroll-offer-accepted"))


@router.callback_query(EnCb.filter(F.action.in_({"wx", "wq"})))
async def leave_waitlist(
    query: CallbackQuery,
    callback_data: EnCb,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    """Decline the offered seat (under the offer) or leave the waiting list (from «Мои заявки»)."""
    await enrollment.leave_waitlist(session, entry_id=callback_data.id, parent_id=user.id, now=clock.now())
    if callback_data.action == "wx":
        await reply(query, i18n.get("enroll-offer-declined"))
    else:
        await _refresh_list(query, session, user, i18n, i18n.get("enroll-waitlist-left"))
