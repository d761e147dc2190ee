"""Queue messages the bot sends unprompted. Enqueue in the same transaction as the change they report:
if the change rolls back, so does the message; if it commits, the sender will deliver it exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import OutboxMessage, OutboxStatus

Buttons = list[list[dict[str, Any]]]


def quiet_hours_end(at: datetime, tz: ZoneInfo, start_hour: int, end_hour: int) -> datetime:
    """The earliest moment at or after `at` outside the quiet hours [start_hour, end_hour) local time."""
    local = at.astimezone(tz)
    hour = local.hour
    in_quiet = (
        hour >= start_hour or hour < end_hour if start_hour > end_hour else start_hour <= hour < end_hour
    )
    if not in_quiet:
        return at
    morning = datetime.combine(local.date(), time(end_hour), tzinfo=tz)
    if hour >= end_hour:  # evening: the morning is tomorrow
        morning += timedelta(days=1)
    return morning.astimezone(UTC)


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    key: str,
    text_key: str | None = None,
    args: dict[str, Any] | None = None,
    text: str | None = None,
    buttons: Buttons | None = None,
    photo: str | None = None,
    not_before: datetime | None = None,
    respect_quiet_hours: bool = True,
    broadcast_id: int | None = None,
) -> bool:
    """Queue one message for one chat under a unique `key`. Returns False when that key was queued
    before (the message is not queued twice). Give either `text_key` (+ `args`), rendered in the
    recipient's language when sent, or a ready `text`. Buttons: rows of {"text_key" or "text",
    "args"?, "callback_data" or "url"}."""
    if (text_key is None) == (text is None):
        raise ValueError("give exactly one of text_key and text")
    payload: dict[str, Any] = {"text_key": text_key, "args": args or {}} if text_key else {"text": text}
    if buttons:
        payload["buttons"] = buttons
    if photo:
        payload["photo"] = photo
    values = {
        "key": key,
        "chat_id": chat_id,
        "payload": payload,
        "status": OutboxStatus.PENDING,
        "not_before": not_before or datetime.now(UTC),
        "respect_quiet_hours": respect_quiet_hours,
        "broadcast_id": broadcast_id,
        "created_at": datetime.now(UTC),
    }
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    stmt: Any
    if dialect == "postgresql":
        stmt = (
            postgresql.insert(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["key"])
        )
    elif dialect == "sqlite":
        stmt = sqlite.insert(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["key"])
    else:  # pragma: no cover - only the two supported back ends
        stmt = insert(OutboxMessage).values(**values)
    result = await session.execute(stmt)
    return bool(result.rowcount)  # type: ignore[attr-defined]
