"""Import of providers, programs and groups from a file sent into the chat: staff for their
municipalities, a provider's employee for its own programs. The bot answers with a preview and
imports only on confirmation, all or nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.formatting import LINE, TEXT, escaped, fitting
from bot.handlers.common.ui import message_of, refuse
from bot.keyboards import desk as kb
from bot.services.accounts.access import Access
from bot.services.clock import Clock
from bot.services.desk import imports
from bot.services.errors import DomainError
from db.models import Role

# Staff and providers' employees import through the same handlers; the service decides what each may import.
router = Router(name="imports")  # for staff and providers: the role filter is set in common/__init__.py

PREVIEW_LINES = 25


class ImportForm(StatesGroup):
    file = State()
    confirm = State()


def importer_for(access: Access) -> imports.Importer:
    """The menu role decides: someone both staff and provider imports as what he is working as now."""
    if access.has(Role.STAFF) and access.role is not Role.PROVIDER:
        return imports.Importer(access.user.id, Role.STAFF, municipality_ids=access.staff_municipality_ids)
    return imports.Importer(access.user.id, Role.PROVIDER, provider_ids=access.provider_ids)


def _escaped(args: dict[str, Any]) -> dict[str, Any]:
    return {k: escaped(v, LINE) if isinstance(v, str) else v for k, v in args.items()}


def _reason(i18n: I18nContext, problem: imports.Rejected) -> str:
    args = _escaped(problem.args)
    if "column" in args and i18n.locale == "ru":  # the Russian template's header, as in the file
        headers = {c.name: c.header_ru for c in imports.SHEETS[problem.sheet]}
        args["column"] = headers.get(args["column"], args["column"])
    return i18n.get(problem.key, **args)


def _what_programs(plan: imports.Plan, can_publish: bool) -> str:
    """What confirming does to the file's programs: none, moderation only, or staff's choice."""
    return "choice" if can_publish else "moderation" if plan.has_programs else "none"


def preview(i18n: I18nContext, plan: imports.Plan, can_publish: bool) -> str:
    counts = {
        f"{sheet}_{'added' if added else 'changed'}": plan.count(sheet, added)
        for sheet in imports.SHEETS
        for added in (True, False)
    }
    lines = [i18n.get("import-preview", unchanged=plan.unchanged, rejected=len(plan.rejected), **counts)]
    problems = [
        i18n.get("import-rejected-line", sheet=problem.sheet, row=problem.row, reason=_reason(i18n, problem))
        for problem in plan.rejected[:PREVIEW_LINES]
    ]
    # what the file says is quoted in the reasons: long values leave room for fewer lines
    shown = fitting(problems, TEXT - len(lines[0]) - 500)
    lines += problems[:shown]
    if len(plan.rejected) > shown:
        lines.append(i18n.get("import-rejected-more", count=len(plan.rejected) - shown))
    if plan.rejected:
        lines.append(i18n.get("import-fix-and-resend"))
    elif plan.items:
        lines.append(i18n.get("import-confirm-ask", programs=_what_programs(plan, can_publish)))
    else:
        lines.append(i18n.get("import-nothing-to-do"))
    return "\n".join(lines)


async def open_screen(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    """/import, or the import button (staff: in «Поставщики»; providers: in «Мои программы»)."""
    await state.set_state(ImportForm.file)
    await state.set_data({})
    await message.answer(
        i18n.get("import-intro", max_mb=imports.MAX_FILE_MB, max_rows=imports.MAX_ROWS),
        reply_markup=kb.import_screen(i18n),
    )


async def start(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    if message := message_of(query):
        await open_screen(message, state, i18n)


async def template(
    query: CallbackQuery, session: AsyncSession, access: Access, i18n: I18nContext, clock: Clock
) -> None:
    example = await imports.example_municipality(session, importer_for(access))
    content = await asyncio.to_thread(imports.template_xlsx, example, clock.today())
    if message := message_of(query):
        await message.answer_document(
            BufferedInputFile(content, filename="import-template.xlsx"),
            caption=i18n.get("import-template-caption"),
        )


async def receive_file(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    i18n: I18nContext,
    clock: Clock,
) -> None:
    document = message.document
    assert document is not None  # the filter asks for one
    # A new file replaces a preview waiting for confirmation, whatever becomes of it.
    await state.set_state(ImportForm.file)
    await state.set_data({})
    # Refuse a huge file before downloading it.
    if document.file_size is not None and document.file_size > imports.MAX_FILE_BYTES:
        await message.answer(i18n.get("import-too-big", max_mb=imports.MAX_FILE_MB))
        return
    downloaded = await bot.download(document)
    content = downloaded.read() if downloaded is not None else b""
    try:
        book = await asyncio.to_thread(imports.read_book, document.file_name or "", content)
    except DomainError as error:
        await message.answer(i18n.get(error.key, **_escaped(error.args_)))
        return
    plan = await imports.plan(session, book, importer_for(access), clock.today())
    ready = bool(plan.items) and not plan.rejected
    if ready:  # only a clean plan waits for confirmation
        await state.set_state(ImportForm.confirm)
        await state.set_data({"book": book})
    can_publish = importer_for(access).role is Role.STAFF and plan.has_programs
    await message.answer(
        preview(i18n, plan, can_publish),
        reply_markup=kb.import_confirm(i18n, _what_programs(plan, can_publish))
        if ready
        else kb.import_screen(i18n),
    )


async def confirm(
    query: CallbackQuery,
    callback_data: kb.ImpCb,
    state: FSMContext,
    session: AsyncSession,
    access: Access,
    clock: Clock,
    i18n: I18nContext,
) -> None:
    data = await state.get_data()
    if await state.get_state() != ImportForm.confirm.state or "book" not in data:
        raise DomainError("import-stale")
    try:
        applied = await imports.apply(
            session,
            data["book"],
            importer_for(access),
            publish=callback_data.action == "publish",
            now=clock.now(),
        )
    except DomainError as error:
        await state.set_state(ImportForm.file)
        await state.set_data({})
        await refuse(query, i18n, error)
        return
    await state.clear()
    published = callback_data.action == "publish" and importer_for(access).role is Role.STAFF
    if message := message_of(query):
        await message.edit_text(
            i18n.get(
                "import-done",
                providers=applied.providers,
                programs=applied.programs,
                groups=applied.groups,
                published=str(published).lower(),
            )
        )


async def cancel(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    if message := message_of(query):
        await message.edit_text(i18n.get("import-cancelled"))


async def not_a_document(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("import-send-document"), reply_markup=kb.import_screen(i18n))


router.message.register(open_screen, Command("import"))
router.callback_query.register(start, kb.ImpCb.filter(F.action == "start"))
router.callback_query.register(template, kb.ImpCb.filter(F.action == "template"))
router.callback_query.register(confirm, kb.ImpCb.filter(F.action.in_({"confirm", "publish"})))
router.callback_query.register(cancel, kb.ImpCb.filter(F.action == "cancel"))
# A file from staff or a provider is an import whenever it comes, not only after /import.
router.message.register(receive_file, F.document)
router.message.register(not_a_document, ImportForm.file)
