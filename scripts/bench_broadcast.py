"""Benchmark the outbox sender (not a test): a broadcast to many recipients through the fake Bot API.

    python scripts/bench_broadcast.py [--recipients 10000] [--rate 25 --rate 200] [--url ADMIN_URL]
    python scripts/bench_broadcast.py --kill-every 2 [--rate 200] [--url ADMIN_URL]

Starts the fake Bot API server of the test suite with a raised limit (by default 30/25 of the
configured rate, as Telegram's 30/s is to our default 25/s) and one message a second per chat, a
fresh migrated database (a temporary SQLite file; with --url or TEST_POSTGRES_URL, an admin URL such
as postgresql+asyncpg://postgres:postgres@127.0.0.1/postgres, a temporary PostgreSQL database), and
queues one broadcast message per recipient in one transaction.

First, with the whole broadcast queued, it times the sender's claim query (the next 64 due rows
while 48 chats are busy) beside the same query with the claim index dropped and beside the
previous claim (a GROUP BY over the queue, as raw SQL), and prints the query plan.

Then, for each --rate: runs the real Sender in a process of its own (`--worker`, as in production
Telegram is not in the bot's process) until nothing is left, and prints the achieved rate (first to
last send) as a ratio of the configured limit, the 429 answers, duplicates, losses, and how many
transactions recorded the results.

With --kill-every S the sender is killed with SIGKILL at a random moment 0..2S seconds after each
start's first send, then started again, until every message is on record. It prints the duplicates
per 10,000 deliveries and per kill (messages Telegram accepted in the window before their "sent" was
committed, which nothing can close; bot/delivery/sender.py says how it is kept small), what was in that
window at each kill, and the losses, which must be 0."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.config import Settings
from bot.delivery.sender import Sender, claim_query
from bot.factory import create_bot
from bot.i18n import load_core
from bot.services import outbox
from bot.services.clock import FrozenClock
from bot.services.comms import broadcasts
from db.base import UTCDateTime
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import Broadcast, BroadcastStatus, OutboxMessage, OutboxStatus, User
from tests.e2e.fake_bot_api import FakeBotAPI

TOKEN = "123456:BENCH-token-for-the-fake-server"
FIRST_CHAT = 1_000_000
NOON = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # outside the quiet hours in Moscow
CLAIM = 64  # rows a claim asks for: the sender's concurrency at 200 msg/s
BUSY = 48  # chats with a delivery under way while it claims
PREVIOUS_CLAIM = text(
    """SELECT o.id, o.chat_id, o.payload, o.attempts, u.locale, u.unreachable_since
    FROM outbox o LEFT JOIN users u ON u.id = o.chat_id
    WHERE o.id IN (SELECT min(id) FROM outbox WHERE status = 'pending' AND not_before <= :now
                   AND chat_id NOT IN (SELECT value FROM busy) GROUP BY chat_id)
    ORDER BY o.broadcast_id IS NOT NULL, o.id LIMIT :limit"""
)


# ------------------------------------------------------------------------------------ database
@contextlib.asynccontextmanager
async def database(admin_url: str | None) -> AsyncIterator[str]:
    """A fresh database for one run: a temporary SQLite file, or a PostgreSQL database made with
    `admin_url` and dropped afterwards."""
    if not admin_url:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite+aiosqlite:///{tmp}/bench.db"
        return
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def queue_broadcast(sessionmaker: async_sessionmaker[AsyncSession], chats: range) -> int:
    async with sessionmaker.begin() as session:
        stamps = {"created_at": NOON, "last_seen_at": NOON}  # the bench's clock, not the wall clock
        await session.execute(insert(User), [{"id": chat, "locale": "ru", **stamps} for chat in chats])
        broadcast = Broadcast(created_by=0, text="bench", status=BroadcastStatus.SENDING)
        session.add(broadcast)
        await session.flush()
        await outbox.enqueue_many(
            session,
            now=NOON,
            recipients={chat: f"bc:{broadcast.id}:{chat}" for chat in chats},
            text="Объявление: <b>бенчмарк</b>",
            not_before=NOON,
            broadcast_id=broadcast.id,
        )
        if engine_of(session).dialect.name == "postgresql":
            await session.execute(text("ANALYZE outbox"))
            await session.execute(text("ANALYZE users"))
        return broadcast.id


def settings_for(url: str, api_base: str, rate: float) -> Settings:
    return Settings(
        bot_token=TOKEN,  # type: ignore[arg-type]
        database_url=url,
        bot_api_base_url=api_base,
        send_rate_per_second=rate,
        _env_file=None,  # type: ignore[call-arg]
    )


def engine_of(session: AsyncSession) -> AsyncEngine:
    bind = session.bind
    assert isinstance(bind, AsyncEngine)
    return bind


async def finished(
    fake: FakeBotAPI, sessionmaker: async_sessionmaker[AsyncSession], broadcast_id: int, recipients: int
) -> bool:
    """Every recipient has his message and nothing is left on record. The database is asked only
    then: on SQLite each read takes the write lock and would delay the sender's commits."""
    if len(fake.calls) < recipients or len({m.chat_id for m in fake.sent_messages()}) < recipients:
        return False
    async with sessionmaker() as session:
        return not (await broadcasts.progress(session, broadcast_id)).left


async def accepted_unrecorded(fake: FakeBotAPI, sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        recorded = set(
            await session.scalars(
                select(OutboxMessage.chat_id).where(OutboxMessage.status == OutboxStatus.SENT)
            )
        )
    return len({m.chat_id for m in fake.sent_messages()} - recorded)


# ------------------------------------------------------------------------------------ the claim
async def _timed_ms(
    sessionmaker: async_sessionmaker[AsyncSession], run: object, repeat: int = 30
) -> tuple[float, float]:
    """Median and fastest of `repeat` runs: the median says what a claim costs on this machine now,
    the fastest what it costs when nothing else competes for the CPU."""
    times = []
    for _ in range(repeat):
        async with sessionmaker() as session:
            started = time.perf_counter()
            await run(session)  # type: ignore[operator]
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


async def claim_figures(sessionmaker: async_sessionmaker[AsyncSession], chats: range) -> None:
    busy = list(chats[:BUSY])

    async def claim(session: AsyncSession) -> None:  # as Sender._claim reads: personal, then broadcast
        personal = (await session.execute(claim_query(NOON, busy, personal=True, limit=CLAIM))).all()
        query = claim_query(NOON, busy, personal=False, limit=CLAIM - len(personal))
        assert len((await session.execute(query)).all()) == CLAIM

    async def previous(session: AsyncSession) -> None:
        rows = await session.execute(
            PREVIOUS_CLAIM.bindparams(bindparam("now", type_=UTCDateTime())), {"now": NOON, "limit": CLAIM}
        )
        assert len(rows.all()) == CLAIM

    async with sessionmaker.begin() as session:
        dialect = engine_of(session).dialect
        await session.execute(text("CREATE TABLE busy (value BIGINT)"))
        await session.execute(text("INSERT INTO busy VALUES (:value)"), [{"value": c} for c in busy])
        explain = "EXPLAIN QUERY PLAN " if dialect.name == "sqlite" else "EXPLAIN "
        plans = {}
        for part in ("personal", "broadcast"):
            query = claim_query(NOON, busy, personal=part == "personal", limit=CLAIM)
            sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            rows = (await session.execute(text(explain + sql))).all()
            plans[part] = [" | ".join(str(v) for v in row) for row in rows]
    indexed = await _timed_ms(sessionmaker, claim)
    async with sessionmaker.begin() as session:
        await session.execute(text("DROP INDEX ix_outbox_claim"))
    unindexed = await _timed_ms(sessionmaker, claim)
    async with sessionmaker.begin() as session:
        await session.execute(text("CREATE INDEX ix_outbox_claim ON outbox (status, broadcast_id, id)"))
    reference = await _timed_ms(sessionmaker, previous)
    async with sessionmaker.begin() as session:
        await session.execute(text("DROP TABLE busy"))
    for part, plan in plans.items():
        print(f"claim query plan, {part} part ({dialect.name}):")
        for line in plan:
            print(f"    {line}")
    print(f"claim, {len(chats)} queued, median and fastest of 30 ({CLAIM} rows, {BUSY} chats busy):")
    print(f"  with ix_outbox_claim {indexed[0]:7.2f} ms {indexed[1]:7.2f} ms")
    print(f"  without the index    {unindexed[0]:7.2f} ms {unindexed[1]:7.2f} ms")
    print(f"  previous claim       {reference[0]:7.2f} ms {reference[1]:7.2f} ms (GROUP BY chat, raw SQL)")


# ------------------------------------------------------------------------------------ the runs
def report_sends(fake: FakeBotAPI, chats: range, rate: float | None) -> tuple[int, int]:
    sends = [c.time for c in fake.calls_of("sendMessage") if c.status == 200]
    per_chat = Counter(m.chat_id for m in fake.sent_messages())
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    losses = sum(1 for chat in chats if per_chat[chat] == 0)
    steady = (len(sends) - 1) / (sends[-1] - sends[0]) if len(sends) > 1 else 0.0
    if rate:  # not across restarts
        print(f"achieved rate         {steady:.1f}/s = {steady / rate:.3f} of the configured limit")
    print(f"429 answers           {fake.count_429}")
    print(f"duplicates            {duplicates}")
    print(f"losses                {losses}")
    return duplicates, losses


@dataclass
class Broadcasting:
    """A queued broadcast and the fake Bot API that receives it."""

    sessionmaker: async_sessionmaker[AsyncSession]
    fake: FakeBotAPI
    chats: range
    broadcast_id: int

    async def finished(self) -> bool:
        return await finished(self.fake, self.sessionmaker, self.broadcast_id, len(self.chats))


@contextlib.asynccontextmanager
async def broadcasting(
    url: str, recipients: int, api_limit: float, time_claim: bool
) -> AsyncIterator[Broadcasting]:
    await upgrade(url)
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine, FrozenClock(NOON))
    chats = range(FIRST_CHAT, FIRST_CHAT + recipients)
    broadcast_id = await queue_broadcast(sessionmaker, chats)
    if time_claim:
        await claim_figures(sessionmaker, chats)
    try:
        async with FakeBotAPI(bot_id=int(TOKEN.split(":")[0])) as fake:
            fake.global_rate = api_limit
            fake.per_chat_rate = 1
            yield Broadcasting(sessionmaker, fake, chats, broadcast_id)
    finally:
        await engine.dispose()


def start_worker(url: str, fake: FakeBotAPI, rate: float) -> Awaitable[asyncio.subprocess.Process]:
    """The sender runs in a process of its own, as in production, where Telegram is not in the bot's
    process: the fake Bot API's work does not slow the sender down, nor the other way round."""
    return asyncio.create_subprocess_exec(
        sys.executable, __file__, "--worker", "--url", url, "--api", fake.base_url, "--rate", str(rate),
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def first_send(fake: FakeBotAPI, worker: asyncio.subprocess.Process, calls: int) -> None:
    while True:
        await asyncio.sleep(0.005)
        if len(fake.calls) > calls or worker.returncode is not None:
            return


async def run_once(url: str, recipients: int, rate: float, api_limit: float, time_claim: bool) -> None:
    async with broadcasting(url, recipients, api_limit, time_claim) as run:
        worker = await start_worker(url, run.fake, rate)
        await first_send(run.fake, worker, 0)
        started = time.monotonic()
        while True:
            await asyncio.sleep(0.5)
            if await run.finished():
                break
        elapsed = time.monotonic() - started
        worker.send_signal(signal.SIGTERM)
        out, _ = await worker.communicate()
        print(f"--- {recipients} recipients at {rate:g}/s (fake API limit {api_limit:g}/s, 1/s per chat)")
        print(f"elapsed               {elapsed:.1f} s (first send to last result recorded)")
        report_sends(run.fake, run.chats, rate)
        print(f"record transactions   {out.decode().strip()} for {recipients} results")


async def run_with_kills(url: str, recipients: int, rate: float, api_limit: float, kill_every: float) -> None:
    kills = 0
    unrecorded: list[int] = []  # at each kill: messages Telegram accepted that are not on record
    async with broadcasting(url, recipients, api_limit, time_claim=False) as run:
        fake = run.fake
        started = time.monotonic()
        while not await run.finished():
            calls = len(fake.calls)
            worker = await start_worker(url, fake, rate)
            await first_send(fake, worker, calls)
            deadline = time.monotonic() + random.uniform(0, 2 * kill_every)
            while True:  # until a random moment, unless everything is sent before
                await asyncio.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
                if time.monotonic() >= deadline:
                    kills += 1
                    break
                if await run.finished():
                    break
            os.kill(worker.pid, signal.SIGKILL)
            await worker.wait()
            unrecorded.append(await accepted_unrecorded(fake, run.sessionmaker))
        elapsed = time.monotonic() - started
        window = f"0..{2 * kill_every:g} s"
        print(f"--- {recipients} recipients at {rate:g}/s, SIGKILL {window} after each restart's first send")
        print(f"elapsed               {elapsed:.1f} s, {kills} kills mid-broadcast")
        duplicates, _ = report_sends(fake, run.chats, None)
        per_10k = duplicates * 10_000 / len(fake.sent_messages())
        print(f"duplicates per 10,000 {per_10k:.1f} ({duplicates / max(1, kills):.2f} a kill)")
        print(f"accepted, unrecorded  at each kill: {sorted(unrecorded)}")


async def worker(url: str, api_base: str, rate: float) -> None:
    """The sender alone, as the bot runs it, until it is killed or stopped (SIGTERM: it finishes the
    sends under way and prints how many transactions recorded the results)."""
    settings = settings_for(url, api_base, rate)
    engine = create_engine(url)
    bot = create_bot(settings)
    clock = FrozenClock(NOON)
    sender = Sender(bot, create_sessionmaker(engine, clock), await load_core("ru"), settings, clock)
    task = asyncio.create_task(sender.run(poll_interval=0.2))
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    await asyncio.gather(task, return_exceptions=True)
    print(sender.recorder.commits, flush=True)
    await bot.session.close()
    await engine.dispose()


async def bench(args: argparse.Namespace) -> None:
    admin_url = args.url or os.environ.get("TEST_POSTGRES_URL")
    for n, rate in enumerate(args.rate or [200.0]):
        api_limit = args.api_limit or rate * 30 / 25
        async with database(admin_url) as url:
            if args.kill_every:
                await run_with_kills(url, args.recipients, rate, api_limit, args.kill_every)
            else:
                await run_once(url, args.recipients, rate, api_limit, time_claim=n == 0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument(
        "--rate",
        type=float,
        action="append",
        help="the sender's configured global rate, msg/s (repeatable; 200)",
    )
    parser.add_argument(
        "--api-limit", type=float, default=None, help="the fake API's limit (default rate*30/25)"
    )
    parser.add_argument("--url", help="a PostgreSQL admin URL (default TEST_POSTGRES_URL, else SQLite)")
    parser.add_argument("--kill-every", type=float, default=0.0, help="kill the sender about every S seconds")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(worker(args.url, args.api, args.rate[0]))
    else:
        asyncio.run(bench(args))


if __name__ == "__main__":
    main()
