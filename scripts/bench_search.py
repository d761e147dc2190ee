"""Benchmark the catalogue search (not a test) on a region-sized catalogue.

    python scripts/gen_region.py --url URL --children 0 --enrollments 0   # once: the catalogue
    python scripts/bench_search.py [--url sqlite+aiosqlite:///data/region.db] [--rounds 200]
        [--today 2026-11-30]

Applies the migrations, picks typical queries from the catalogue itself (its largest municipality,
that municipality's commonest direction, words of real titles, a typo and the wrong keyboard layout
of one, a synonym), then for each query prints p50/p95 of `catalog.find` (a fresh session per call,
as a parent's update has) beside references measured in the same run, the rounds interleaved so
that a busy machine slows them all alike:

- CPU: the service's CPU time in this process, which a busy machine inflates far less than the wall
  time (on SQLite it is all the work; on PostgreSQL the server's share is not in it);
- bare SQL: the statements the service sent for that query, replayed through the driver
  (`exec_driver_sql`): the database's own time, so the difference is the service and the ORM;
- as typed: the same query without the typo and layout handling (`catalog.as_typed`): what that
  handling costs (for a typo it is the whole correction: the vocabulary, rapidfuzz, a second search).

`--today` must fall inside the groups' dates (gen_region's `--today`); by default, today in Moscow.
On PostgreSQL the tables are ANALYZEd first, as autovacuum would have done after a bulk load."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.services.catalogue import catalog, search
from bot.services.clock import Clock
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import Group, ModerationStatus, Program

Timed = Callable[[], Awaitable[Any]]
STAVROPOL = (45.04, 41.97)  # where a parent shares his location from, for «Рядом со мной»


@dataclass(frozen=True)
class Case:
    name: str
    filters: catalog.Filters
    page: int = 0


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


async def timed(call: Timed, cpu: list[float] | None = None) -> float:
    """Wall time of `call` in ms; its CPU time (all threads of this process) goes to `cpu`."""
    started, used = time.perf_counter(), time.process_time()
    await call()
    if cpu is not None:
        cpu.append((time.process_time() - used) * 1000)
    return (time.perf_counter() - started) * 1000


async def pick_cases(session: AsyncSession, today: date, rng: random.Random) -> list[Case]:
    busiest = (
        await session.execute(
            select(Program.municipality_id, func.count())
            .group_by(Program.municipality_id)
            .order_by(func.count().desc())
            .limit(1)
        )
    ).first()
    if busiest is None:
        raise SystemExit("no programs: build the catalogue first with scripts/gen_region.py")
    municipality, programs = busiest
    direction = await session.scalar(
        select(Program.direction)
        .where(Program.municipality_id == municipality)
        .group_by(Program.direction)
        .order_by(func.count().desc())
        .limit(1)
    )
    titles = list(
        await session.scalars(
            select(Program.title).where(Program.moderation == ModerationStatus.PUBLISHED).order_by(Program.id)
        )
    )
    words = [t.split() for t in rng.sample(titles, min(len(titles), 200))]
    word = next(w[0] for w in words if search.query_stems(w[0]))
    two = next(" ".join(w[:2]) for w in words if len(w) > 1 and len(search.query_stems(" ".join(w[:2]))) == 2)
    long = max((x for w in words for x in w if x.isalpha()), key=len).lower()
    typo = long[:3] + long[4:]  # a letter dropped
    layout = long.translate(
        str.maketrans("йцукенгшщзхъфывапролджэячсмитьбюё", "qwertyuiop[]asdfghjkl;'zxcvbnm,.`")
    )
    local = catalog.Filters(municipality_id=municipality, direction=direction, age=9)
    print(f"catalogue: {len(titles)} published programs, municipality {municipality} has {programs}")
    return [
        Case("filters only", local),
        Case("no filters", catalog.Filters()),
        Case(f"a word ({word})", catalog.Filters(text=word)),
        Case(f"two words ({two})", catalog.Filters(text=two)),
        Case("filters + word", catalog.Filters(municipality_id=municipality, text=word)),
        Case(f"a typo ({typo})", catalog.Filters(text=typo)),
        Case(f"layout ({layout})", catalog.Filters(text=layout)),
        Case("a synonym (питон)", catalog.Filters(text="питон")),
        Case("filters + typo", catalog.Filters(municipality_id=municipality, age=9, text=typo)),
        Case("page 2 (age 9)", catalog.Filters(age=9), page=1),
        Case("nothing found", catalog.Filters(municipality_id=municipality, age=9, text="квазарология")),
        Case("ОВЗ + trial lesson", catalog.Filters(ovz=True, trial=True)),
        Case("near me", catalog.Filters(near=STAVROPOL)),
        Case("near me + filters", catalog.Filters(municipality_id=municipality, age=9, near=STAVROPOL)),
        Case("near me + word", catalog.Filters(text=word, near=STAVROPOL)),
    ]


class Recorder:
    """The SELECTs a service call sends, as the driver receives them."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.statements: list[tuple[str, Any]] | None = None
        event.listen(engine.sync_engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.statements is not None and not statement.lstrip().upper().startswith("BEGIN"):
            self.statements.append((statement, parameters))

    async def capture(self, call: Timed) -> list[tuple[str, Any]]:
        self.statements = []
        try:
            await call()
            return self.statements
        finally:
            self.statements = None


async def replay(engine: AsyncEngine, statements: list[tuple[str, Any]]) -> None:
    async with engine.connect() as conn:
        for statement, parameters in statements:
            (await conn.exec_driver_sql(statement, parameters)).fetchall()


async def bench(url: str, rounds: int, clock: Clock, today: date) -> None:
    await upgrade(url)
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine, clock)
    dialect = engine.dialect
    if dialect.name == "postgresql":
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
    async with sessionmaker() as session:
        groups = await session.scalar(select(func.count(Group.id)))
        cases = await pick_cases(session, today, random.Random(1))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{dialect.name}, {groups} groups, today {today}, {rounds} rounds a query; times in ms")
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (a busy machine slows all columns)\n")
    recorder = Recorder(engine)
    heads = ("service p50/p95", "CPU p50/p95", "bare SQL p50/p95", "as typed p50/p95")
    print(
        f"{'query':34} {'found':>6} {heads[0]:>17} {heads[1]:>13} {heads[2]:>17} {heads[3]:>17}  searched for"
    )
    for case in cases:

        async def find(case: Case = case, service: Any = catalog.find) -> catalog.Page:
            async with sessionmaker() as session:
                page: catalog.Page = await service(session, case.filters, today, case.page)
                return page

        found = await find()
        statements = await recorder.capture(find)
        samples: dict[str, list[float]] = {"service": [], "cpu": [], "bare": [], "typed": []}
        for _ in range(rounds):
            samples["service"].append(await timed(find, samples["cpu"]))
            samples["bare"].append(await timed(partial(replay, engine, statements)))
            samples["typed"].append(await timed(partial(find, case, catalog.as_typed)))
        cells = ["{:5.1f} /{:6.1f}".format(*percentiles(samples[k])) for k in samples]
        line = f"{cells[0]:>17} {cells[1]:>13} {cells[2]:>17} {cells[3]:>17}  {found.searched_for or ''}"
        print(f"{case.name[:34]:34} {found.total:6} {line}")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="sqlite+aiosqlite:///data/region.db")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="default: today in Moscow")
    args = parser.parse_args()
    clock = Clock()
    asyncio.run(bench(args.url, args.rounds, clock, args.today or clock.today()))


if __name__ == "__main__":
    main()
