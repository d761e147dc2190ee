"""Staff announcements: the audience, the recipients, one outbox row per recipient, progress and stop."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import outbox
from bot.services.accounts import audit
from bot.services.accounts.access import Access
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.rules import born_by, is_meaningful
from db.models import (
    Broadcast,
    BroadcastStatus,
    Child,
    Direction,
    Municipality,
    OutboxMessage,
    OutboxStatus,
    Provider,
    ProviderMembership,
    User,
)

AUDIENCE_KINDS = ("municipality", "age", "direction", "providers")
MAX_TEXT = 4000  # Telegram allows 4096 characters in a message
MAX_CAPTION = 1000  # and 1024 under a picture


@dataclass(frozen=True)
class Audience:
    """Who receives an announcement; always within one municipality."""

    kind: str
    municipality_id: int
    age_min: int | None = None
    age_max: int | None = None
    direction: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Audience:
        return cls(**data)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int  # refused, failed for good, or the recipient blocked the bot
    left: int
    cancelled: int


def check_text(text: str, has_photo: bool) -> None:
    limit = MAX_CAPTION if has_photo else MAX_TEXT
    if not is_meaningful(text):  # blank, invisible characters or punctuation only
        raise DomainError("broadcasts-text-empty")
    if len(text) > limit:
        raise DomainError("broadcasts-text-too-long", limit=limit, length=len(text))


async def recipients(session: AsyncSession, audience: Audience, today: date) -> list[int]:
    """Chat ids of the audience that can be reached (users who blocked the bot are left out)."""
    m = audience.municipality_id
    if audience.kind == "providers":
        query = (
            select(ProviderMembership.user_id)
            .join(Provider, Provider.id == ProviderMembership.provider_id)
            .where(Provider.municipality_id == m)
        )
    else:
        query = select(Child.parent_id).where(Child.municipality_id == m)
        if audience.kind == "age" and audience.age_min is not None and audience.age_max is not None:
            query = query.where(
                Child.birth_date <= born_by(today, audience.age_min),
                Child.birth_date > born_by(today, audience.age_max + 1),
            )
    ids = set((await session.scalars(query)).all())
    rows = (
        await session.execute(
            select(User.id, User.interests).where(User.id.in_(ids), User.unreachable_since.is_(None))
        )
    ).all()
    if audience.kind == "direction":
        # Interests are JSON lists; filtered here to stay portable across databases. A parent hears of a
        # direction he follows for the family or for one of his children there (`interests.of_child`).
        own = await session.execute(
            select(Child.parent_id, Child.interests).where(
                Child.municipality_id == m, Child.parent_id.in_(ids)
            )
        )
        followed = {user_id: set(chosen or []) for user_id, chosen in rows}
        for parent_id, chosen in own.all():
            if parent_id in followed:  # the unreachable ones are not there
                followed[parent_id] |= set(chosen or [])
        return sorted(user_id for user_id, chosen in followed.items() if audience.direction in chosen)
    return sorted(user_id for user_id, _ in rows)


def _check_audience(access: Access, audience: Audience) -> None:
    if not access.is_staff_of(audience.municipality_id):
        raise NotAllowed()
    if audience.kind not in AUDIENCE_KINDS:
        raise NotAllowed()
    if audience.kind == "direction" and audience.direction not in set(Direction):
        raise NotAllowed()


async def count_recipients(session: AsyncSession, access: Access, audience: Audience, today: date) -> int:
    _check_audience(access, audience)
    return len(await recipients(session, audience, today))


async def start(
    session: AsyncSession,
    access: Access,
    *,
    text: str,
    photo: str | None,
    audience: Audience,
    now: datetime,
    today: date,
    progress_chat_id: int,
) -> tuple[Broadcast, int]:
    """Create the broadcast and queue one message per recipient, all in the caller's transaction.
    `text` is ready HTML. Returns the broadcast and the number of recipients."""
    _check_audience(access, audience)
    check_text(text, photo is not None)
    chats = await recipients(session, audience, today)
    if not chats:
        raise DomainError("broadcasts-no-recipients")
    broadcast = Broadcast(
        created_by=access.user.id,
        text=text,
        photo_file_id=photo,
        audience=audience.as_dict(),
        status=BroadcastStatus.SENDING,
        progress_chat_id=progress_chat_id,
    )
    session.add(broadcast)
    await session.flush()
    await outbox.enqueue_many(
        session,
        now=now,
        recipients={chat: f"bc:{broadcast.id}:{chat}" for chat in chats},
        text=text,
        photo=photo,
        broadcast_id=broadcast.id,
    )
    await audit.record(
        session,
        actor_id=access.user.id,
        actor_role="staff",
        action="broadcast_started",
        object_type="broadcast",
        object_id=broadcast.id,
        recipients=len(chats),
        **audience.as_dict(),
    )
    return broadcast, len(chats)


async def attach_progress(session: AsyncSession, broadcast: Broadcast, message_id: int) -> None:
    """Remember the staff member's progress message, which the progress job edits in place."""
    broadcast.progress_message_id = message_id
    await session.flush()


async def progress(session: AsyncSession, broadcast_id: int) -> Progress:
    counts = dict(
        (
            await session.execute(
                select(OutboxMessage.status, func.count())
                .where(OutboxMessage.broadcast_id == broadcast_id)
                .group_by(OutboxMessage.status)
            )
        ).all()
    )
    return Progress(
        total=sum(counts.values()),
        sent=counts.get(OutboxStatus.SENT, 0),
        failed=counts.get(OutboxStatus.FAILED, 0) + counts.get(OutboxStatus.SKIPPED, 0),
        left=counts.get(OutboxStatus.PENDING, 0),
        cancelled=counts.get(OutboxStatus.CANCELLED, 0),
    )


async def stop(session: AsyncSession, access: Access, broadcast_id: int, now: datetime) -> Progress:
    """Cancel the messages not sent yet. Messages already on their way still arrive."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise NotFound()
    if not access.is_staff_of(int(broadcast.audience.get("municipality_id", 0))):
        raise NotAllowed()
    if broadcast.status is not BroadcastStatus.SENDING:
        raise DomainError("broadcasts-already-finished")
    await outbox.cancel_pending(session, broadcast_id=broadcast_id)
    broadcast.status = BroadcastStatus.CANCELLED
    broadcast.finished_at = now
    await audit.record(
        session,
        actor_id=access.user.id,
        actor_role="staff",
        action="broadcast_stopped",
        object_type="broadcast",
        object_id=broadcast_id,
    )
    return await progress(session, broadcast_id)


async def sending(session: AsyncSession) -> list[Broadcast]:
    return list(await session.scalars(select(Broadcast).where(Broadcast.status == BroadcastStatus.SENDING)))


async def finish(session: AsyncSession, broadcast: Broadcast, figures: Progress, now: datetime) -> bool:
    """Once nothing is left to send: mark the broadcast done (once, whoever gets there first) and
    queue the final report to its author. False while messages are left or if it was finished before."""
    if figures.left:
        return False
    done = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast.id, Broadcast.status == BroadcastStatus.SENDING)
        .values(status=BroadcastStatus.DONE, finished_at=now)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        return False
    await outbox.enqueue(
        session,
        now=now,
        chat_id=broadcast.created_by,
        key=f"bc:{broadcast.id}:report",
        text_key="broadcasts-report",
        args={"id": broadcast.id, "sent": figures.sent, "failed": figures.failed, "total": figures.total},
        respect_quiet_hours=False,
    )
    return True


async def staff_municipalities(session: AsyncSession, access: Access) -> list[Municipality]:
    """The municipalities this staff member works for, by name."""
    return list(
        await session.scalars(
            select(Municipality)
            .where(Municipality.id.in_(access.staff_municipality_ids))
            .order_by(Municipality.name_ru)
        )
    )


def figures(broadcast_id: int, progress: Progress) -> dict[str, int]:
    """A broadcast's counts as the arguments of its progress, stopped and finished messages."""
    return {
        "id": broadcast_id,
        "total": progress.total,
        "sent": progress.sent,
        "failed": progress.failed,
        "left": progress.left,
        "cancelled": progress.cancelled,
    }
