"""The parent's side of certificates: apply (choose the status, learn which documents to show where)
and the certificate card (bot/views/certificates.py, shared with the staff's card)."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.handlers.common.ui import message_of
from bot.keyboards import certificates as kb
from bot.keyboards.certificates import CertCb
from bot.keyboards.children import to_list
from bot.keyboards.money import card_buttons
from bot.services import periods
from bot.services.clock import Clock
from bot.services.errors import DomainError, NotAllowed
from bot.services.family import certificates
from bot.views import certificates as views
from db.models import User

router = Router(name="certificates")


@router.callback_query(CertCb.filter(F.action == "apply"))
async def apply_start(
    query: CallbackQuery,
    callback_data: CertCb,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    child = await certificates.child_for_application(session, user.id, callback_data.id, clock.today())
    quota = await periods.financing_quota(session, child.municipality_id, clock.today())
    if message := message_of(query):
        await message.edit_text(
            i18n.get(
                "certificates-apply-intro",
                name=html.escape(child.first_name),
                financing_open=str(quota.left > 0).lower(),
            ),
            reply_markup=kb.kinds(i18n, child.id, quota.left > 0),
        )


@router.callback_query(CertCb.filter(F.action == "kind"))
async def apply_kind(
    query: CallbackQuery,
    callback_data: CertCb,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    """A status was chosen: say what filing means and ask before anything is filed."""
    kind = callback_data.value
    if not kind:
        raise NotAllowed()
    child = await certificates.child_for_application(session, user.id, callback_data.id, clock.today())
    if message := message_of(query):
        await message.edit_text(
            i18n.get("certificates-apply-confirm", name=html.escape(child.first_name), kind=kind.value),
            reply_markup=kb.confirm_application(i18n, child.id, kind),
        )


@router.callback_query(CertCb.filter(F.action == "keep"))
async def apply_cancelled(query: CallbackQuery, i18n: I18nContext) -> None:
    if message := message_of(query):
        await message.edit_text(i18n.get("certificates-apply-cancelled"), reply_markup=to_list(i18n))


@router.callback_query(CertCb.filter(F.action == "file"))
async def apply_file(
    query: CallbackQuery,
    callback_data: CertCb,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
    settings: Settings,
) -> None:
    kind = callback_data.value
    if not kind:
        raise NotAllowed()
    message = message_of(query)
    try:
        application = await certificates.apply(
            session,
            parent_id=user.id,
            child_id=callback_data.id,
            kind=kind,
            today=clock.today(),
            now=clock.now(),
            admin_ids=settings.admin_ids,
        )
    except DomainError as error:
        if error.key != "certificates-error-quota" or message is None:
            raise
        # The quota ran out while the parent was reading: offer the accounting status right there.
        await message.edit_text(i18n.get(error.key), reply_markup=kb.kinds(i18n, callback_data.id, False))
        return
    if message is not None:
        assert application.child is not None
        municipality = application.child.municipality
        await message.edit_text(
            i18n.get(
                "certificates-applied",
                name=html.escape(application.child.first_name),
                kind=application.requested_kind.value,
                municipality=html.escape(municipality.name(i18n.locale)),
                office=html.escape(municipality.office(i18n.locale) or "—"),
                has_snils=str(application.child.snils is not None).lower(),
            ),
            reply_markup=to_list(i18n),
        )


@router.callback_query(CertCb.filter(F.action == "card"))
async def card(
    query: CallbackQuery,
    callback_data: CertCb,
    session: AsyncSession,
    user: User,
    i18n: I18nContext,
    clock: Clock,
    settings: Settings,
) -> None:
    certificate = await certificates.certificate_for_parent(session, user.id, callback_data.id)
    text = views.card(i18n, await certificates.card(session, certificate, clock.today()), settings)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[*card_buttons(i18n, certificate), *to_list(i18n).inline_keyboard]
    )
    if message := message_of(query):
        await message.answer(text, reply_markup=markup)
