"""Benchmark (not a test): updates a second of the real bot beside bare aiogram, in the same run, with
many parents at once, against the fake Bot API of the test suite answering in 0 ms and in 100 ms.

    python scripts/bench_updates.py [--parents 300] [--delay-ms 0,100] [--seconds 10]
                                    [--db path.db | --url postgresql+asyncpg://user:pw@host/db]

Each bot runs as its own process (`python -m bot`; scripts/bare_bot.py for bare aiogram;
scripts/floor_bot.py, `--bots bare,floor,ours`, for bare aiogram plus one SQLAlchemy read of the account
an update, what the stack costs before any feature) and long-polls the fake server in this process, so
the fake and the simulated parents do not take the bot's CPU.
Every parent walks, one update after another, waiting for each reply:

    /start -> (the consent offer is shown) «Согласие на обработку» -> «Согласен» -> /help
    -> «🔎 Найти кружок» -> types the word (default «шахматы») -> the first result's card
    -> «Подать заявку» on the first group (or «лист ожидания» once it is full) -> «Да, подать заявку»

The request needs a child with a certificate: before the run each parent gets a user, a child of the
right age in the program's municipality and an accounting certificate, through the services
(children.add_child, certificates.apply + approve); the "certificate issued" notices this queues are
removed so the outbox sender does not send them during the run. Consent is not given beforehand: the
walk gives it. Bare aiogram gets the same updates (its presses use its own button).

An update is done when the reply that answers it reaches the fake (its text for our bot, any message
for bare aiogram); latency is from the update being queued to that reply. A phase lasts until every
parent is through or --seconds pass; updates answered later are not counted ("late"), and the bot
is allowed --drain seconds to answer them before its next phase (one not answered by then is an
error, as is a «Что-то пошло не так» reply; the parent stops there). Each phase of our bot uses fresh
parents. The table: completed updates, the window they were counted in, updates/s, p50/p95 latency
and ours/bare, the ratio of updates/s to bare aiogram's at the same delay.

The database: a fresh temporary SQLite file with the demo data by default; --db uses an existing
SQLite file (a bigger catalogue) and --url any database (PostgreSQL); the demo is loaded only where
there are no programs, and the parents added to it are left there (with ids of this run).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, func, select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker  # noqa: E402

from bot.demo import load_demo  # noqa: E402
from bot.services.clock import Clock  # noqa: E402
from bot.services.family import certificates, children  # noqa: E402
from db.engine import create_engine, create_sessionmaker  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import CertificateKind, OutboxMessage, Program, User  # noqa: E402
from db.models.enums import ModerationStatus  # noqa: E402
from tests.e2e.fake_bot_api import BotMessage, FakeBotAPI  # noqa: E402

TOKEN = "123456:BENCH-token-for-the-fake-server"
STAFF_ID = 1  # the officer who approves the certificates during the setup
ERROR_TEXT = "Что-то пошло не так"
BARE = 500_000  # bare aiogram's parents: ids this far above ours
# Calls that are not an update's answer: long polling and the start.
PLUMBING = {"getUpdates", "getMe", "deleteWebhook", "setMyCommands", "close", "logOut"}


# ===================================================================== the fake, with a waiter per chat
@dataclass
class Reply:
    at: float  # loop time the request reached the fake
    text: str
    message: BotMessage
    is_alert: bool


class BenchAPI(FakeBotAPI):
    """The fake Bot API that also files each reply by chat and wakes only that chat's parent."""

    def __init__(self) -> None:
        super().__init__(bot_id=int(TOKEN.split(":")[0]))
        self.replies: dict[int, list[Reply]] = defaultdict(list)
        self.waiters: dict[int, asyncio.Event] = {}
        self.polls = 0

    def _emit(self, message: BotMessage, text: str, *, is_alert: bool = False) -> None:
        super()._emit(message, text, is_alert=is_alert)
        self.replies[message.chat_id].append(
            Reply(asyncio.get_running_loop().time(), text, message, is_alert)
        )
        waiter = self.waiters.pop(message.chat_id, None)
        if waiter is not None:
            waiter.set()

    async def _get_updates(self, call: Any) -> Any:
        self.polls += 1
        return await super()._get_updates(call)

    def drop_pending(self) -> None:
        """Forget updates a stopped bot fetched but never confirmed: the next bot must not get them."""
        self._updates.clear()


# ===================================================================== one parent's walk
@dataclass(frozen=True)
class Step:
    name: str
    text: str | None = None  # a message to send, or
    press: tuple[str, ...] = ()  # the first button whose text contains one of these (in this order)
    expect: tuple[str, ...] = ()  # the reply that answers it contains one of these; () = any message
    optional: bool = False  # the walk may end here when the button is not there (a waiting-list place)


WALK = (
    Step("start", text="/start", expect=("Прочитайте, какие данные", "С возвращением")),
    Step("consent-read", press=("Согласие на обработку",), expect=("Что мы собираем",)),
    Step("consent-accept", press=("Согласен",), expect=("Согласие получено",)),
    Step("help", text="/help", expect=("Что умеет бот",)),
    Step("catalogue", text="🔎 Найти кружок", expect=("Поиск кружков",)),
    Step("search", text="{word}", expect=("Найдено программ", "Ничего не нашлось")),
    Step("card", press=("1. ",), expect=("Группы", "нет групп")),
    Step("request", press=("Подать заявку", "лист ожидания")),
    Step("confirm", press=("Да, подать заявку",), optional=True),
)


@dataclass
class Result:
    bot: str
    delay_ms: float
    parents: int
    window: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, updates done within the window
    done_by_step: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)  # what the requests were answered
    errors: int = 0  # «Что-то пошло не так» or no reply at all
    late: int = 0  # answered after the window (not counted)
    stuck: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.window if self.window else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class Parent:
    def __init__(self, api: BenchAPI, user_id: int, word: str, bare: bool) -> None:
        self.api = api
        self.user = api.user(user_id)
        self.word = word
        self.bare = bare
        self.seen = 0  # replies of this chat already looked at

    def _last_with_buttons(self) -> BotMessage | None:
        for reply in reversed(self.api.replies[self.user.id]):
            if not reply.is_alert and reply.message.buttons and not reply.message.deleted:
                return reply.message
        return None

    async def _act(self, step: Step) -> None:
        if step.text is not None:
            await self.user.send(step.text.format(word=self.word))
            return
        message = self._last_with_buttons()
        if message is None:
            raise LookupError(f"{step.name}: no message with buttons")
        buttons = [b for row in message.buttons for b in row if b.callback_data]
        if self.bare:
            chosen = buttons[0] if buttons else None
        else:
            chosen = next((b for label in step.press for b in buttons if label in b.text), None)
        if chosen is None or chosen.callback_data is None:
            raise LookupError(f"{step.name}: no button {step.press} in {[b.text for b in buttons]}")
        await self.user.press_data(chosen.callback_data, message)

    def _answer(self, step: Step) -> Reply | None:
        replies = self.api.replies[self.user.id]
        while self.seen < len(replies):
            reply = replies[self.seen]
            self.seen += 1
            if self.bare or not step.expect or ERROR_TEXT in reply.text:
                if self.bare and reply.is_alert:
                    continue
                return reply
            if any(e in reply.text for e in step.expect):
                return reply
        return None

    async def walk(self, steps: Sequence[Step], deadline: float, give_up: float, result: Result) -> None:
        loop = asyncio.get_running_loop()
        for step in steps:
            if loop.time() >= deadline:
                return
            self.seen = len(self.api.replies[self.user.id])
            queued = loop.time()
            try:
                await self._act(step)
            except LookupError as error:
                if step.optional:
                    return
                result.errors += 1
                result.stuck.append(str(error))
                return
            reply = self._answer(step)
            while reply is None:
                waiter = self.api.waiters.setdefault(self.user.id, asyncio.Event())
                try:
                    await asyncio.wait_for(waiter.wait(), give_up - loop.time())
                except TimeoutError:
                    if give_up > deadline:  # the bot had the drain time too: a lost update
                        result.errors += 1
                        result.stuck.append(f"{step.name}: no reply")
                    else:
                        result.late += 1
                    return
                reply = self._answer(step)
            if ERROR_TEXT in reply.text and step.expect:
                result.errors += 1
                result.stuck.append(f"{step.name}: {reply.text[:80]}")
                return
            if reply.at > deadline:
                result.late += 1
                return
            result.latencies.append(reply.at - queued)
            result.done_by_step[step.name] += 1
            if step.name == "request" and not self.bare:
                result.outcomes[reply.text.split("\n")[0][:60]] += 1
            # a walk that led elsewhere (consent already given) skips the steps it made moot
            if step.name == "start" and "С возвращением" in reply.text:
                steps = [s for s in steps if not s.name.startswith("consent")]


async def run_phase(
    api: BenchAPI, bot: str, ids: range, word: str, delay_ms: float, seconds: float, drain: float
) -> Result:
    api.delay_ms = delay_ms
    result = Result(bot, delay_ms, len(ids))
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + seconds
    parents = [Parent(api, user_id, word, bot != "ours") for user_id in ids]
    walks = [asyncio.create_task(p.walk(WALK, deadline, deadline + drain, result)) for p in parents]
    await asyncio.gather(*walks)
    last = max((r.at for user_id in ids for r in api.replies[user_id] if r.at <= deadline), default=started)
    result.window = min(seconds, last - started)
    return result


# ===================================================================== the bots as processes
def bot_env(base_url: str, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ADMIN_IDS")}
    env |= {
        "BOT_TOKEN": TOKEN,
        "BOT_API_BASE_URL": base_url,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    return env


async def launch(
    api: BenchAPI, argv: list[str], env: dict[str, str], cwd: str, log: Path
) -> tuple[asyncio.subprocess.Process, float]:
    """Start a bot; returns the process and the seconds until its first getUpdates reached the fake."""
    polls = api.polls
    started = time.monotonic()
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            *argv, cwd=cwd, env=env, stdout=out, stderr=out, stdin=asyncio.subprocess.DEVNULL
        )
    while api.polls == polls:
        if process.returncode is not None:
            raise RuntimeError(f"{argv} exited with {process.returncode}; see {log}")
        if time.monotonic() - started > 120:
            raise RuntimeError(f"{argv} did not poll within 120 s; see {log}")
        await asyncio.sleep(0.01)
    return process, time.monotonic() - started


async def terminate(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()


# ===================================================================== the database and the parents
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """The project's session factory, with the system clock (rows are stamped with its time)."""
    return create_sessionmaker(engine, Clock())


@dataclass(frozen=True)
class World:
    programs: int
    municipality_id: int
    birth_date: date


async def prepare_database(url: str, word: str) -> World:
    await upgrade(url)
    engine = create_engine(url)
    try:
        async with sessions(engine).begin() as session:
            if not await session.scalar(select(func.count()).select_from(Program)):
                await load_demo(session, Clock().today())
            programs = await session.scalar(select(func.count()).select_from(Program)) or 0
            published = await session.execute(
                select(Program.title, Program.municipality_id, Program.age_min, Program.age_max)
                .where(Program.moderation == ModerationStatus.PUBLISHED)
                .order_by(Program.id)
            )
            stem = word.casefold()[:5]  # SQLite's lower() knows no Cyrillic: compare here
            target = next((row[1:] for row in published if stem in row[0].casefold()), None)
    finally:
        await engine.dispose()
    if target is None:
        raise SystemExit(f"No published program in the database has «{word}» in its title: try --word.")
    municipality_id, age_min, age_max = target
    today = Clock().today()
    age = (age_min + age_max) // 2
    return World(programs, municipality_id, today.replace(year=today.year - age) - timedelta(days=40))


async def add_parents(url: str, ids: Sequence[int], world: World) -> None:
    """Each parent: an account, a child in the program's municipality and an accounting certificate."""
    clock = Clock()
    engine = create_engine(url)
    try:
        sessionmaker = sessions(engine)
        for chunk in range(0, len(ids), 100):
            async with sessionmaker.begin() as session:
                for user_id in ids[chunk : chunk + 100]:
                    session.add(User(id=user_id, locale="ru"))
                    await session.flush()
                    data = children.ChildData(
                        "Бенчмарков", "Павел", None, world.birth_date, world.municipality_id, None
                    )
                    child = await children.add_child(session, user_id, data, clock.today())
                    application = await certificates.apply(
                        session,
                        parent_id=user_id,
                        child_id=child.id,
                        kind=CertificateKind.ACCOUNTING,
                        today=clock.today(),
                        now=clock.now(),
                        admin_ids=[],
                    )
                    await certificates.approve(
                        session,
                        staff_id=STAFF_ID,
                        staff_municipality_ids=[world.municipality_id],
                        application_id=application.id,
                        kind=CertificateKind.ACCOUNTING,
                        today=clock.today(),
                        now=clock.now(),
                    )
                await session.execute(
                    delete(OutboxMessage).where(OutboxMessage.chat_id.in_(ids[chunk : chunk + 100]))
                )
    finally:
        await engine.dispose()


# ===================================================================== the run
def _fmt(result: Result, bare: Result | None) -> str:
    ratio = f"{result.rate / bare.rate:.3f}" if bare is not None and bare.rate else "—"
    return (
        f"{result.bot:<5} {result.delay_ms:>6.0f} {result.parents:>7} {len(result.latencies):>7} "
        f"{result.window:>7.1f} {result.rate:>8.1f} {result.pct(0.5):>8.0f} {result.pct(0.95):>8.0f} "
        f"{result.errors:>6} {result.late:>5} {ratio:>8}"
    )


async def bench(args: argparse.Namespace, url: str | None) -> None:
    delays = [float(d) for d in args.delay_ms.split(",")]
    bots = args.bots.split(",")
    with tempfile.TemporaryDirectory(prefix="bench-updates-") as tmp:
        url = url or f"sqlite+aiosqlite:///{tmp}/bench.db"
        started = time.monotonic()
        world = await prepare_database(url, args.word)
        base = 2 * 10**12 + int(time.time()) % 10**6 * 10**6  # fresh parents on every run
        phases = {
            d: range(base + i * args.parents, base + (i + 1) * args.parents) for i, d in enumerate(delays)
        }
        if "ours" in bots:
            await add_parents(url, [u for ids in phases.values() for u in ids], world)
        print(
            f"database: {url.split('://')[0]}, {world.programs} programs; "
            f"setup {time.monotonic() - started:.1f} s"
        )
        results: list[Result] = []
        log = Path(args.log) if args.log else Path(tmp) / "bots.log"
        api = BenchAPI()
        await api.start()
        try:
            env = bot_env(api.base_url, url)
            commands = {
                "bare": [sys.executable, str(ROOT / "scripts" / "bare_bot.py")],
                "floor": [sys.executable, str(ROOT / "scripts" / "floor_bot.py")],
                "ours": [sys.executable, "-m", "bot"],
            }
            for name in bots:
                api.drop_pending()
                api.delay_ms = 0
                process, to_poll = await launch(api, commands[name], env, tmp, log)
                print(f"{name}: first getUpdates {to_poll:.1f} s after launch")
                first_call = len(api.calls)
                try:
                    for n, (delay, ids) in enumerate(phases.items(), start=1):
                        offset = {"ours": 0, "bare": BARE, "floor": 2 * BARE}[name]
                        phase_ids = range(ids.start + offset, ids.stop + offset)
                        drain = args.drain if n < len(phases) else 0  # the bot stops after its last
                        result = await run_phase(api, name, phase_ids, args.word, delay, args.seconds, drain)
                        results.append(result)
                        print(f"  {name} {delay:.0f} ms: done by step {dict(result.done_by_step)}")
                        for text, count in result.outcomes.most_common(4):
                            print(f"    request answered {count} x «{text}»")
                        for line in Counter(result.stuck).most_common(3):
                            print(f"    stuck: {line[1]} x {line[0]}")
                finally:
                    await terminate(process)
                # What one update costs in Bot API calls (long polling aside), for this bot's phases.
                answered = sum(len(r.latencies) + r.late for r in results if r.bot == name)
                made = Counter(c.method for c in api.calls[first_call:] if c.method not in PLUMBING)
                if answered:
                    per = ", ".join(f"{m} {n / answered:.2f}" for m, n in made.most_common())
                    print(f"  {name}: {sum(made.values()) / answered:.2f} Bot API calls an update ({per})")
        finally:
            await api.stop()
        failures = sum(1 for c in api.calls if c.status >= 400)
        if failures:
            print(f"Bot API calls refused: {failures}")
        if any(r.stuck for r in results):
            tail = log.read_text(errors="replace").splitlines()[-15:]
            print("last lines of the bots' log:\n  " + "\n  ".join(tail))
    print()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; "
        f"Python {platform.python_version()}; phase ≤ {args.seconds:g} s"
    )
    print(
        f"{'bot':<5} {'api ms':>6} {'parents':>7} {'updates':>7} {'window':>7} {'upd/s':>8} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'errors':>6} {'late':>5} {'ours/bare':>8}"
    )
    bare_by_delay = {r.delay_ms: r for r in results if r.bot == "bare"}
    for result in results:
        print(_fmt(result, bare_by_delay.get(result.delay_ms) if result.bot != "bare" else None))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--parents", type=int, default=300, help="parents walking at once (default 300)")
    parser.add_argument("--delay-ms", default="0,100", help="the fake's answer delays, one phase each")
    parser.add_argument("--seconds", type=float, default=10, help="the longest a phase is measured")
    parser.add_argument("--drain", type=float, default=30, help="time to answer the rest after a phase")
    parser.add_argument("--bots", default="bare,ours", help="which bots to run, in order (bare, floor, ours)")
    parser.add_argument("--log", help="keep the bots' output in this file (default: a temporary one)")
    parser.add_argument("--word", default="шахматы", help="the word the parents search for")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", help="an existing SQLite file (a bigger catalogue) instead of a fresh one")
    where.add_argument(
        "--url", help="a database URL, e.g. postgresql+asyncpg://postgres:postgres@127.0.0.1/bench"
    )
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        url = args.url or (f"sqlite+aiosqlite:///{Path(args.db).resolve()}" if args.db else None)
        asyncio.run(bench(args, url))


if __name__ == "__main__":
    main()
