"""Events, reminders, broadcasts, the outbox, the audit log, FSM state and scheduler runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, TimestampMixin
from db.models.enums import BroadcastStatus, Direction, EventState, OutboxStatus


class Event(TimestampMixin, Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    link: Mapped[str | None] = mapped_column(sa.String(500))
    age_min: Mapped[int] = mapped_column(default=5)
    age_max: Mapped[int] = mapped_column(default=18)
    direction: Mapped[Direction | None]
    registration_deadline: Mapped[datetime | None]
    state: Mapped[EventState] = mapped_column(default=EventState.ACTIVE)
    created_by: Mapped[int | None] = mapped_column(sa.BigInteger)


class EventReminder(TimestampMixin, Base):
    __tablename__ = "event_reminders"
    __table_args__ = (sa.UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))


class Broadcast(TimestampMixin, Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int] = mapped_column(sa.BigInteger)
    text: Mapped[str] = mapped_column(sa.Text)
    photo_file_id: Mapped[str | None] = mapped_column(sa.String(300))
    audience: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[BroadcastStatus] = mapped_column(default=BroadcastStatus.DRAFT)
    progress_chat_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    finished_at: Mapped[datetime | None]


class OutboxMessage(TimestampMixin, Base):
    """A message the bot sends unprompted. Queued in the same transaction as the change it reports,
    once per recipient (`key` is unique), and marked sent only after Telegram accepted it.

    `payload` holds either a translation key with its arguments, rendered in the recipient's language
    when sent ({"text_key": ..., "args": {...}, "buttons": [[{"text_key"|"text", "callback_data"}]]}),
    or a ready text ({"text": ...}) such as a staff announcement; optionally "photo" (a file id)."""

    __tablename__ = "outbox"
    __table_args__ = (
        # Each matches one query of the sender: the claim walks the first in the order messages go
        # out (personal, then by broadcast); the quiet hours defer due rows through the second.
        sa.Index("ix_outbox_claim", "status", "broadcast_id", "id"),
        sa.Index("ix_outbox_due", "status", "respect_quiet_hours", "not_before"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(160), unique=True)
    chat_id: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[OutboxStatus] = mapped_column(default=OutboxStatus.PENDING)
    not_before: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    broadcast_id: Mapped[int | None] = mapped_column(sa.ForeignKey("broadcasts.id"), index=True)
    respect_quiet_hours: Mapped[bool] = mapped_column(default=True)
    sent_at: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(sa.BigInteger)


class AuditRecord(TimestampMixin, Base):
    """Who decided what, when, on which object."""

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    actor_role: Mapped[str] = mapped_column(sa.String(16))
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int] = mapped_column(sa.BigInteger)  # a Telegram user id when the object is a user
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class FsmRecord(Base):
    """aiogram FSM state and data, so a half-filled form survives a restart."""

    __tablename__ = "fsm_states"

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    state: Mapped[str | None] = mapped_column(sa.String(200))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class JobRun(TimestampMixin, Base):
    """A scheduled job's run for one slot (e.g. the write-off for 2026-11): makes runs happen once."""

    __tablename__ = "job_runs"
    __table_args__ = (sa.UniqueConstraint("job", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(sa.String(64))
    slot: Mapped[str] = mapped_column(sa.String(32))
    finished_at: Mapped[datetime | None]
