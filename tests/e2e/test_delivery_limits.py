"""The outbox sender against the fake Bot API with Telegram's limits switched on."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery.sender import Outcome, Recorder, Sender, claim_query
from bot.factory import create_bot
from bot.services import outbox
from bot.services.clock import FrozenClock
from db.models import Broadcast, BroadcastStatus, OutboxMessage, OutboxStatus, User
from tests.e2e.comms_helpers import per_chat, until
from tests.e2e.fake_bot_api import FakeBotAPI

FIRST = 50_000


@pytest.fixture
async def sender(
    e2e_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], core, clock: FrozenClock
) -> AsyncIterator[Sender]:  # type: ignore[no-untyped-def]
    bot = create_bot(e2e_settings)
    yield Sender(bot, sessionmaker, core, e2e_settings, clock)
    await bot.session.close()


async def _queue(sessionmaker: async_sessionmaker[AsyncSession], chats: range, tag: str = "t") -> None:
    async with sessionmaker.begin() as session:
        known = set((await session.scalars(select(User.id))).all())
        session.add_all(User(id=chat) for chat in chats if chat not in known)
        await session.flush()
        for chat in chats:
            await outbox.enqueue(
                session,
                now=session.info["clock"].now(),
                chat_id=chat,
                key=f"{tag}:{chat}",
                text=f"Hello <b>{chat}</b>",
            )


async def test_every_reachable_recipient_gets_exactly_one_message_under_limits(
    fake_api: FakeBotAPI, sender: Sender, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    fake_api.global_rate = 30
    fake_api.per_chat_rate = 1
    chats = range(FIRST, FIRST + 40)
    blocked = {FIRST + 3, FIRST + 17}
    fake_api.blocked_chats = set(blocked)
    fake_api.failing_chats = {FIRST + 5: 1}
    await _queue(sessionmaker, chats)

    await sender.send_all_due()
    clock.move(timedelta(seconds=2))  # the failed one's backoff is over
    await sender.send_all_due()

    assert per_chat(fake_api) == Counter({chat: 1 for chat in chats if chat not in blocked})
    assert fake_api.count_403 == 2 and fake_api.count_500 == 1
    assert fake_api.count_429 == 0  # the sender's own pacing kept under the limits
    async with sessionmaker() as session:
        statuses = Counter((await session.scalars(select(OutboxMessage.status))).all())
        unreachable = set(
            (await session.scalars(select(User.id).where(User.unreachable_since.is_not(None)))).all()
        )
    assert statuses == Counter({OutboxStatus.SENT: 38, OutboxStatus.SKIPPED: 2})
    assert unreachable == blocked


async def test_blocked_user_is_skipped_without_asking_telegram(
    fake_api: FakeBotAPI, sender: Sender, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    fake_api.blocked_chats = {FIRST}
    await _queue(sessionmaker, range(FIRST, FIRST + 1), "a")
    await sender.send_all_due()
    await _queue(sessionmaker, range(FIRST, FIRST + 1), "b")
    await sender.send_all_due()
    assert fake_api.count_403 == 1
    async with sessionmaker() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"b:{FIRST}"))
    assert row is not None and row.status is OutboxStatus.SKIPPED and row.last_error == "unreachable"


async def test_429_waits_and_sends_the_same_message_again(
    fake_api: FakeBotAPI, sender: Sender, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """The sender's own pacing is switched off, so the fake's limit answers 429."""
    sender.chats.interval = 0
    fake_api.per_chat_rate = 1
    async with sessionmaker.begin() as session:
        for n in range(2):
            await outbox.enqueue(
                session, now=session.info["clock"].now(), chat_id=FIRST, key=f"x:{n}", text=f"message {n}"
            )
    await sender.send_all_due()
    assert fake_api.count_429 >= 1
    assert [m.text for m in fake_api.sent_messages(FIRST)] == ["message 0", "message 1"]


async def test_transient_errors_retry_a_bounded_number_of_times(
    fake_api: FakeBotAPI, sender: Sender, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    sender.chats.interval = 0
    fake_api.failing_chats = {FIRST: 100}
    await _queue(sessionmaker, range(FIRST, FIRST + 1))
    for _ in range(10):
        await sender.send_all_due()
        clock.move(timedelta(minutes=10))
    async with sessionmaker() as session:
        row = await session.scalar(select(OutboxMessage))
    assert row is not None and row.status is OutboxStatus.FAILED
    assert row.attempts == fake_api.count_500 == sender.settings.send_max_attempts
    assert row.last_error and "Internal Server Error" in row.last_error


async def test_quiet_hours_hold_messages_until_morning(
    fake_api: FakeBotAPI, sender: Sender, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    sender.settings = sender.settings.model_copy(update={"quiet_hours_start": 22, "quiet_hours_end": 8})
    clock.set(clock.now().replace(hour=20))  # 23:00 in Moscow
    async with sessionmaker.begin() as session:
        await outbox.enqueue(
            session,
            now=session.info["clock"].now(),
            chat_id=FIRST,
            key="quiet",
            text="announcement",
            not_before=clock.now(),
        )
        await outbox.enqueue(
            session,
            now=clock.now(),
            chat_id=FIRST + 1,
            key="urgent",
            text="urgent",
            respect_quiet_hours=False,
            not_before=clock.now(),
        )
    await sender.send_all_due()
    assert list(per_chat(fake_api)) == [FIRST + 1]
    clock.move(timedelta(hours=9))  # 08:00 in Moscow
    await sender.send_all_due()
    assert per_chat(fake_api) == Counter({FIRST: 1, FIRST + 1: 1})


async def test_cancelling_the_sender_mid_flight_loses_and_repeats_nothing(
    fake_api: FakeBotAPI, sender: Sender, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    fake_api.global_rate = 60
    sender.limiter = type(sender.limiter)(6, 0.1)
    chats = range(FIRST, FIRST + 90)
    await _queue(sessionmaker, chats)
    for run in range(1, 4):
        task = asyncio.create_task(sender.run(poll_interval=0.05))
        await until(fake_api, lambda run=run: len(fake_api.sent_messages()) >= 25 * run)  # type: ignore[misc]
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await sender.send_all_due()
    assert per_chat(fake_api) == Counter({chat: 1 for chat in chats})
    async with sessionmaker() as session:
        pending = await session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.status != OutboxStatus.SENT).limit(1)
        )
    assert pending is None


async def test_no_database_transaction_is_held_while_telegram_answers(
    fake_api: FakeBotAPI, sender: Sender, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """SQLite has one writer: a transaction held across the HTTP call would block every update."""
    answering, release = asyncio.Event(), asyncio.Event()
    send_message = fake_api._handlers["sendmessage"]

    async def slow_send(call):  # type: ignore[no-untyped-def]
        answering.set()
        await release.wait()
        return await send_message(call)

    fake_api._handlers["sendmessage"] = slow_send
    await _queue(sessionmaker, range(FIRST, FIRST + 1))
    delivering = asyncio.create_task(sender.send_all_due())
    await asyncio.wait_for(answering.wait(), timeout=5)
    async with asyncio.timeout(2), sessionmaker.begin() as session:  # takes SQLite's write lock
        session.add(User(id=FIRST + 1))
    release.set()
    await delivering
    assert per_chat(fake_api) == Counter({FIRST: 1})


# ----------------------------------------------------------------------- claim, attempt marker, records
async def _attempts(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, tuple[int, OutboxStatus]]:
    async with sessionmaker() as session:
        rows = (
            await session.execute(select(OutboxMessage.key, OutboxMessage.attempts, OutboxMessage.status))
        ).all()
    return {key: (attempts, status) for key, attempts, status in rows}


async def test_personal_notice_is_claimed_before_a_broadcast_backlog_one_per_chat(
    sender: Sender, sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    async with sessionmaker.begin() as session:
        session.add_all(User(id=chat) for chat in range(FIRST, FIRST + 3))
        broadcast = Broadcast(created_by=0, text="news", status=BroadcastStatus.SENDING)
        session.add(broadcast)
        await session.flush()
        for chat in range(FIRST, FIRST + 3):
            await outbox.enqueue(
                session,
                now=clock.now(),
                chat_id=chat,
                key=f"bc:{chat}",
                text="news",
                broadcast_id=broadcast.id,
            )
        await outbox.enqueue(session, now=clock.now(), chat_id=FIRST + 1, key="personal", text="your request")
        await outbox.enqueue(
            session, now=clock.now(), chat_id=FIRST + 1, key="personal-2", text="and another"
        )

    deliveries, taken = await sender._claim(3)

    assert [d.text for d in deliveries] == ["your request", "news"]  # the chat's second waits its turn
    assert [d.chat_id for d in deliveries] == [FIRST + 1, FIRST]
    assert taken == 3
    assert all(d.attempts == 1 for d in deliveries)


async def test_claim_marks_the_attempt_before_sending_and_a_claim_that_never_ends_is_bounded(
    e2e_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], core, clock: FrozenClock
) -> None:  # type: ignore[no-untyped-def]
    """Each new Sender stands for a restart after a kill -9 between the claim and the result."""
    await _queue(sessionmaker, range(FIRST, FIRST + 1))
    bot = create_bot(e2e_settings)
    try:
        for attempt in range(1, e2e_settings.send_max_attempts + 1):
            deliveries, _ = await Sender(bot, sessionmaker, core, e2e_settings, clock)._claim(10)
            assert [d.attempts for d in deliveries] == [attempt]
            assert await _attempts(sessionmaker) == {f"t:{FIRST}": (attempt, OutboxStatus.PENDING)}
        deliveries, taken = await Sender(bot, sessionmaker, core, e2e_settings, clock)._claim(10)
    finally:
        await bot.session.close()
    assert deliveries == [] and taken == 1
    async with sessionmaker() as session:
        row = await session.scalar(select(OutboxMessage))
    assert (
        row is not None
        and row.status is OutboxStatus.FAILED
        and row.last_error
        and "no result" in row.last_error
    )


async def test_a_claim_cancelled_before_sending_is_given_back(
    fake_api: FakeBotAPI, sender: Sender, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    sender.limiter = type(sender.limiter)(1, 3600)  # one send, then the next waits an hour
    await _queue(sessionmaker, range(FIRST, FIRST + 3))
    task = asyncio.create_task(sender.run(poll_interval=0.05))
    await until(fake_api, lambda: len(fake_api.sent_messages()) == 1)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    [sent] = per_chat(fake_api)
    assert await _attempts(sessionmaker) == {
        f"t:{chat}": (1, OutboxStatus.SENT) if chat == sent else (0, OutboxStatus.PENDING)
        for chat in range(FIRST, FIRST + 3)
    }


async def test_results_arriving_together_are_committed_together(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _queue(sessionmaker, range(FIRST, FIRST + 30))
    async with sessionmaker() as session:
        ids = list((await session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id))).all())
    recorder = Recorder(sessionmaker, asyncio.Lock())
    sent = {"status": OutboxStatus.SENT, "sent_at": datetime(2026, 11, 23, 9, tzinfo=UTC)}
    await asyncio.gather(
        *(
            recorder.record(Outcome(i, {**sent, "telegram_message_id": n}, sent=True))
            for n, i in enumerate(ids)
        )
    )
    assert recorder.commits == 1
    assert {s for _, s in (await _attempts(sessionmaker)).values()} == {OutboxStatus.SENT}


async def test_claim_walks_its_index(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    """The claim reads the next rows in order through ix_outbox_claim: no scan, no sort of the queue."""
    async with sessionmaker.begin() as session:
        broadcast = Broadcast(created_by=0, text="news", status=BroadcastStatus.SENDING)
        session.add(broadcast)
        await session.flush()
        chats = range(FIRST, FIRST + 2000)
        recipients = {chat: f"bc:{chat}" for chat in chats}
        await outbox.enqueue_many(
            session, now=clock.now(), recipients=recipients, text="news", broadcast_id=broadcast.id
        )
    async with sessionmaker.begin() as session:
        dialect = session.get_bind().dialect
        if dialect.name == "postgresql":  # as autovacuum would
            await session.execute(text("ANALYZE outbox"))
        explain = "EXPLAIN QUERY PLAN " if dialect.name == "sqlite" else "EXPLAIN "
        for personal in (True, False):
            query = claim_query(clock.now(), [FIRST], personal=personal, limit=64)
            sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            plan = "\n".join(str(row[-1]) for row in (await session.execute(text(explain + sql))).all())
            assert "SCAN outbox" not in plan and "Seq Scan on outbox" not in plan, plan
            if personal and dialect.name == "postgresql":
                continue  # none queued: PostgreSQL may as well sort the nothing ix_outbox_broadcast_id finds
            assert "ix_outbox_claim" in plan, plan
            assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
