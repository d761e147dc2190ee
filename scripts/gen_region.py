"""Build a region-sized database for the benchmarks (not a test), through the project's own migrations
and models.

    python scripts/gen_region.py [--url sqlite+aiosqlite:///data/region.db] [--programs 10000]
        [--groups 25000] [--children 200000] [--enrollments 100000] [--today 2026-11-30] [--force]

Builds, in one municipal region: municipalities with their current period (the school year around
`--today`), providers with one staff member each, published programs of the four registers with
their groups, parents with one to three children, a certificate for every child (financing or
accounting, within each municipality's quota; financing ones credited the period's nominal), and
`--enrollments` active paid enrollments of children with financing certificates in certified groups
of their age, confirmed this month: each with its split quoted by `billing.split` on the balance
left at the moment and its reserve posted, seats taken, so the ledger obeys the balance rules of
bot/services/money/ledger.py. Some groups have a lesson report for this month. Nothing is due yet: the
first write-off is this month's, on the 1st of the next (scripts/bench_jobs.py runs it).

Rows go in with bulk INSERTs of the models (`session.execute(insert(Model), rows)`); ids are given
explicitly, so the database must be empty (PostgreSQL sequences are moved past them at the end)."""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.catalogue import search
from bot.services.clock import Clock
from bot.services.money import billing
from bot.services.money.writeoffs import first_of
from bot.services.periods import school_year
from bot.services.rules import AGE_MAX, age_on, birthday, inn_with_check_digits
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import (
    Base,
    Certificate,
    CertificateKind,
    Child,
    Direction,
    Enrollment,
    EnrollmentStatus,
    Group,
    LedgerEntry,
    LedgerKind,
    LessonReport,
    Level,
    ModerationStatus,
    Municipality,
    Period,
    Program,
    ProgramFormat,
    Provider,
    ProviderKind,
    ProviderMembership,
    Register,
    User,
)

CHUNK = 20_000
PARENT_IDS = 100_000_000  # Telegram ids of the parents start here, the providers' staff at STAFF_IDS
STAFF_IDS = 90_000_000
FINANCING_SHARE = 0.6

MUNICIPALITIES = [
    "Андроповский", "Апанасенковский", "Арзгирский", "Благодарненский", "Будённовский", "Георгиевский",
    "Грачёвский", "Изобильненский", "Ипатовский", "Кировский", "Кочубеевский", "Красногвардейский",
    "Курский", "Левокумский", "Минераловодский", "Нефтекумский", "Новоалександровский",
    "Новоселицкий", "Петровский", "Предгорный", "Советский", "Степновский", "Труновский",
    "Туркменский", "Шпаковский", "Александровский",
]  # fmt: skip
TOPICS: dict[Direction, list[str]] = {
    Direction.TECHNICAL: ["Робототехника", "Программирование на Python", "3D-моделирование",
                          "Авиамоделирование", "Электроника и Arduino", "Компьютерная графика"],
    Direction.SCIENCE: ["Юный химик", "Экология родного края", "Астрономия", "Занимательная физика",
                        "Биология растений"],
    Direction.ARTS: ["Хореография", "Эстрадный вокал", "Изостудия", "Театральная студия",
                     "Гитара", "Декоративно-прикладное творчество"],
    Direction.SOCIAL: ["Английский язык", "Школа журналистики", "Волонтёрский отряд",
                       "Финансовая грамотность", "Психология общения"],
    Direction.TOURISM: ["Краеведение", "Спортивный туризм", "Музейное дело", "Юные экскурсоводы"],
    Direction.SPORT: ["Шахматы", "Футбол", "Дзюдо", "Плавание", "Лёгкая атлетика", "Волейбол"],
}  # fmt: skip
FLAVOURS = ["для начинающих", "«Старт»", "«Горизонт»", "«Траектория»", "продвинутый курс", "«Мастер»",
            "«Юниор»", "«Открытие»", "клуб", "студия"]  # fmt: skip
FIRST_NAMES = ["Александр", "Мария", "Иван", "Анна", "Дмитрий", "София", "Артём", "Виктория",
               "Михаил", "Полина", "Егор", "Алиса", "Никита", "Ева", "Кирилл", "Дарья"]  # fmt: skip
LAST_NAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Соколов",
              "Лебедев", "Козлов", "Новиков", "Морозов"]  # fmt: skip
REGISTERS = (
    [Register.CERTIFIED] * 4
    + [Register.SIGNIFICANT] * 2
    + [Register.GENERAL] * 3
    + [Register.PREPROFESSIONAL]
)
PROVIDER_KINDS = (
    [ProviderKind.MUNICIPAL] * 4 + [ProviderKind.STATE, ProviderKind.INDIVIDUAL] + [ProviderKind.NONSTATE] * 3
)
AGE_RANGES = [(5, 7), (5, 17), (6, 10), (7, 11), (7, 17), (8, 14), (10, 15), (11, 17), (12, 17), (14, 17)]
WEEKDAY_PAIRS = [(0, 2), (1, 3), (2, 4), (0, 3), (1, 4), (5, 6)]


def chunks(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _features(n: int) -> dict[str, Any]:
    """What families ask, spread without touching the random stream (the same region as before): a
    format in turn, every sixth program for ОВЗ, two in three with a trial lesson, and four in five at
    a point in Stavropol krai (43.8–45.8 N, 41.0–45.0 E)."""
    located = n % 5 != 4
    return {
        "format": list(ProgramFormat)[n % len(ProgramFormat)],
        "ovz_suited": n % 6 == 1,
        "ovz_adaptations": "пандус, малые группы" if n % 6 == 1 else "",
        "trial_lesson": n % 3 != 2,
        "latitude": 43.8 + (n * 7919 % 2000) / 1000 if located else None,
        "longitude": 41.0 + (n * 104729 % 4000) / 1000 if located else None,
    }


class Region:
    """The rows of every table, built in memory first (ids known in advance), then inserted."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
        self.period_start, self.period_end = school_year(today)
        self.rows: dict[type[Base], list[dict[str, Any]]] = defaultdict(list)

    def add(self, model: type[Base], **values: Any) -> int:
        rows = self.rows[model]
        values.setdefault("id", len(rows) + 1)
        rows.append(values)
        return int(values["id"])

    def municipalities(self, count: int) -> list[int]:
        ids = []
        for n in range(count):
            name = MUNICIPALITIES[n % len(MUNICIPALITIES)]
            if n >= len(MUNICIPALITIES):
                name += f" {n // len(MUNICIPALITIES) + 1}"
            mid = self.add(
                Municipality,
                name_ru=f"{name} округ",
                name_en=f"{name} district",
                office_ru="ул. Ленина, 1",
                created_at=self.now,
            )
            ids.append(mid)
        return ids

    def periods(
        self, municipality_ids: list[int], financing: dict[int, int], children: dict[int, int]
    ) -> None:
        for mid in municipality_ids:
            self.add(
                Period,
                municipality_id=mid,
                starts_on=self.period_start,
                ends_on=self.period_end,
                nominal_kopecks=self.rng.choice([2_500_000, 3_000_000, 3_500_000, 4_000_000]),
                financing_quota=financing[mid] + 500,
                child_population=int(children[mid] * 1.6),
                created_at=self.now,
            )

    def catalogue(self, municipality_ids: list[int], programs: int, groups: int) -> None:
        providers = max(programs // 8, 1)
        for n in range(providers):
            mid = self.rng.choice(municipality_ids)
            pid = self.add(
                Provider,
                name=f"Центр дополнительного образования № {n + 1}",
                inn=inn_with_check_digits(f"{260000000 + n:09d}"),
                kind=self.rng.choice(PROVIDER_KINDS),
                municipality_id=mid,
                created_at=self.now,
            )
            self.add(User, id=STAFF_IDS + n, locale="ru", created_at=self.now, last_seen_at=self.now)
            self.add(
                ProviderMembership, id=n + 1, user_id=STAFF_IDS + n, provider_id=pid, created_at=self.now
            )
        provider_rows = self.rows[Provider]
        for n in range(programs):
            provider = provider_rows[n % providers]
            paid = provider["kind"] in (ProviderKind.NONSTATE, ProviderKind.INDIVIDUAL)
            register = Register.CERTIFIED if paid else self.rng.choice(REGISTERS)
            direction = self.rng.choice(list(Direction))
            title = f"{self.rng.choice(TOPICS[direction])} {self.rng.choice(FLAVOURS)}"
            description = (
                f"Программа «{title}» для детей: занятия в группах, проекты и конкурсы. "
                f"Направленность: {direction.value}."
            )
            age_min, age_max = self.rng.choice(AGE_RANGES)
            price = self.rng.randrange(8, 36) * 10_000 if register is Register.CERTIFIED else 0
            # Some prices are above the normative cost: the family pays the difference.
            normative = price if self.rng.random() < 0.7 else price * 8 // 10 // 100 * 100
            self.add(
                Program,
                provider_id=provider["id"],
                external_code=f"P{n + 1}",
                municipality_id=provider["municipality_id"],
                title=title,
                description=description,
                address=f"ул. Мира, {n % 200 + 1}",
                direction=direction,
                level=self.rng.choice(list(Level)),
                age_min=age_min,
                age_max=age_max,
                register=register,
                price_kopecks=price,
                normative_cost_kopecks=normative,
                max_students=60,
                moderation=ModerationStatus.PUBLISHED,
                **_features(n),
                **search.program_terms(title, description, provider["name"]),
                created_at=self.now,
                updated_at=self.now,
            )
        program_rows = self.rows[Program]
        for n in range(groups):
            program = program_rows[n % programs]
            late = self.rng.random() < 0.2
            starts = self.period_start + timedelta(days=30) if late else self.period_start
            ends = date(self.period_end.year, 4 if late else 5, 30 if late else 31)
            days = self.rng.choice(WEEKDAY_PAIRS)
            hour = self.rng.randrange(14, 19)
            self.add(
                Group,
                program_id=program["id"],
                name=f"Группа {n // programs + 1}",
                schedule=[{"day": d, "start": f"{hour}:00", "end": f"{hour + 1}:30"} for d in days],
                weekdays=sum(1 << d for d in days),
                starts_on=starts,
                ends_on=ends,
                capacity=self.rng.randrange(12, 31),
                seats_taken=0,
                teacher="",
                created_at=self.now,
            )

    def families(self, municipality_ids: list[int], children: int) -> None:
        cert_numbers = self.rng.sample(range(10**9, 10**10), children)
        parent = PARENT_IDS
        left_for_parent = 0
        for n in range(children):
            if left_for_parent == 0:
                parent += 1
                left_for_parent = self.rng.choices([1, 2, 3], weights=[65, 28, 7])[0]
                municipality_id = self.rng.choice(municipality_ids)
                self.add(
                    User,
                    id=parent,
                    locale="ru",
                    consent_at=self.now - timedelta(days=90),
                    created_at=self.now,
                    last_seen_at=self.now,
                )
            left_for_parent -= 1
            age = self.rng.randrange(5, 18)
            born = self.today - timedelta(days=age * 365 + self.rng.randrange(1, 360))
            if age_on(born, self.today) >= AGE_MAX:  # leap years: still under 18 today
                born += timedelta(days=3)
            child_id = self.add(
                Child,
                parent_id=parent,
                last_name=self.rng.choice(LAST_NAMES),
                first_name=self.rng.choice(FIRST_NAMES),
                birth_date=born,
                municipality_id=municipality_id,
                created_at=self.now,
            )
            kind = (
                CertificateKind.FINANCING
                if self.rng.random() < FINANCING_SHARE
                else CertificateKind.ACCOUNTING
            )
            self.add(
                Certificate,
                number=str(cert_numbers[n]),
                child_id=child_id,
                municipality_id=municipality_id,
                kind=kind,
                issued_at=self.now - timedelta(days=80),
                valid_until=birthday(born, AGE_MAX),
                birth_year=born.year,
                created_at=self.now,
            )

    def credits(self) -> dict[int, int]:
        """Credit each financing certificate its period's nominal; returns the free balances."""
        periods = {p["municipality_id"]: p for p in self.rows[Period]}
        balances: dict[int, int] = {}
        for cert in self.rows[Certificate]:
            if cert["kind"] is CertificateKind.FINANCING:
                period = periods[cert["municipality_id"]]
                balances[cert["id"]] = period["nominal_kopecks"]
                self.add(
                    LedgerEntry,
                    key=f"credit:{cert['id']}:{period['id']}",
                    certificate_id=cert["id"],
                    kind=LedgerKind.CREDIT,
                    balance_delta=period["nominal_kopecks"],
                    reserve_delta=0,
                    period_id=period["id"],
                    created_at=self.now,
                )
        return balances

    def enrollments(self, count: int, balances: dict[int, int]) -> int:
        """Active paid enrollments confirmed this month, in certified groups of the child's age and
        municipality (or of the region when those are full). Returns how many were made."""
        programs = {p["id"]: p for p in self.rows[Program]}
        children = {c["id"]: c for c in self.rows[Child]}
        open_seats: dict[tuple[int | None, int], list[dict[str, Any]]] = defaultdict(list)
        for g in self.rows[Group]:
            program = programs[g["program_id"]]
            if program["register"] is Register.CERTIFIED:
                for age in range(program["age_min"], program["age_max"] + 1):
                    open_seats[(program["municipality_id"], age)].append(g)
                    open_seats[(None, age)].append(g)
        holders = [c for c in self.rows[Certificate] if c["kind"] is CertificateKind.FINANCING]
        self.rng.shuffle(holders)
        month_start = max(first_of(self.today), self.period_start)
        made = 0
        for cert in (holders * 3)[: count * 3]:
            if made == count:
                break
            child = children[cert["child_id"]]
            age = age_on(child["birth_date"], self.today)
            group = self._free_group(open_seats, child["municipality_id"], age)
            if group is None:
                continue
            program = programs[group["program_id"]]
            decided = datetime.combine(
                month_start + timedelta(days=self.rng.randrange((self.today - month_start).days + 1)),
                datetime.min.time(), tzinfo=UTC,
            ) + timedelta(hours=self.rng.randrange(6, 15))  # fmt: skip
            starts_on = max(decided.date(), group["starts_on"])
            ends_on = min(group["ends_on"], self.period_end)
            quote = billing.split(
                program["price_kopecks"],
                program["normative_cost_kopecks"],
                balances[cert["id"]],
                start=starts_on,
                end=ends_on,
            )
            if quote.blocked or quote.reserve_total <= 0:
                continue
            group["seats_taken"] += 1
            enrollment_id = self.add(
                Enrollment,
                child_id=child["id"],
                parent_id=child["parent_id"],
                group_id=group["id"],
                program_id=program["id"],
                provider_id=program["provider_id"],
                certificate_id=cert["id"],
                status=EnrollmentStatus.ACTIVE,
                decided_at=decided,
                decided_by=STAFF_IDS,
                starts_on=starts_on,
                ends_on=ends_on,
                certificate_part_kopecks=quote.certificate_monthly,
                family_part_kopecks=quote.family_monthly,
                created_at=decided - timedelta(days=1),
            )
            balances[cert["id"]] -= quote.reserve_total
            self.add(
                LedgerEntry,
                key=f"reserve:{enrollment_id}",
                certificate_id=cert["id"],
                kind=LedgerKind.RESERVE,
                balance_delta=-quote.reserve_total,
                reserve_delta=quote.reserve_total,
                enrollment_id=enrollment_id,
                provider_id=program["provider_id"],
                created_at=decided,
            )
            made += 1
        return made

    def _free_group(
        self, open_seats: dict[tuple[int | None, int], list[dict[str, Any]]], municipality_id: int, age: int
    ) -> dict[str, Any] | None:
        for where in (municipality_id, None):
            candidates = open_seats.get((where, age), [])
            while candidates:
                i = self.rng.randrange(len(candidates))
                group = candidates[i]
                if group["seats_taken"] < group["capacity"]:
                    return group
                candidates[i] = candidates[-1]  # full: drop it from this list
                candidates.pop()
        return None

    def lesson_reports(self) -> None:
        month = first_of(self.today)
        taught = {e["group_id"] for e in self.rows[Enrollment]}
        for group_id in sorted(taught):
            if self.rng.random() < 0.1:
                self.add(
                    LessonReport,
                    group_id=group_id,
                    month=month,
                    share_percent=self.rng.randrange(70, 101),
                    reported_by=STAFF_IDS,
                    created_at=self.now,
                )


# Parents before children before certificates…: the order the foreign keys need.
ORDER: list[type[Base]] = [
    Municipality, Period, User, Provider, ProviderMembership, Program, Group, Child, Certificate, Enrollment,
    LedgerEntry, LessonReport,
]  # fmt: skip


async def check_empty(session: AsyncSession) -> None:
    if await session.scalar(select(func.count()).select_from(Municipality)):
        raise SystemExit("the database is not empty: give a new file (or --force) or an empty database")


async def write(sessionmaker: async_sessionmaker[AsyncSession], region: Region, dialect: str) -> None:
    async with sessionmaker.begin() as session:
        await check_empty(session)
    for model in ORDER:
        started = time.perf_counter()
        rows = region.rows[model]
        for chunk in chunks(rows):
            async with sessionmaker.begin() as session:
                await session.execute(insert(model), chunk)
        print(f"  {model.__tablename__:<22} {len(rows):>8} rows  {time.perf_counter() - started:6.1f} s")
    if dialect == "postgresql":  # ids were given: move the sequences past them
        async with sessionmaker.begin() as session:
            for model in ORDER:
                table = model.__tablename__
                if model is not User:
                    await session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                        )
                    )
        async with sessionmaker() as session:  # fresh statistics, so the planner knows the sizes
            await session.execute(text("ANALYZE"))
            await session.commit()


def replace_file(path: Path, *, force: bool) -> None:
    if path.exists():
        if not force:
            raise SystemExit(f"{path} exists: give --force to replace it")
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="sqlite+aiosqlite:///data/region.db")
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=25_000)
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--enrollments", type=int, default=100_000)
    parser.add_argument("--municipalities", type=int, default=26)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="default: today in Moscow")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace an existing SQLite file")
    args = parser.parse_args()

    started = time.perf_counter()
    url = make_url(args.url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        replace_file(Path(url.database), force=args.force)
    await upgrade(args.url)
    migrated = time.perf_counter()

    clock = Clock()
    today = args.today or clock.today()
    region = Region(random.Random(args.seed), today)
    municipality_ids = region.municipalities(args.municipalities)
    region.catalogue(municipality_ids, args.programs, args.groups)
    region.families(municipality_ids, args.children)
    financing: dict[int, int] = defaultdict(int)
    children: dict[int, int] = defaultdict(int)
    for cert in region.rows[Certificate]:
        children[cert["municipality_id"]] += 1
        financing[cert["municipality_id"]] += cert["kind"] is CertificateKind.FINANCING
    region.periods(municipality_ids, financing, children)
    made = region.enrollments(args.enrollments, region.credits())
    region.lesson_reports()
    built = time.perf_counter()

    engine = create_engine(args.url)
    try:
        await write(create_sessionmaker(engine, clock), region, url.get_backend_name())
    finally:
        await engine.dispose()
    done = time.perf_counter()
    rows = region.rows
    print(
        f"region on {today} ({url.get_backend_name()}): {len(municipality_ids)} municipalities, "
        f"{len(rows[Provider])} providers, {len(rows[Program])} programs, {len(rows[Group])} groups, "
        f"{len(rows[Child])} children with certificates ({sum(financing.values())} financing), "
        f"{made} active paid enrollments, {len(rows[LedgerEntry])} ledger entries, "
        f"{len(rows[LessonReport])} lesson reports"
    )
    print(
        f"took {done - started:.1f} s: migrations {migrated - started:.1f} s, rows in memory "
        f"{built - migrated:.1f} s, inserts {done - built:.1f} s"
    )
    if made < args.enrollments:
        print(f"warning: only {made} of {args.enrollments} enrollments found a seat and the money")


if __name__ == "__main__":
    asyncio.run(main())
