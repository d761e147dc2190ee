"""The Support Centre's public list of events for children: staff create, edit and cancel them; parents
see the ones that fit their children's ages and their interests, and ask to be reminded the day before."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import batching, outbox, rules
from bot.services.accounts import audit
from bot.services.accounts.access import Access
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.family import interests
from bot.services.rules import age_on, age_range
from db.models import Child, Direction, Event, EventReminder, EventState, OutboxMessage, User

if TYPE_CHECKING:
    from bot.jobs.context import JobContext

log = logging.getLogger(__name__)

REMIND_AT = time(10, 0)  # local time of the reminder, the day before the event
REMINDER_JOB_MINUTES = 10
DATE_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%y %H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H.%M", "%d.%m.%Y, %H:%M")
SHORT_FORMATS = ("%d.%m %H:%M", "%d.%m %H.%M")  # no year: the next such date
EDITABLE = ("title", "description", "when", "place", "ages", "direction", "deadline")
LIMITS = {"title": 200, "description": 2000, "place": 300}


# ----------------------------------------------------------------------------------- parsing form input
def parse_when(text: str, tz: ZoneInfo, now: datetime) -> datetime:
    """'25.12.2026 15:00' (also '25.12.26 15:00', '2026-12-25 15:00', '25.12 15:00') in local time ->
    aware UTC; it must be in the future."""
    cleaned = " ".join(text.replace(" в ", " ").split())
    local_now = now.astimezone(tz)
    parsed: datetime | None = None
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt)
            break
        except ValueError:
            continue
    else:
        for fmt in SHORT_FORMATS:
            try:
                # a year is given so that 29.02 parses; the right year is put in below
                short = datetime.strptime(f"2000 {cleaned}", f"%Y {fmt}")
            except ValueError:
                continue
            for year in (local_now.year, local_now.year + 1):
                try:
                    candidate = short.replace(year=year)
                except ValueError:
                    continue
                if candidate.replace(tzinfo=tz) > local_now:
                    parsed = candidate
                    break
            break
    if parsed is None:
        raise DomainError("events-when-invalid")
    moment = parsed.replace(tzinfo=tz)
    if moment <= local_now:
        raise DomainError("events-when-past")
    if not rules.in_window(moment.date(), local_now.date()):
        raise DomainError("rules-date-too-far", last=rules.date_window(local_now.date())[1].year)
    return moment.astimezone(ZoneInfo("UTC"))


def parse_text(field: str, text: str) -> str:
    cleaned = rules.visible(text)
    if not rules.is_meaningful(cleaned):  # blank, invisible characters or punctuation only
        raise DomainError("events-text-empty")
    if len(cleaned) > LIMITS[field]:
        raise DomainError("events-text-too-long", limit=LIMITS[field], length=len(cleaned))
    return cleaned


def parse_change(field: str, text: str, tz: ZoneInfo, now: datetime) -> dict[str, Any]:
    """One typed answer of the staff form (or of a field being changed) -> Event attributes."""
    if field in ("title", "description"):
        return {field: parse_text(field, text)}
    if field == "when":
        return {"starts_at": parse_when(text, tz, now)}
    if field == "deadline":
        return {"registration_deadline": parse_when(text, tz, now)}
    if field == "place":
        place, link = split_place(text)
        return {"place": place, "link": link}
    if field == "ages":
        age_min, age_max = age_range(text, key="broadcasts-age-invalid")
        return {"age_min": age_min, "age_max": age_max}
    raise DomainError("events-use-buttons")


def to_json(changes: dict[str, Any]) -> dict[str, Any]:
    """Event attributes -> FSM data (JSON): a half-filled form is kept there, not in the events table."""
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in changes.items()}


def from_json(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for name in ("starts_at", "registration_deadline"):
        if out.get(name):
            out[name] = datetime.fromisoformat(out[name])
    if out.get("direction"):
        out["direction"] = Direction(out["direction"])
    return out


def split_place(text: str) -> tuple[str, str | None]:
    """A place or a link: '(place, None)' or '("", link)'."""
    cleaned = parse_text("place", text)
    if cleaned.startswith(("http://", "https://", "t.me/")):
        return "", cleaned
    return cleaned, None


# ----------------------------------------------------------------------------------- staff
@dataclass
class Draft:
    """What the staff form collected; kept in FSM data as a dict until it is published."""

    title: str
    description: str
    starts_at: datetime
    place: str
    link: str | None
    age_min: int
    age_max: int
    direction: Direction | None
    registration_deadline: datetime | None
    municipality_id: int


def check_times(starts_at: datetime, deadline: datetime | None, now: datetime) -> None:
    if starts_at <= now:
        raise DomainError("events-when-past")
    if deadline is not None and not now < deadline < starts_at:
        raise DomainError("events-deadline-invalid")


async def create(session: AsyncSession, access: Access, draft: Draft, now: datetime) -> Event:
    if not access.is_staff_of(draft.municipality_id):
        raise NotAllowed()
    check_times(draft.starts_at, draft.registration_deadline, now)
    event = Event(**vars(draft), created_by=access.user.id)
    session.add(event)
    await session.flush()
    await _audit(session, access, "event_created", event.id)
    return event


async def for_staff(session: AsyncSession, access: Access, event_id: int) -> Event:
    event = await session.get(Event, event_id)
    if event is None:
        raise NotFound()
    if not access.is_staff_of(event.municipality_id):
        raise NotAllowed()
    return event


async def staff_list(session: AsyncSession, access: Access, now: datetime) -> list[Event]:
    """Upcoming events of the staff member's municipalities, the cancelled ones included."""
    return list(
        await session.scalars(
            select(Event)
            .where(Event.municipality_id.in_(access.staff_municipality_ids), Event.starts_at > now)
            .order_by(Event.starts_at)
            .limit(30)
        )
    )


async def update(
    session: AsyncSession, access: Access, event_id: int, changes: dict[str, Any], now: datetime, tz: ZoneInfo
) -> Event:
    """Apply parsed changes (Event attribute -> value). A new date is told to those who asked for a
    reminder."""
    event = await for_staff(session, access, event_id)
    if event.state is not EventState.ACTIVE:
        raise DomainError("events-cancelled-already")
    moved = "starts_at" in changes and changes["starts_at"] != event.starts_at
    check_times(
        changes.get("starts_at", event.starts_at),
        changes.get("registration_deadline", event.registration_deadline),
        now,
    )
    for name, value in changes.items():
        setattr(event, name, value)
    await session.flush()
    if moved:
        stamp = f"{event.starts_at:%Y%m%d%H%M}"
        await _notify_reminded(session, event, f"ev:{event.id}:moved:{stamp}", "events-moved-notice", now, tz)
    await _audit(session, access, "event_updated", event.id, fields=sorted(changes))
    return event


async def cancel(session: AsyncSession, access: Access, event_id: int, now: datetime, tz: ZoneInfo) -> int:
    """Cancel the event and tell everyone who asked for a reminder. Returns how many were told."""
    event = await for_staff(session, access, event_id)
    if event.state is not EventState.ACTIVE:
        raise DomainError("events-cancelled-already")
    event.state = EventState.CANCELLED
    await outbox.cancel_pending(session, key_prefix=f"ev:{event.id}:rm:")
    told = await _notify_reminded(session, event, f"ev:{event.id}:cancel", "events-cancelled-notice", now, tz)
    await _audit(session, access, "event_cancelled", event.id, told=told)
    return told


async def _notify_reminded(
    session: AsyncSession, event: Event, key: str, text_key: str, now: datetime, tz: ZoneInfo
) -> int:
    users = (
        await session.scalars(select(EventReminder.user_id).where(EventReminder.event_id == event.id))
    ).all()
    for user_id in users:
        await outbox.enqueue(
            session,
            now=now,
            chat_id=user_id,
            key=f"{key}:{user_id}",
            text_key=text_key,
            args=message_args(event, tz),
        )
    return len(users)


def message_args(event: Event, tz: ZoneInfo) -> dict[str, Any]:
    """Outbox arguments (JSON, rendered in the recipient's language and escaped by the renderer)."""
    local = event.starts_at.astimezone(tz)
    return {
        "title": event.title,
        "starts_date": local.date().isoformat(),
        "time": f"{local:%H:%M}",
        "place": event.link or event.place,
    }


async def _audit(session: AsyncSession, access: Access, action: str, event_id: int, **details: Any) -> None:
    await audit.record(
        session,
        actor_id=access.user.id,
        actor_role="staff",
        action=action,
        object_type="event",
        object_id=event_id,
        **details,
    )


# ----------------------------------------------------------------------------------- parents


async def for_parent(session: AsyncSession, user: User, now: datetime, today: date) -> list[Event]:
    return [event for event, _ in await fitting(session, user, now, today)]


async def fitting(
    session: AsyncSession, user: User, now: datetime, today: date
) -> list[tuple[Event, list[str]]]:
    """Upcoming events that fit one of the children, each with the first names of the parent's children
    it suits (for the parent's own screen; never logged): in the child's municipality, his age, and what
    he follows (his own interests and the family-wide ones: `interests.of_child`). With no children
    registered, any event in the parent's interests. For a child's own account (14+), the same for
    himself, with no names."""
    children = (
        await session.scalars(
            select(Child).where((Child.parent_id == user.id) | (Child.own_user_id == user.id))
        )
    ).all()
    query = select(Event).where(Event.state == EventState.ACTIVE, Event.starts_at > now)
    if children:
        query = query.where(Event.municipality_id.in_({c.municipality_id for c in children}))
    found = await session.scalars(query.order_by(Event.starts_at).limit(200))
    if not children:
        return [(e, []) for e in found if interests.follows(set(user.interests or []), e.direction)]

    def suits(event: Event, child: Child) -> bool:
        return (
            event.municipality_id == child.municipality_id
            and event.age_min <= age_on(child.birth_date, today) <= event.age_max
            and interests.follows(interests.of_child(child, user), event.direction)
        )

    fits = [(event, [c for c in children if suits(event, c)]) for event in found]
    return [(e, [c.first_name for c in kids if c.parent_id == user.id]) for e, kids in fits if kids]


async def reminded(session: AsyncSession, user_id: int) -> set[int]:
    return set(
        (await session.scalars(select(EventReminder.event_id).where(EventReminder.user_id == user_id))).all()
    )


async def toggle_reminder(session: AsyncSession, user: User, event_id: int, now: datetime) -> bool:
    """Ask for (or take back) a reminder the day before. Returns whether one is now asked for."""
    existing = await session.scalar(
        select(EventReminder).where(EventReminder.event_id == event_id, EventReminder.user_id == user.id)
    )
    if existing is not None:
        await session.delete(existing)
        await outbox.cancel_pending(session, key_prefix=f"ev:{event_id}:rm:{user.id}:")
        return False
    event = await session.get(Event, event_id)
    if event is None or event.state is not EventState.ACTIVE:
        raise NotFound()
    if event.starts_at <= now:
        raise DomainError("events-already-started")
    session.add(EventReminder(event_id=event_id, user_id=user.id))
    await session.flush()
    return True


# ----------------------------------------------------------------------------------- reminders job
def remind_at(event: Event, tz: ZoneInfo) -> datetime:
    local_day = event.starts_at.astimezone(tz).date() - timedelta(days=1)
    return datetime.combine(local_day, REMIND_AT, tzinfo=tz)


async def enqueue_reminders(session: AsyncSession, now: datetime, tz: ZoneInfo) -> int:
    """Queue the reminders that are due: from 10:00 the day before the event until it starts. A late
    request gets its reminder at the next run. Idempotent: one outbox key per event, date and user."""
    events = await session.scalars(
        select(Event).where(
            Event.state == EventState.ACTIVE,
            Event.starts_at > now,
            Event.starts_at <= now + timedelta(days=2),
        )
    )
    queued = 0
    for event in events:
        if remind_at(event, tz) > now:
            continue
        users = (
            await session.scalars(select(EventReminder.user_id).where(EventReminder.event_id == event.id))
        ).all()
        keys = {user_id: f"ev:{event.id}:rm:{user_id}:{event.starts_at:%Y%m%d%H%M}" for user_id in users}
        sent = set(
            await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys.values())))
        )
        notices = batching.Notices()
        args = message_args(event, tz)
        for user_id, key in keys.items():
            if key not in sent:
                queued += notices.add(batching.Notice(user_id, key, "events-reminder", args))
        await notices.enqueue(session, now)
    return queued


async def remind(ctx: JobContext) -> int:
    """The scheduled job: queue the reminders that are due (one INSERT per event), retried on failure."""

    async def once() -> int:
        async with ctx.sessionmaker.begin() as session:
            return await enqueue_reminders(session, ctx.clock.now(), ctx.settings.tz)

    queued = await batching.retrying(once, what="event reminders")
    if queued:
        ctx.sender.wake()
    return queued
