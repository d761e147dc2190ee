"""Benchmark the outbox sender (not a test): a broadcast to many recipients through the fake Bot API.

    python scripts/bench_broadcast.py [--recipients 10000] [--rate 200] [--api-limit 240]

Starts the fake Bot API server of the test suite with a raised limit (by default 30/25 of the
configured rate, as Telegram's 30/s is to our default 25/s) and one message a second per chat, a
temporary migrated SQLite database, queues one broadcast message per recipient in one transaction
and runs the real Sender until nothing is left. Prints the achieved rate as a ratio of the configured
limit, the 429 answers, duplicates, losses and the elapsed time."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.config import Settings
from bot.delivery import Sender
from bot.factory import create_bot
from bot.i18n import load_core
from bot.services import broadcasts, outbox
from bot.services.clock import FrozenClock
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import Broadcast, BroadcastStatus, User
from tests.e2e.fake_bot_api import FakeBotAPI

TOKEN = "123456:BENCH-token-for-the-fake-server"
FIRST_CHAT = 1_000_000
NOON = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # outside the quiet hours in Moscow


async def bench(recipients: int, rate: float, api_limit: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        await upgrade(url)
        engine = create_engine(url)
        clock = FrozenClock(NOON)
        sessionmaker = create_sessionmaker(engine, clock)
        chats = range(FIRST_CHAT, FIRST_CHAT + recipients)
        async with FakeBotAPI(bot_id=int(TOKEN.split(":")[0])) as fake:
            settings = Settings(
                bot_token=TOKEN,  # type: ignore[arg-type]
                database_url=url,
                bot_api_base_url=fake.base_url,
                send_rate_per_second=rate,
                _env_file=None,  # type: ignore[call-arg]
            )
            async with sessionmaker.begin() as session:
                await session.execute(insert(User), [{"id": chat, "locale": "ru"} for chat in chats])
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
            fake.global_rate = api_limit
            fake.per_chat_rate = 1
            bot = create_bot(settings)
            sender = Sender(bot, sessionmaker, await load_core("ru"), settings, clock)
            started = time.monotonic()
            task = asyncio.create_task(sender.run(poll_interval=0.2))
            while True:
                await asyncio.sleep(0.5)
                async with sessionmaker() as session:
                    figures = await broadcasts.progress(session, broadcast.id)
                if not figures.left:
                    break
            elapsed = time.monotonic() - started
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await bot.session.close()
            sends = [c.time for c in fake.calls_of("sendMessage") if c.status == 200]
            per_chat = Counter(m.chat_id for m in fake.sent_messages())
        await engine.dispose()
    steady = (len(sends) - 1) / (sends[-1] - sends[0]) if len(sends) > 1 else 0.0
    print(f"recipients            {recipients}")
    print(f"configured rate       {rate:g}/s (fake API limit {api_limit:g}/s, 1/s per chat)")
    print(f"elapsed               {elapsed:.1f} s (queue to last result recorded)")
    print(f"achieved rate         {steady:.1f}/s = {steady / rate:.3f} of the configured limit")
    print(
        f"overall rate          {recipients / elapsed:.1f}/s = {recipients / elapsed / rate:.3f} of the limit"
    )
    print(f"429 answers           {fake.count_429}")
    print(f"duplicates            {sum(n - 1 for n in per_chat.values() if n > 1)}")
    print(f"losses                {sum(1 for chat in chats if per_chat[chat] == 0)}")
    print(f"status                sent {figures.sent}, failed {figures.failed}, left {figures.left}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument(
        "--rate", type=float, default=200.0, help="the sender's configured global rate, msg/s"
    )
    parser.add_argument(
        "--api-limit", type=float, default=None, help="the fake API's limit (default rate*30/25)"
    )
    args = parser.parse_args()
    asyncio.run(bench(args.recipients, args.rate, args.api_limit or args.rate * 30 / 25))


if __name__ == "__main__":
    main()
