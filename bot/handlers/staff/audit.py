"""Staff: the audit log of one object (a program, provider, group, enrollment, certificate,
certificate application, event or period) — who did what and when."""

from __future__ import annotations

import json
import re

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.formatting import LINE, escaped, moment
from bot.handlers.common.ui import message_of
from bot.keyboards import desk as kb
from bot.services.accounts import audit
from bot.services.accounts.access import Access
from db.models import AuditRecord

router = Router(name="desk-audit")

ENTRIES = 20
DETAILS = 60  # characters of each entry's details: twenty entries fit one message
# What staff may type for each object type, besides its code name.
TYPE_WORDS = {
    "программа": "program",
    "поставщик": "provider",
    "группа": "group",
    "заявка": "enrollment",
    "зачисление": "enrollment",
    "сертификат": "certificate",
    "заявление": "certificate_application",
    "application": "certificate_application",
    "период": "period",
    "мероприятие": "event",
}
QUERY = re.compile(r"^\s*(\w+)\s*(?:№|#|n)?\s*(\d{1,12})\s*$", re.IGNORECASE)


class AuditForm(StatesGroup):
    object = State()


def render(
    i18n: I18nContext, settings: Settings, object_type: str, object_id: int, rows: list[AuditRecord]
) -> str:
    lines = [i18n.get("desk-audit-title", type=object_type, id=object_id, count=len(rows))]
    for row in rows:
        details = json.dumps(row.details, ensure_ascii=False) if row.details else ""
        lines.append(
            i18n.get(
                "desk-audit-line",
                when=moment(row.created_at, settings.tz, i18n.locale),
                role=row.actor_role,
                actor=str(row.actor_id or "—"),
                action=escaped(row.action, LINE),
                details=escaped(details, DETAILS) or "—",
            )
        )
    if not rows:
        lines.append(i18n.get("desk-audit-empty"))
    return "\n".join(lines)


async def _show(
    message: Message,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    i18n: I18nContext,
    object_type: str,
    object_id: int,
) -> None:
    rows = await audit.staff_history(session, access.staff_municipality_ids, object_type, object_id, ENTRIES)
    await message.answer(render(i18n, settings, object_type, object_id, rows))


@router.callback_query(kb.AuditCb.filter())
async def from_card(
    query: CallbackQuery,
    callback_data: kb.AuditCb,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    if message := message_of(query):
        await _show(
            message, session, access, settings, i18n, callback_data.object_type, callback_data.object_id
        )


@router.callback_query(kb.RepCb.filter(F.action == "audit"))
async def ask_object(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(AuditForm.object)
    if message := message_of(query):
        await message.answer(i18n.get("desk-audit-ask"))


@router.message(AuditForm.object, F.text)
async def got_object(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    match = QUERY.match(message.text or "")
    object_type = TYPE_WORDS.get(match.group(1).lower(), match.group(1).lower()) if match else ""
    if match is None or object_type not in audit.AUDITED_TYPES:
        await message.answer(i18n.get("desk-audit-bad-query"))
        return
    await _show(message, session, access, settings, i18n, object_type, int(match.group(2)))
    await state.clear()
