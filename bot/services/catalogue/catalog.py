"""The public catalogue: which programs parents see, filtered and paged, and a program's card."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import rules
from bot.services.catalogue import search
from bot.services.errors import NotFound
from bot.services.paging import PAGE_SIZE, bounds
from db.models import (
    Direction,
    Group,
    ModerationStatus,
    Municipality,
    Program,
    ProgramFormat,
    Provider,
    ProviderState,
    Register,
    SearchSynonym,
)

FUNDING = ("free", "paid")  # budget-funded registers / the certified register
Point = tuple[float, float]  # (latitude, longitude) in degrees


@dataclass(frozen=True)
class Filters:
    direction: Direction | None = None
    age: int | None = None
    municipality_id: int | None = None
    funding: str | None = None  # one of FUNDING
    free_seats: bool = False
    weekday: int | None = None  # 0 = Monday
    text: str = ""
    format: ProgramFormat | None = None
    ovz: bool = False  # suited to children with disabilities (ОВЗ)
    trial: bool = False  # with a free trial lesson
    # «Рядом со мной»: where the parent is (a shared location). It orders the results by distance and
    # narrows nothing; it lives only in the search's state, as personal data must.
    near: Point | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Filters:
        data = data or {}
        direction, shape, near = data.get("direction"), data.get("format"), data.get("near")
        return cls(
            direction=Direction(direction) if direction else None,
            age=data.get("age"),
            municipality_id=data.get("municipality_id"),
            funding=data.get("funding") if data.get("funding") in FUNDING else None,
            free_seats=bool(data.get("free_seats")),
            weekday=data.get("weekday"),
            text=data.get("text") or "",
            format=ProgramFormat(shape) if shape in set(ProgramFormat) else None,
            ovz=bool(data.get("ovz")),
            trial=bool(data.get("trial")),
            near=(float(near[0]), float(near[1]))
            if isinstance(near, list | tuple) and len(near) == 2
            else None,
        )

    def active(self) -> list[str]:
        """Names of the filters that narrow the search, most specific first (relaxed in this order);
        `near` orders and is not among them."""
        names = [
            "text", "free_seats", "trial", "weekday", "format", "funding", "direction", "ovz", "age",
            "municipality_id",
        ]  # fmt: skip
        return [n for n in names if getattr(self, n) not in (None, "", False)]

    def without(self, name: str) -> Filters:
        """The same filters with `name` cleared (an unknown name changes nothing)."""
        defaults: dict[str, Any] = {f.name: f.default for f in fields(self)}
        return replace(self, **{name: defaults[name]}) if name in defaults else self


@dataclass(frozen=True)
class Page:
    programs: list[Program]
    page: int
    pages: int
    total: int
    relax: str | None = None  # when nothing is found: the filter whose removal finds something
    # When the words as typed found nothing and the catalogue's spelling of them («шахматы» for
    # «шахмоты») does: what was searched for instead.
    searched_for: str | None = None


def open_group(today: date) -> ColumnElement[bool]:
    """A group a parent can ask to join."""
    return and_(Group.enrollment_open.is_(True), Group.archived.is_(False), Group.ends_on >= today)


async def has_open_group(session: AsyncSession, program_id: int, today: date) -> bool:
    """Whether a published program shows in the catalogue: parents see programs with a group they can
    ask to join."""
    found = await session.scalar(
        select(Group.id).where(Group.program_id == program_id, open_group(today)).limit(1)
    )
    return found is not None


def active_provider() -> ColumnElement[bool]:
    # `IN` a list of active providers: read once per query rather than looked up for every program.
    return Program.provider_id.in_(select(Provider.id).where(Provider.state == ProviderState.ACTIVE))


def visible() -> ColumnElement[bool]:
    return and_(Program.moderation == ModerationStatus.PUBLISHED, active_provider())


def conditions(f: Filters, today: date, synonyms: search.Synonyms | None = None) -> list[ColumnElement[bool]]:
    """What a program must satisfy to be shown for `f` (any of its words: the programs with all of them
    come first, see `_rows`), cheapest first: SQLite tests the conditions in this order, so the
    program's own columns and the word list spare most lookups of providers and groups (half the time
    of a count)."""
    conditions = [Program.moderation == ModerationStatus.PUBLISHED]
    if f.direction is not None:
        conditions.append(Program.direction == f.direction)
    if f.age is not None:
        conditions += [Program.age_min <= f.age, Program.age_max >= f.age]
    if f.municipality_id is not None:
        conditions.append(Program.municipality_id == f.municipality_id)
    if f.funding == "paid":
        conditions.append(Program.register == Register.CERTIFIED)
    elif f.funding == "free":
        conditions.append(Program.register != Register.CERTIFIED)
    if f.format is not None:
        conditions.append(Program.format == f.format)
    if f.ovz:
        conditions.append(Program.ovz_suited.is_(True))
    if f.trial:
        conditions.append(Program.trial_lesson.is_(True))
    text = search.matches(Program.search_terms, f.text, synonyms, any_word=True)
    if text is not None:
        conditions.append(text)
    group_conditions = [Group.program_id == Program.id, open_group(today)]
    if f.free_seats:
        group_conditions.append(Group.seats_taken < Group.capacity)
    if f.weekday is not None:
        group_conditions.append(Group.weekdays.op("&")(1 << f.weekday) != 0)
    # `SELECT id`, not `SELECT *`: the probe then reads only the index ix_groups_catalogue.
    return [*conditions, active_provider(), select(Group.id).where(*group_conditions).exists()]


async def count(
    session: AsyncSession, f: Filters, today: date, synonyms: search.Synonyms | None = None
) -> int:
    """How many programs `f` finds (the panel's figure); its words widened by every synonym."""
    if synonyms is None and f.text:
        synonyms = await synonyms_of(session)
    found = select(func.count(Program.id)).where(*conditions(f, today, synonyms))
    return int(await session.scalar(found) or 0)


async def _any(session: AsyncSession, f: Filters, today: date, synonyms: search.Synonyms | None) -> bool:
    return (
        await session.scalar(select(Program.id).where(*conditions(f, today, synonyms)).limit(1)) is not None
    )


def has_free_seat(today: date) -> ColumnElement[bool]:
    free = select(Group.id).where(
        Group.program_id == Program.id, open_group(today), Group.seats_taken < Group.capacity
    )
    return free.exists()


EARTH_KM = 6371.0


def distance_km(near: Point, program: Program) -> float | None:
    """How far the program's place is from `near` (haversine, km); None when it has no place."""
    if program.latitude is None or program.longitude is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*near, program.latitude, program.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def _stretch(near: Point) -> float:
    """How much shorter a degree of longitude is than one of latitude where the parent is."""
    return max(math.cos(math.radians(near[0])), 0.01)


def _squared_degrees(near: Point) -> ColumnElement[Any]:
    """A program's squared equirectangular distance from `near`, in degrees of latitude: plain
    arithmetic (SQLite has no trigonometry by default), the cosine a constant computed here."""
    north = Program.latitude - near[0]
    east = (Program.longitude - near[1]) * _stretch(near)
    return north * north + east * east


def by_distance(near: Point) -> list[ColumnElement[Any]]:
    """The order of «Рядом со мной»: programs with a place first, nearest first by `_squared_degrees`.
    Close enough to rank places a region apart; the card shows the exact (haversine) distance."""
    return [Program.latitude.is_(None), _squared_degrees(near)]


KM_PER_DEGREE = 111.2  # of latitude (and of longitude at the equator)
# «Рядом со мной» looks for a page of the nearest programs within these radii first (km): a range of
# the index ix_programs_location instead of sorting the whole catalogue.
NEAR_RADII_KM = (5.0, 25.0, 100.0)


def within(near: Point, radius_km: float) -> list[ColumnElement[bool]]:
    """The programs at most `radius_km` from `near` by `by_distance`'s measure: a box on the index,
    then the circle. Everything outside is farther than anything inside, so when the circle holds a
    page, that page is exactly the page of the whole order."""
    latitude, longitude = near
    stretch, degrees = _stretch(near), radius_km / KM_PER_DEGREE
    return [
        Program.latitude.between(latitude - degrees, latitude + degrees),
        Program.longitude.between(longitude - degrees / stretch, longitude + degrees / stretch),
        _squared_degrees(near) <= degrees * degrees,
    ]


async def _nearest(
    session: AsyncSession, f: Filters, near: Point, today: date, offset: int, limit: int
) -> list[Program]:
    """A page of `f` (no words) nearest to `near` first: from the smallest circle that fills it, else
    from the whole sorted catalogue (a last page, or few programs with a point)."""
    order = [*by_distance(near), Program.title, Program.id]
    for radius in NEAR_RADII_KM:
        inside = select(Program).where(*conditions(f, today), *within(near, radius)).order_by(*order)
        rows = list((await session.scalars(inside.offset(offset).limit(limit))).unique())
        if len(rows) == limit:
            return rows
    everything = select(Program).where(*conditions(f, today)).order_by(*order)
    return list((await session.scalars(everything.offset(offset).limit(limit))).unique())


async def _rows(
    session: AsyncSession, f: Filters, today: date, offset: int, limit: int, synonyms: search.Synonyms | None
) -> tuple[list[Program], bool]:
    """A page of programs, and whether its first one has every word of the query. Without words, in
    title order: the index ix_programs_catalogue gives it without a sort. With words, by relevance:
    every word before some, in the title before elsewhere, a free seat before none, then bm25 /
    ts_rank (title above description above provider), then title: only the programs that match a
    word are sorted, never the catalogue. With `near`, the nearest first (see `by_distance`): after
    whether every word matches, before the rest of the order; only the programs found are sorted."""
    words = search.query_words(f.text, synonyms)
    if not words and f.near:
        return await _nearest(session, f, f.near, today, offset, limit), True
    nearest = by_distance(f.near) if f.near else []
    if not words:
        titled = select(Program).where(*conditions(f, today)).order_by(Program.title, Program.id)
        rows = await session.scalars(titled.offset(offset).limit(limit))
        return list(rows.unique()), True
    ranked = search.ranked(session.get_bind().dialect.name, Program.__table__, words)
    found = (
        select(Program, ranked.c.whole)
        .join(ranked, ranked.c.id == Program.id)
        .where(*conditions(f.without("text"), today))
        .order_by(
            ranked.c.whole.desc(),
            *nearest,
            ranked.c.in_title.desc(),
            has_free_seat(today).desc(),
            ranked.c.rank,
            Program.title,
            Program.id,
        )
    )
    result = (await session.execute(found.offset(offset).limit(limit))).unique().all()
    return [program for program, _ in result], bool(result and result[0][1])


async def find(session: AsyncSession, f: Filters, today: date, page: int = 0) -> Page:
    """One page of `f`; when no program has all its words, of the words the parent meant (a typo, the
    wrong keyboard layout) if that finds one, saying so."""
    synonyms = await synonyms_of(session) if f.text else None
    found, whole = await _find(session, f, today, page, synonyms)
    if whole or not f.text:
        return found
    meant = search.understood(f.text, await vocabulary(session), synonyms)
    if meant is None:
        return found
    instead, meant_whole = await _find(session, replace(f, text=meant), today, page, synonyms)
    return (
        replace(instead, searched_for=meant)
        if meant_whole or (not found.programs and instead.programs)
        else found
    )


async def as_typed(session: AsyncSession, f: Filters, today: date, page: int = 0) -> Page:
    """`find` without the typo and layout handling (the benchmark's reference)."""
    return (await _find(session, f, today, page, await synonyms_of(session) if f.text else None))[0]


# The staff's synonyms merged with the built-in ones per database, with the version they were read at.
_synonyms: dict[str, tuple[tuple[Any, ...], search.Synonyms]] = {}


async def synonyms_of(session: AsyncSession) -> search.Synonyms:
    """The synonyms a search widens its words with: read again only when staff added or removed one."""
    version = tuple(
        (await session.execute(select(func.count(SearchSynonym.id), func.max(SearchSynonym.id)))).one()
    )
    where = str(session.sync_session.get_bind().engine.url)
    cached = _synonyms.get(where)
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = await session.execute(select(SearchSynonym.word, SearchSynonym.synonym))
    merged = search.merged((word, synonym) for word, synonym in rows)
    _synonyms[where] = (version, merged)
    return merged


# The catalogue's words per database, with the version of the catalogue they were read from.
_vocabularies: dict[str, tuple[tuple[Any, ...], search.Vocabulary]] = {}


async def vocabulary(session: AsyncSession) -> search.Vocabulary:
    """The words of published programs, read again only when one was published, added or changed."""
    version = tuple(
        (
            await session.execute(
                select(func.count(Program.id), func.max(Program.id), func.max(Program.updated_at)).where(
                    visible()
                )
            )
        ).one()
    )
    where = str(session.sync_session.get_bind().engine.url)
    cached = _vocabularies.get(where)
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = await session.execute(select(Program.title, Program.description).where(visible()))
    words = search.Vocabulary.of(f"{title} {description or ''}" for title, description in rows)
    _vocabularies[where] = (version, words)
    return words


async def _find(
    session: AsyncSession, f: Filters, today: date, page: int, synonyms: search.Synonyms | None
) -> tuple[Page, bool]:
    """One page, and whether a program has every word (its first one does; taken as so on later
    pages). The first page is read with one row more than it shows: when that row is absent the page
    holds every result and needs no count. Later pages count first, to stay in range."""
    page = max(page, 0)
    if page == 0:
        rows, whole = await _rows(session, f, today, 0, PAGE_SIZE + 1, synonyms)
        if len(rows) <= PAGE_SIZE:
            if rows:
                return Page(rows, 0, 1, len(rows)), whole
            return Page([], 0, 0, 0, await _relax(session, f, today, synonyms)), False
        total = await count(session, f, today, synonyms)
        return Page(rows[:PAGE_SIZE], 0, bounds(0, total, PAGE_SIZE)[1], total), whole
    total = await count(session, f, today, synonyms)
    if total == 0:
        return Page([], 0, 0, 0, await _relax(session, f, today, synonyms)), False
    page, pages = bounds(page, total, PAGE_SIZE)
    rows, _ = await _rows(session, f, today, page * PAGE_SIZE, PAGE_SIZE, synonyms)
    return Page(rows, page, pages, total), True


async def _relax(
    session: AsyncSession, f: Filters, today: date, synonyms: search.Synonyms | None
) -> str | None:
    """The first active filter whose removal finds something (else the first one)."""
    active = f.active()
    for name in active:
        if await _any(session, f.without(name), today, synonyms):
            return name
    return active[0] if active else None


async def read_question(session: AsyncSession, f: Filters, text: str) -> tuple[Filters, tuple[str, ...]]:
    """A typed search («танцы 7 лет Курсавка», «шахматы онлайн для детей с ОВЗ») as filters where it
    can be (an age, a municipality, a direction, a format, ОВЗ, a trial lesson; see `search.question`)
    and words: `f` with them, and the names of the filters read."""
    municipalities = await session.scalars(select(Municipality))
    places = {
        m.id: search.place_stems(m.name_ru, m.name_en, offices=(m.office_ru, m.office_en))
        for m in municipalities
    }
    asked = search.question(text, places, range(rules.AGE_MIN, rules.AGE_MAX + 1))
    said: dict[str, Any] = {
        "age": asked.age,
        "municipality_id": asked.municipality_id,
        "direction": Direction(asked.direction) if asked.direction else None,
        "format": ProgramFormat(asked.format) if asked.format else None,
        "ovz": asked.ovz or None,
        "trial": asked.trial or None,
    }
    said = {name: value for name, value in said.items() if value is not None}
    return replace(f, text=asked.words, **said), tuple(said)


async def program_card(session: AsyncSession, program_id: int, today: date) -> tuple[Program, list[Group]]:
    """A published program of an active provider and its groups open for requests."""
    program = await session.scalar(select(Program).where(Program.id == program_id, visible()))
    if program is None:
        raise NotFound()
    groups = list(
        (
            await session.scalars(
                select(Group).where(Group.program_id == program.id, open_group(today)).order_by(Group.id)
            )
        ).unique()
    )
    return program, groups
