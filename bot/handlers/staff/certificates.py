"""Staff: the queue of certificate applications, the register (find, suspend, resume, close), and the
municipality's period (nominal, quota, population) with invites for colleagues and providers."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.lazy.filter import LazyFilter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.formatting import LINE, day, escaped, rub
from bot.handlers.common.ui import message_of, put, refusal
from bot.keyboards import certificates as kb
from bot.keyboards.certificates import StaffCb
from bot.keyboards.paging import page_note
from bot.services import periods, rules
from bot.services.accounts.access import Access
from bot.services.accounts.invites import deep_link
from bot.services.clock import Clock
from bot.services.errors import DomainError, NotAllowed
from bot.services.family import certificates, children
from bot.services.paging import LIST_BUTTONS, page_of
from bot.views import certificates as views
from db.models import ApplicationStatus, Certificate, CertificateKind, Role, User

router = Router(name="staff_certificates")


class StaffForm(StatesGroup):
    reject_comment = State()  # data: application_id, reason
    find_number = State()
    state_reason = State()  # data: certificate_id, action
    period_value = State()  # data: period_id, field


# ---------------------------------------------------------------- the queue


async def show_queue(
    target: Message, session: AsyncSession, access: Access, i18n: I18nContext, edit: bool, page: int = 0
) -> None:
    pending = await certificates.pending_applications(session, access.staff_municipality_ids)
    shown = page_of(pending, page, LIST_BUTTONS)
    text = i18n.get("certificates-queue", count=len(pending)) + page_note(i18n, shown.page, shown.pages)
    await put(target, text, kb.queue(i18n, shown), edit=edit)


@router.message(LazyFilter("menu-staff-applications"))
async def queue(message: Message, session: AsyncSession, access: Access, i18n: I18nContext) -> None:
    await show_queue(message, session, access, i18n, edit=False)


@router.callback_query(StaffCb.filter(F.action == "list"))
async def queue_again(
    query: CallbackQuery, callback_data: StaffCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    if message := message_of(query):
        await show_queue(message, session, access, i18n, edit=True, page=callback_data.id)


@router.callback_query(StaffCb.filter(F.action == "app"))
async def application(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    app = await certificates.application_for_staff(session, access.staff_municipality_ids, callback_data.id)
    child = app.child
    today = clock.today()
    text = i18n.get(
        "certificates-application",
        id=app.id,
        status=app.status.value,
        name=escaped(child.full_name, LINE) if child else "—",
        age=rules.age_on(child.birth_date, today) if child else 0,
        birth_date=day(child.birth_date, i18n.locale) if child else "—",
        municipality=html.escape(child.municipality.name(i18n.locale)) if child else "—",
        snils=children.mask_snils(child.snils) if child and child.snils else "—",
        kind=app.requested_kind.value,
        quota_left=(await periods.financing_quota(session, app.municipality_id, today)).left,
    )
    markup = (
        kb.application(i18n, app) if app.status is ApplicationStatus.PENDING else kb.next_application(i18n)
    )
    if message := message_of(query):
        await message.edit_text(text, reply_markup=markup)


@router.callback_query(StaffCb.filter(F.action == "ok"))
async def approve(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    if callback_data.value not in set(CertificateKind):
        raise NotAllowed()
    message = message_of(query)
    try:
        certificate = await certificates.approve(
            session,
            staff_id=user.id,
            staff_municipality_ids=access.staff_municipality_ids,
            application_id=callback_data.id,
            kind=CertificateKind(callback_data.value),
            today=clock.today(),
            now=clock.now(),
        )
    except DomainError as error:
        if error.key != "certificates-error-quota-staff" or message is None:
            raise
        await message.edit_text(i18n.get(error.key), reply_markup=kb.quota_exhausted(i18n, callback_data.id))
        return
    if message is not None:
        await message.edit_text(
            i18n.get("certificates-issued", number=certificate.number, kind=certificate.kind.value),
            reply_markup=kb.next_application(i18n),
        )


@router.callback_query(StaffCb.filter(F.action == "rej"))
async def reject_reasons(
    query: CallbackQuery, callback_data: StaffCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    await certificates.pending_for_staff(session, access.staff_municipality_ids, callback_data.id)
    if message := message_of(query):
        await message.edit_text(
            i18n.get("certificates-reject-why"), reply_markup=kb.reasons(i18n, callback_data.id)
        )


@router.callback_query(StaffCb.filter(F.action == "why"))
async def reject_reason(
    query: CallbackQuery,
    callback_data: StaffCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    if callback_data.value not in certificates.REJECT_REASONS:
        raise NotAllowed()
    await certificates.pending_for_staff(session, access.staff_municipality_ids, callback_data.id)
    await state.set_state(StaffForm.reject_comment)
    await state.set_data({"application_id": callback_data.id, "reason": callback_data.value})
    if message := message_of(query):
        await message.edit_text(
            i18n.get("certificates-reject-comment", reason=callback_data.value),
            reply_markup=kb.no_comment(i18n, callback_data.id, callback_data.value),
        )


async def do_reject(
    target: Message,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
    application_id: int,
    reason: str,
    comment: str | None,
) -> None:
    try:
        await certificates.reject(
            session,
            staff_id=user.id,
            staff_municipality_ids=access.staff_municipality_ids,
            application_id=application_id,
            reason=reason,
            comment=comment,
            now=clock.now(),
        )
    except DomainError as error:
        # Refused before anything changed (e.g. a colleague decided meanwhile): the form still ends.
        await target.answer(refusal(i18n, error), reply_markup=kb.next_application(i18n))
        return
    await target.answer(
        i18n.get("certificates-rejected-staff", id=application_id), reply_markup=kb.next_application(i18n)
    )


@router.message(StaffForm.reject_comment, F.text)
async def reject_with_comment(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()
    await do_reject(
        message, session, user, access, i18n, clock, data["application_id"], data["reason"], message.text
    )


@router.callback_query(StaffCb.filter(F.action == "nocom"))
async def reject_without_comment(
    query: CallbackQuery,
    callback_data: StaffCb,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    await state.clear()
    if message := message_of(query):
        await message.edit_reply_markup(reply_markup=None)
        await do_reject(
            message, session, user, access, i18n, clock, callback_data.id, callback_data.value, None
        )


# ---------------------------------------------------------------- the register


async def send_card(
    target: Message,
    session: AsyncSession,
    i18n: I18nContext,
    clock: Clock,
    settings: Settings,
    certificate: Certificate,
) -> None:
    card = await certificates.card(session, certificate, clock.today())
    await target.answer(
        views.card(i18n, card, settings), reply_markup=kb.staff_card(i18n, certificate.id, certificate.state)
    )


@router.message(LazyFilter("menu-staff-certificates"))
async def find_start(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(StaffForm.find_number)
    await message.answer(i18n.get("certificates-find-ask"))


@router.message(StaffForm.find_number, F.text)
async def find(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
    settings: Settings,
) -> None:
    certificate = await certificates.find_for_staff(
        session, access.staff_municipality_ids, message.text or ""
    )
    await state.clear()
    await send_card(message, session, i18n, clock, settings, certificate)


@router.callback_query(StaffCb.filter(F.action.in_({"suspend", "close"})))
async def state_reason_ask(
    query: CallbackQuery,
    callback_data: StaffCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    certificate = await certificates.certificate_for_staff(
        session, access.staff_municipality_ids, callback_data.id
    )
    certificates.check_transition(certificate, callback_data.action)
    await state.set_state(StaffForm.state_reason)
    await state.set_data({"certificate_id": certificate.id, "action": callback_data.action})
    if message := message_of(query):
        await message.answer(
            i18n.get("certificates-state-reason-ask", action=callback_data.action, number=certificate.number)
        )


async def do_change(
    target: Message,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
    settings: Settings,
    certificate_id: int,
    action: str,
    reason: str | None,
) -> None:
    try:
        certificate = await certificates.change_state(
            session,
            staff_id=user.id,
            staff_municipality_ids=access.staff_municipality_ids,
            certificate_id=certificate_id,
            action=action,
            reason=reason,
            now=clock.now(),
            today=clock.today(),
        )
    except DomainError as error:
        # Refused before anything changed (the state moved meanwhile): the form still ends.
        await target.answer(refusal(i18n, error))
        return
    await target.answer(i18n.get("certificates-state-done", action=action, number=certificate.number))
    await send_card(target, session, i18n, clock, settings, certificate)


@router.message(StaffForm.state_reason, F.text)
async def state_reason(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
    settings: Settings,
) -> None:
    reason = certificates.state_reason(message.text or "")
    data = await state.get_data()
    await state.clear()
    await do_change(
        message,
        session,
        user,
        access,
        i18n,
        clock,
        settings,
        data["certificate_id"],
        data["action"],
        reason,
    )


@router.callback_query(StaffCb.filter(F.action == "resume"))
async def resume(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
    settings: Settings,
) -> None:
    if message := message_of(query):
        await do_change(
            message, session, user, access, i18n, clock, settings, callback_data.id, "resume", None
        )


# ---------------------------------------------------------------- nominal, quota, population; invites


async def show_period(
    target: Message,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
    municipality_id: int,
    edit: bool,
) -> None:
    period = await certificates.ensure_period(
        session, access.staff_municipality_ids, municipality_id, clock.today()
    )
    quota = await periods.financing_quota(session, municipality_id, clock.today())
    text = i18n.get(
        "certificates-period",
        municipality=html.escape(period.municipality.name(i18n.locale)),
        starts=day(period.starts_on, i18n.locale),
        ends=day(period.ends_on, i18n.locale),
        nominal=rub(period.nominal_kopecks, i18n.locale),
        quota=period.financing_quota,
        used=quota.used,
        population=period.child_population,
    )
    markup = kb.period(i18n, period.id, municipality_id)
    await put(target, text, markup, edit=edit)


@router.message(LazyFilter("menu-staff-municipality"))
async def municipality_section(
    message: Message, session: AsyncSession, access: Access, i18n: I18nContext, clock: Clock
) -> None:
    served = [m for m in await children.municipalities(session) if access.is_staff_of(m.id)]
    if len(served) == 1:
        await show_period(message, session, access, i18n, clock, served[0].id, edit=False)
    else:
        await message.answer(
            i18n.get("certificates-choose-municipality"), reply_markup=kb.municipalities(i18n, served)
        )


@router.callback_query(StaffCb.filter(F.action == "mun"))
async def municipality_chosen(
    query: CallbackQuery,
    callback_data: StaffCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    await state.clear()
    if message := message_of(query):
        await show_period(message, session, access, i18n, clock, callback_data.id, edit=True)


@router.callback_query(StaffCb.filter(F.action == "per"))
async def period_value_ask(
    query: CallbackQuery,
    callback_data: StaffCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
) -> None:
    period = await certificates.period_for_staff(session, access.staff_municipality_ids, callback_data.id)
    if callback_data.value not in certificates.PERIOD_LIMITS:
        raise NotAllowed()
    await state.set_state(StaffForm.period_value)
    await state.set_data({"period_id": period.id, "field": callback_data.value})
    if message := message_of(query):
        await message.answer(i18n.get("certificates-period-ask", field=callback_data.value))


@router.message(StaffForm.period_value, F.text)
async def period_value(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    data = await state.get_data()
    period = await certificates.set_period_value(
        session,
        staff_id=user.id,
        staff_municipality_ids=access.staff_municipality_ids,
        period_id=data["period_id"],
        field=data["field"],
        text=message.text or "",
    )
    await state.clear()
    await message.answer(i18n.get("certificates-period-saved"))
    await show_period(message, session, access, i18n, clock, period.municipality_id, edit=False)


# invs: a colleague for the municipality `id`; invpp: an employee of the provider `id`.
INVITE_ROLES = {"invs": Role.STAFF, "invpp": Role.PROVIDER}


@router.callback_query(StaffCb.filter(F.action == "invp"))
async def invite_provider_choose(
    query: CallbackQuery, callback_data: StaffCb, session: AsyncSession, access: Access, i18n: I18nContext
) -> None:
    providers = await certificates.providers_of(session, access.staff_municipality_ids, callback_data.id)
    page = int(callback_data.value or 0)  # one of PAGES, or none
    shown = page_of(providers, page, LIST_BUTTONS)
    if message := message_of(query):
        key = "certificates-invite-provider-choose" if providers else "certificates-invite-no-providers"
        text = i18n.get(key) + page_note(i18n, shown.page, shown.pages)
        await message.edit_text(text, reply_markup=kb.providers(i18n, shown, callback_data.id))


@router.callback_query(StaffCb.filter(F.action.in_(set(INVITE_ROLES))))
async def invite(
    query: CallbackQuery,
    callback_data: StaffCb,
    bot: Bot,
    session: AsyncSession,
    user: User,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    role = INVITE_ROLES[callback_data.action]
    code = await certificates.invite(
        session,
        staff_id=user.id,
        staff_municipality_ids=access.staff_municipality_ids,
        role=role,
        target_id=callback_data.id,
        now=clock.now(),
    )
    me = await bot.me()
    if message := message_of(query):
        await message.answer(
            i18n.get(
                "certificates-invite", role=role.value, link=deep_link(me.username or "", code), code=code
            )
        )
