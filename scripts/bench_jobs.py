"""Benchmark the monthly write-off and the daily money check on a region-sized database (not a
test), while a parent's /start is served beside them.

    python scripts/gen_region.py                      # once: data/region.db
    python scripts/bench_jobs.py [--url sqlite+aiosqlite:///data/region.db] [--month 2026-11]

Runs the real write-off (`writeoffs.run`) for one month over every paid enrollment of the database
(by default the first month not written off yet, so the script can be run again on the same
database: each run charges the next month). Prints:
- its duration and the enrollments charged;
- statements per enrollment, counted with SQLAlchemy's before_cursor_execute event (an executemany
  counts once; its parameter sets, the rows, are printed beside);
- the write transactions: how many, p50, p99 and the longest, from BEGIN to the end of COMMIT;
- a parent's /start meanwhile: every ~50 ms, in a session of its own as the DB middleware opens it,
  `access.load_user` + `load_access`; p50, p99 and the longest latency;
- the reference measured in the same run: the same number of rows (ledger entries and outbox
  messages) inserted with the driver alone (sqlite3 / asyncpg executemany, into temporary tables),
  in as many transactions, and the same /start probe on an idle database;
- then the daily money check (`rollover.run`) of the same day: its duration, its transactions and
  the /start probe meanwhile (--no-daily-check to skip it).
Works on PostgreSQL too: give --url postgresql+asyncpg://… of a database made by gen_region.py."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.services.accounts import access
from bot.services.clock import FrozenClock
from bot.services.family import rollover
from bot.services.money import writeoffs
from db.engine import create_engine, create_sessionmaker, deferred_session, is_lock_conflict
from db.models import Enrollment, JobRun, LedgerEntry, LedgerKind, OutboxMessage, User

TARGETS = {"seconds": 60.0, "statements": 3.0, "transaction_ms": 100.0, "start_p99_ms": 1000.0}


@dataclass
class Meter:
    """Statements and write transactions of one engine."""

    statements: int = 0
    rows: int = 0
    transactions: list[float] = field(default_factory=list)  # seconds, BEGIN to the end of COMMIT
    longest_first: str = ""  # the first statement of the longest transaction
    _began: dict[int, float] = field(default_factory=dict)
    _first: dict[int, str] = field(default_factory=dict)

    def attach(self, engine: AsyncEngine) -> None:
        sync = engine.sync_engine

        @event.listens_for(sync, "before_cursor_execute")
        def _count(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
            self.statements += 1
            self.rows += len(params) if many else 1
            if not statement.startswith("BEGIN"):
                self._first.setdefault(id(conn.connection), " ".join(statement.split()[:8]))

        @event.listens_for(sync, "begin")
        def _begin(conn: Any) -> None:
            self._began[id(conn.connection)] = time.perf_counter()

        # The lock is held until COMMIT returns (SQLite syncs the WAL then): time the driver's commit.
        dialect = sync.dialect
        real_commit = dialect.do_commit

        def do_commit(dbapi_connection: Any) -> None:
            real_commit(dbapi_connection)
            began = self._began.pop(id(dbapi_connection), None)
            first = self._first.pop(id(dbapi_connection), "")
            if began is not None:
                elapsed = time.perf_counter() - began
                if elapsed > max(self.transactions, default=0.0):
                    self.longest_first = first
                self.transactions.append(elapsed)

        dialect.do_commit = do_commit  # type: ignore[method-assign]

    def reset(self) -> Meter:
        """What was measured so far; the meter starts again from zero."""
        done = Meter(self.statements, self.rows, self.transactions, self.longest_first)
        self.statements, self.rows, self.transactions, self.longest_first = 0, 0, [], ""
        return done


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * p), len(ordered) - 1)]


async def _start(session: AsyncSession, user_id: int) -> None:
    user = await access.load_user(session, user_id, "ru", "ru", session.info["clock"].now())
    await access.load_access(session, user, [])
    await session.commit()


async def probe_start(
    sessionmaker: async_sessionmaker[AsyncSession], user_ids: list[int], stop: asyncio.Event
) -> list[float]:
    """A parent's /start every ~50 ms until `stop`: the DB work of the middleware and the handler."""
    latencies: list[float] = []
    n = 0
    while not stop.is_set():
        started = time.perf_counter()
        user_id = user_ids[n % len(user_ids)]
        # As the bot's unit of work handles an update: deferred on SQLite (no write lock to read); when
        # the read meets a writer's commit before its own write (last_seen_at moves once a day), run
        # again with the write lock taken at BEGIN (bot/middlewares/db.py).
        try:
            async with deferred_session(sessionmaker) as session:
                await _start(session, user_id)
        except OperationalError as error:
            if not is_lock_conflict(error):
                raise
            async with sessionmaker() as session:
                await _start(session, user_id)
        latencies.append(time.perf_counter() - started)
        n += 1
        await asyncio.sleep(max(0.05 - (time.perf_counter() - started), 0))
    return latencies


async def while_probing(
    sessionmaker: async_sessionmaker[AsyncSession], user_ids: list[int], work: Callable[[], Awaitable[Any]]
) -> tuple[Any, float, list[float]]:
    stop = asyncio.Event()
    probe = asyncio.create_task(probe_start(sessionmaker, user_ids, stop))
    started = time.perf_counter()
    try:
        result = await work()
    finally:
        elapsed = time.perf_counter() - started
        stop.set()
    return result, elapsed, await probe


async def default_month(sessionmaker: async_sessionmaker[AsyncSession]) -> date:
    """The first month of study not written off yet."""
    async with sessionmaker.begin() as session:
        first = await session.scalar(select(func.min(Enrollment.decided_at)))
        done = set(await session.scalars(select(JobRun.slot).where(JobRun.job == writeoffs.JOB)))
    if first is None:
        raise SystemExit("no enrollments: run scripts/gen_region.py first")
    month = writeoffs.first_of(first.date())
    while writeoffs.slot(month) in done:
        month = writeoffs.next_month(month)
    return month


def raw_sqlite(path: str, ledger_rows: int, outbox_rows: int, transactions: int) -> float:
    """The same rows with sqlite3 executemany into temporary copies of the tables (the file's own
    tables stay as they are), in as many transactions. Returns seconds."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("CREATE TEMP TABLE raw_ledger AS SELECT * FROM ledger_entries WHERE 0")
    conn.execute("CREATE TEMP TABLE raw_outbox AS SELECT * FROM outbox WHERE 0")
    ledger = [
        (n, f"raw:{n}", n, "writeoff", 0, -100_000, n, 1, "2026-11-01", "2026-12-01 00:00:00")
        for n in range(ledger_rows)
    ]
    outbox = [
        (n, f"raw:{n}", n, '{"text_key": "money-writeoff-notice", "args": {"amount_kopecks": 100000}}',
         "pending", "2026-12-01 00:00:00", 0, 1, "2026-12-01 00:00:00")
        for n in range(outbox_rows)
    ]  # fmt: skip
    per = max(len(ledger) // max(transactions, 1), 1)
    started = time.perf_counter()
    for i in range(0, max(len(ledger), len(outbox)), per):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO raw_ledger (id, key, certificate_id, kind, balance_delta, reserve_delta, "
            "enrollment_id, provider_id, month, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            ledger[i : i + per],
        )
        conn.executemany(
            "INSERT INTO raw_outbox (id, key, chat_id, payload, status, not_before, attempts, "
            "respect_quiet_hours, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            outbox[i : i + per],
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


async def raw_postgres(url: str, ledger_rows: int, outbox_rows: int, transactions: int) -> float:
    import asyncpg  # only for PostgreSQL

    parsed = make_url(url).set(drivername="postgresql")
    conn = await asyncpg.connect(parsed.render_as_string(hide_password=False))
    await conn.execute("CREATE TEMP TABLE raw_ledger (LIKE ledger_entries INCLUDING DEFAULTS)")
    await conn.execute("CREATE TEMP TABLE raw_outbox (LIKE outbox INCLUDING DEFAULTS)")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    ledger = [
        (n, f"raw:{n}", n, "writeoff", 0, -100_000, n, 1, date(2026, 11, 1), now) for n in range(ledger_rows)
    ]
    outbox = [
        (n, f"raw:{n}", n, '{"text_key": "money-writeoff-notice"}', "pending", now, 0, True, now)
        for n in range(outbox_rows)
    ]
    per = max(len(ledger) // max(transactions, 1), 1)
    started = time.perf_counter()
    for i in range(0, max(len(ledger), len(outbox)), per):
        async with conn.transaction():
            await conn.executemany(
                "INSERT INTO raw_ledger (id, key, certificate_id, kind, balance_delta, reserve_delta, "
                "enrollment_id, provider_id, month, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
                ledger[i : i + per],
            )
            await conn.executemany(
                "INSERT INTO raw_outbox (id, key, chat_id, payload, status, not_before, attempts, "
                "respect_quiet_hours, created_at) VALUES ($1,$2,$3,$4::json,$5,$6,$7,$8,$9)",
                outbox[i : i + per],
            )
    elapsed = time.perf_counter() - started
    await conn.close()
    return elapsed


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="sqlite+aiosqlite:///data/region.db")
    parser.add_argument("--month", type=lambda s: date.fromisoformat(f"{s}-01"), default=None)
    parser.add_argument("--no-daily-check", action="store_true", help="only the write-off")
    args = parser.parse_args()
    url = make_url(args.url)

    job_engine = create_engine(args.url)  # the job's connections, measured
    bot_engine = create_engine(args.url)  # the parents' connections
    meter = Meter()
    meter.attach(job_engine)
    clock = FrozenClock(datetime(2000, 1, 1, tzinfo=UTC))  # set to the run's moment below
    job_sessions = create_sessionmaker(job_engine, clock)
    bot_sessions = create_sessionmaker(bot_engine, clock)
    try:
        month = args.month or await default_month(job_sessions)
        async with bot_sessions.begin() as session:
            parents = list(await session.scalars(select(User.id).order_by(User.id.desc()).limit(1000)))
            ledger_before = await session.scalar(select(func.count(LedgerEntry.id)))
            outbox_before = await session.scalar(select(func.count(OutboxMessage.id)))
        # The run of the 1st at 03:00 after `month`.
        clock.set(datetime.combine(writeoffs.next_month(month), datetime.min.time(), tzinfo=UTC))
        clock.move(timedelta(hours=1))

        _, idle_seconds, idle = await while_probing(bot_sessions, parents, lambda: asyncio.sleep(3))
        charged, seconds, busy = await while_probing(
            bot_sessions, parents, lambda: writeoffs.run(job_sessions, clock, month)
        )
        async with bot_sessions.begin() as session:
            writeoff_rows = await session.scalar(
                select(func.count(LedgerEntry.id)).where(
                    LedgerEntry.kind == LedgerKind.WRITEOFF, LedgerEntry.month == month
                )
            )
            ledger_rows = int(await session.scalar(select(func.count(LedgerEntry.id))) or 0) - int(
                ledger_before or 0
            )
            outbox_rows = int(await session.scalar(select(func.count(OutboxMessage.id))) or 0) - int(
                outbox_before or 0
            )
        writeoff_meter = meter.reset()
        check = None
        if not args.no_daily_check:
            # The daily money check of the same day over every certificate.
            _, check_seconds, check_busy = await while_probing(
                bot_sessions, parents, lambda: rollover.run(job_sessions, clock)
            )
            check = (check_seconds, check_busy, meter.reset())
    finally:
        await job_engine.dispose()
        await bot_engine.dispose()

    meter = writeoff_meter
    transactions = len(meter.transactions)
    if url.get_backend_name() == "sqlite":
        raw = await asyncio.to_thread(raw_sqlite, str(url.database), ledger_rows, outbox_rows, transactions)
        raw_name = "sqlite3 executemany"
    else:
        raw = await raw_postgres(args.url, ledger_rows, outbox_rows, transactions)
        raw_name = "asyncpg executemany"

    per = max(int(charged), 1)
    longest = max(meter.transactions, default=0.0)
    p99 = percentile(busy, 0.99)
    print(f"write-off of {writeoffs.slot(month)} on {url.get_backend_name()} ({args.url})")
    print(f"  enrollments charged        {charged} ({writeoff_rows} write-offs of the month in the ledger)")
    print(f"  duration                   {seconds:.1f} s  (target <= {TARGETS['seconds']:.0f} s)")
    print(f"  rows written               {ledger_rows} ledger entries, {outbox_rows} outbox messages")
    print(
        f"  statements per enrollment  {meter.statements / per:.3f} executions "
        f"({meter.statements} in all), {meter.rows / per:.2f} counting each executemany row "
        f"(target <= {TARGETS['statements']:.0f})"
    )
    print(
        f"  write transactions         {transactions}: p50 {ms(percentile(meter.transactions, 0.5))}, "
        f"p99 {ms(percentile(meter.transactions, 0.99))}, longest {ms(longest)} "
        f"(target <= {TARGETS['transaction_ms']:.0f} ms; it began with: {meter.longest_first})"
    )
    print(
        f"  reference: {raw_name}     {ledger_rows} + {outbox_rows} rows in {transactions} transactions: "
        f"{raw:.1f} s (the write-off takes {seconds / max(raw, 1e-9):.1f}x)"
    )
    print(
        f"  /start while it runs       {len(busy)} probes: p50 {ms(percentile(busy, 0.5))}, p99 {ms(p99)}, "
        f"longest {ms(max(busy, default=0.0))} (target p99 <= {TARGETS['start_p99_ms']:.0f} ms)"
    )
    print(
        f"  /start on an idle database {len(idle)} probes in {idle_seconds:.0f} s: "
        f"p50 {ms(percentile(idle, 0.5))}, p99 {ms(percentile(idle, 0.99))}"
    )
    met = (
        seconds <= TARGETS["seconds"]
        and meter.statements / per <= TARGETS["statements"]
        and longest * 1000 <= TARGETS["transaction_ms"]
        and p99 * 1000 <= TARGETS["start_p99_ms"]
    )
    print(f"  targets                    {'met' if met else 'NOT met'}")
    if check is not None:
        check_seconds, check_busy, check_meter = check
        print(f"daily money check (rollover.run) of {clock.today()} over every certificate")
        print(f"  duration                   {check_seconds:.1f} s, {check_meter.statements} statements")
        print(
            f"  write transactions         {len(check_meter.transactions)}: "
            f"p50 {ms(percentile(check_meter.transactions, 0.5))}, "
            f"p99 {ms(percentile(check_meter.transactions, 0.99))}, "
            f"longest {ms(max(check_meter.transactions, default=0.0))}"
        )
        print(
            f"  /start while it runs       {len(check_busy)} probes: p50 {ms(percentile(check_busy, 0.5))}, "
            f"p99 {ms(percentile(check_busy, 0.99))}, longest {ms(max(check_busy, default=0.0))}"
        )


if __name__ == "__main__":
    asyncio.run(main())
