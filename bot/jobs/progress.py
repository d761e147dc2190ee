"""The broadcast-progress job: the staff member's progress message, edited in place from the database."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from aiogram.exceptions import TelegramBadRequest

from bot.keyboards import broadcasts as kb
from bot.services.comms import broadcasts
from db.engine import deferred_session
from db.models import User

if TYPE_CHECKING:
    from bot.jobs.context import JobContext

PROGRESS_EVERY_SECONDS = 3  # Telegram frowns on editing one message more often


class ProgressReporter:
    """Edits each running broadcast's progress message from the database counts, so it survives a
    restart; finishes the broadcast and queues the final report once nothing is left."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx
        self._shown: dict[int, str] = {}  # the text each progress message shows now

    async def refresh(self) -> None:
        ctx = self.ctx
        async with deferred_session(ctx.sessionmaker) as session:
            if not await broadcasts.sending(session):
                return  # the usual case: nothing to refresh, and no write lock taken for it
        edits: list[tuple[int, int | None, int | None, str, str, bool]] = []
        async with ctx.sessionmaker.begin() as session:
            for broadcast in await broadcasts.sending(session):
                figures = await broadcasts.progress(session, broadcast.id)
                done = await broadcasts.finish(session, broadcast, figures, ctx.clock.now())
                author = await session.get(User, broadcast.created_by)
                locale = author.locale if author is not None else ctx.settings.default_locale
                key = "broadcasts-finished" if done else "broadcasts-progress"
                text = ctx.core.get(key, locale, **broadcasts.figures(broadcast.id, figures))
                label = ctx.core.get("broadcasts-stop", locale)
                chat_id, message_id = broadcast.progress_chat_id, broadcast.progress_message_id
                edits.append((broadcast.id, chat_id, message_id, text, label, done))
        for broadcast_id, chat_id, message_id, text, label, done in edits:
            if done:
                ctx.sender.wake()  # the final report is queued
            if chat_id is None or message_id is None or self._shown.get(broadcast_id) == text:
                continue
            markup = None if done else kb.stop(label, broadcast_id)
            with contextlib.suppress(TelegramBadRequest):  # unchanged after a restart, or deleted
                await ctx.bot.edit_message_text(
                    text, chat_id=chat_id, message_id=message_id, reply_markup=markup
                )
            self._shown[broadcast_id] = text
            if done:
                self._shown.pop(broadcast_id, None)
