"""Queue messages the bot sends unprompted. Enqueue in the same transaction as the change they report:
if the change rolls back, so does the message; if it commits, the sender (bot/delivery/sender.py) delivers it
once — the only exception, a hard crash between Telegram's acceptance and the record, is described there.

Personal notifications (no `broadcast_id`) are sent before the backlog of a broadcast.

A queued message names what to say, not how it looks: a text key with raw arguments (a name as typed,
money in kopecks, a date as ISO), and buttons as intents (`button("money-btn-view", Open.MONEY, 5)`).
The renderer (bot/delivery/render.py) escapes the arguments for HTML, localises them and packs each
intent into its keyboard's callback data when the message is sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import OutboxMessage, OutboxStatus

Buttons = list[list[dict[str, Any]]]
EXPIRES_AT = "expires_at"  # in a payload: not sent at or after this moment (ISO, UTC)

FORMAT = 2
"""The payload's `v`: 2, arguments are raw and buttons are intents. Rows without `v` (queued before)
hold arguments escaped when queued and buttons with packed `callback_data`; they render as stored."""


class Open(StrEnum):
    """Where a queued message's button leads; `id` names the object."""

    CERTIFICATE = "certificate"  # the parent's certificate card (id: the certificate)
    MONEY = "money"  # the certificate's money view, as a new message (id: the certificate)
    LESSONS = "lessons"  # the provider's monthly lessons report
    APPLICATION = "application"  # staff: a certificate application (id: the application)
    CONFIRM_REQUEST = "confirm-request"  # the provider confirms an enrollment request (id: the request)
    REJECT_REQUEST = "reject-request"  # the provider rejects it: the reasons (id: the request)
    ACCEPT_OFFER = "accept-offer"  # the family takes a waiting list's seat (id: the waiting-list entry)
    DECLINE_OFFER = "decline-offer"  # the family gives it up (id: the waiting-list entry)
    DISPUTE_ASK = "dispute-ask"  # «Ребёнок не занимался» (id: the enrollment, arg: the month as yyyymm)
    DISPUTE_AGREE = "dispute-agree"  # the provider agrees to return the month (id: the dispute)
    DISPUTE_CONFIRM = "dispute-confirm"  # the provider confirms the lessons given (id: the dispute)
    DISPUTE_FOR_FAMILY = "dispute-family"  # staff settle for the family (id: the dispute)
    DISPUTE_FOR_PROVIDER = "dispute-provider"  # staff settle for the provider (id: the dispute)
    PATH = "path"  # «🧭 Что дальше» for a child (id: the child)


def button(text_key: str, to: Open, object_id: int = 0, arg: int = 0) -> dict[str, Any]:
    """A queued button: its label's text key and where it leads (`arg`: a second number some need)."""
    spec: dict[str, Any] = {"text_key": text_key, "open": to.value, "id": object_id}
    if arg:
        spec["arg"] = arg
    return spec


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


def _payload(
    text_key: str | None,
    args: dict[str, Any] | None,
    text: str | None,
    buttons: Buttons | None,
    photo: str | None,
    expires_at: datetime | None = None,
) -> dict[str, Any]:
    if (text_key is None) == (text is None):
        raise ValueError("give exactly one of text_key and text")
    payload: dict[str, Any] = {"v": FORMAT}
    payload |= {"text_key": text_key, "args": args or {}} if text_key else {"text": text}
    if buttons:
        payload["buttons"] = buttons
    if photo:
        payload["photo"] = photo
    if expires_at is not None:
        payload[EXPIRES_AT] = expires_at.astimezone(UTC).isoformat()
    return payload


def expired(payload: dict[str, Any], now: datetime) -> bool:
    """Whether the message lost its point (a reminder of a lesson that has started): the sender then
    drops it instead of sending it late, e.g. after the quiet hours held it."""
    until = payload.get(EXPIRES_AT)
    return until is not None and now >= datetime.fromisoformat(until)


def _insert_ignoring_duplicates(session: AsyncSession) -> Any:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql  # 2 MiB a SQLite deployment does not need

        return postgresql.insert(OutboxMessage).on_conflict_do_nothing(index_elements=["key"])
    if dialect == "sqlite":
        return sqlite.insert(OutboxMessage).on_conflict_do_nothing(index_elements=["key"])
    return insert(OutboxMessage)  # pragma: no cover - only the two supported back ends


def _row(
    key: str,
    chat_id: int,
    payload: dict[str, Any],
    now: datetime,
    not_before: datetime | None = None,
    respect_quiet_hours: bool = True,
    broadcast_id: int | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "chat_id": chat_id,
        "payload": payload,
        "status": OutboxStatus.PENDING,
        "not_before": not_before or now,
        "respect_quiet_hours": respect_quiet_hours,
        "broadcast_id": broadcast_id,
        "attempts": 0,
        "created_at": now,
    }


async def _insert_many(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Many rows in one statement; keys queued before are left as they were."""
    if rows:
        await session.execute(_insert_ignoring_duplicates(session), rows)
        session.info["outbox_queued"] = True


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    key: str,
    now: datetime,
    text_key: str | None = None,
    args: dict[str, Any] | None = None,
    text: str | None = None,
    buttons: Buttons | None = None,
    photo: str | None = None,
    not_before: datetime | None = None,
    respect_quiet_hours: bool = True,
    broadcast_id: int | None = None,
    expires_at: datetime | None = None,
) -> bool:
    """Queue one message for one chat under a unique `key`. Returns False when that key was queued
    before (the message is not queued twice). Give either `text_key` (+ `args`), rendered in the
    recipient's language when sent, or a ready `text`. `now` (from the Clock) is when it is queued and
    the earliest it goes out unless `not_before` says later; from `expires_at` on it is dropped unsent.
    `args` are raw (the renderer escapes
    strings for HTML); a ready `text` is HTML already. Buttons: rows of `button(...)`."""
    payload = _payload(text_key, args, text, buttons, photo, expires_at)
    values = _row(key, chat_id, payload, now, not_before, respect_quiet_hours, broadcast_id)
    result = await session.execute(_insert_ignoring_duplicates(session).values(**values))
    session.info["outbox_queued"] = True  # the unit of work wakes the sender after the commit
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def enqueue_many(
    session: AsyncSession,
    *,
    recipients: dict[int, str],
    now: datetime,
    text_key: str | None = None,
    args: dict[str, Any] | None = None,
    text: str | None = None,
    photo: str | None = None,
    not_before: datetime | None = None,
    respect_quiet_hours: bool = True,
    broadcast_id: int | None = None,
) -> None:
    """The same message for many chats ({chat_id: key}) in one statement; keys queued before are
    left as they were."""
    payload = _payload(text_key, args, text, None, photo)
    await _insert_many(
        session,
        [
            _row(key, chat_id, payload, now, not_before, respect_quiet_hours, broadcast_id)
            for chat_id, key in recipients.items()
        ],
    )


async def cancel_pending(
    session: AsyncSession, *, broadcast_id: int | None = None, key_prefix: str | None = None
) -> int:
    """Cancel the messages of a broadcast, or those whose key starts with `key_prefix`, that are not
    sent yet. Returns how many were cancelled."""
    if (broadcast_id is None) == (key_prefix is None):
        raise ValueError("give exactly one of broadcast_id and key_prefix")
    which = (
        OutboxMessage.broadcast_id == broadcast_id
        if broadcast_id is not None
        else OutboxMessage.key.startswith(key_prefix or "", autoescape=True)
    )
    result = await session.execute(
        update(OutboxMessage)
        .where(which, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Notice:
    """A message to queue in the outbox (the arguments of `outbox.enqueue`)."""

    chat_id: int
    key: str
    text_key: str
    args: dict[str, Any]
    buttons: Buttons | None = None
    expires_at: datetime | None = None

    async def enqueue(self, session: AsyncSession, now: datetime) -> bool:
        return await enqueue(
            session,
            now=now,
            chat_id=self.chat_id,
            key=self.key,
            text_key=self.text_key,
            args=self.args,
            buttons=self.buttons,
            expires_at=self.expires_at,
        )


async def enqueue_notices(session: AsyncSession, notices: list[Notice], now: datetime) -> None:
    """Many personal notices in one INSERT (a job's batch); keys queued before are left as they were."""
    await _insert_many(
        session,
        [
            _row(n.key, n.chat_id, _payload(n.text_key, n.args, None, n.buttons, None, n.expires_at), now)
            for n in notices
        ],
    )
