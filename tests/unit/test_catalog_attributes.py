"""What families ask for (format, ОВЗ, a trial lesson) as catalogue filters, and «Рядом со мной»: the
results nearest first, programs without a point last; the coordinates' rule."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import rules
from bot.services.catalogue import catalog, search
from bot.services.clock import FrozenClock
from bot.services.errors import DomainError
from db.models import Municipality, ProgramFormat
from tests import factories as make

KURSAVKA = (44.46, 42.51)


async def _titles(session: AsyncSession, f: catalog.Filters, clock: FrozenClock) -> list[str]:
    return [p.title for p in (await catalog.find(session, f, clock.today())).programs]


async def test_format_ovz_and_trial_filter_in_sql_and_can_be_relaxed(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    specs = {
        "Онлайн-шахматы": {"format": ProgramFormat.ONLINE, "trial_lesson": True},
        "Шахматы в школе": {
            "format": ProgramFormat.AT_SCHOOL,
            "ovz_suited": True,
            "ovz_adaptations": "пандус",
        },
        "Шахматы очно": {"trial_lesson": True, "ovz_suited": True},
        "Шахматы смешанные": {"format": ProgramFormat.MIXED},
    }
    for title, columns in specs.items():
        await make.group(session, await make.program(session, p, title=title, **columns))
    await session.commit()

    assert await _titles(session, catalog.Filters(format=ProgramFormat.ONLINE), clock) == ["Онлайн-шахматы"]
    assert await _titles(session, catalog.Filters(ovz=True), clock) == ["Шахматы в школе", "Шахматы очно"]
    assert await _titles(session, catalog.Filters(trial=True), clock) == ["Онлайн-шахматы", "Шахматы очно"]
    both = catalog.Filters(ovz=True, trial=True)
    assert await _titles(session, both, clock) == ["Шахматы очно"]
    assert await catalog.count(session, both, clock.today()) == 1
    # Nothing found: the page names the first filter whose removal finds something (ОВЗ is kept longest).
    at_school_on_trial = catalog.Filters(format=ProgramFormat.AT_SCHOOL, trial=True)
    assert (await catalog.find(session, at_school_on_trial, clock.today())).relax == "trial"
    mixed_for_ovz = catalog.Filters(format=ProgramFormat.MIXED, ovz=True, trial=True)
    assert (await catalog.find(session, mixed_for_ovz, clock.today())).relax == "format"
    assert catalog.Filters(format=ProgramFormat.MIXED, ovz=True).active() == ["format", "ovz"]


def test_filters_keep_their_new_fields_through_the_state() -> None:
    f = catalog.Filters(format=ProgramFormat.AT_SCHOOL, ovz=True, trial=True, near=KURSAVKA)
    assert catalog.Filters.from_dict(f.to_dict()) == f
    # JSON storage gives the point back as a list; a forged or broken one is ignored.
    assert catalog.Filters.from_dict({"near": [44.46, 42.51]}).near == KURSAVKA
    assert catalog.Filters.from_dict({"near": "там", "format": "teleport"}) == catalog.Filters()
    assert f.without("near").near is None and "near" not in f.active()


async def test_near_me_orders_by_distance_and_puts_programs_without_a_point_last(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    places = {
        "А далеко": (44.70, 42.90),  # ~40 km
        "Б рядом": (44.47, 42.52),  # ~1.4 km
        "В без точки": (None, None),
        "Г средне": (44.55, 42.60),  # ~12 km
    }
    for title, (latitude, longitude) in places.items():
        await make.group(
            session, await make.program(session, p, title=title, latitude=latitude, longitude=longitude)
        )
    await session.commit()

    assert await _titles(session, catalog.Filters(), clock) == list(places)  # title order without a point
    near = catalog.Filters(near=KURSAVKA)
    assert await _titles(session, near, clock) == ["Б рядом", "Г средне", "А далеко", "В без точки"]
    found = (await catalog.find(session, near, clock.today())).programs
    distances = [catalog.distance_km(KURSAVKA, program) for program in found]
    assert distances[-1] is None
    assert [round(d) for d in distances[:-1] if d is not None] == [1, 12, 41]


async def test_near_me_with_words_keeps_the_programs_with_every_word_first(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    p = await make.provider(session, municipality)
    far = await make.program(session, p, title="Шахматный клуб", latitude=45.0, longitude=43.0)
    close = await make.program(session, p, title="Клуб настольных игр", latitude=44.461, longitude=42.511)
    closest = await make.program(session, p, title="Шахматы у дома", latitude=44.46, longitude=42.51)
    for program in (far, close, closest):
        await make.group(session, program)
    await session.commit()
    near = catalog.Filters(text="шахматный клуб", near=KURSAVKA)
    # Both words first (only the far one has both), then the nearest of those with some.
    assert await _titles(session, near, clock) == ["Шахматный клуб", "Шахматы у дома", "Клуб настольных игр"]


def test_distance_is_haversine_in_kilometres() -> None:
    class At:
        latitude, longitude = 44.21, 43.135  # Mineralnye Vody

    assert catalog.distance_km(KURSAVKA, At()) == pytest.approx(56.0, abs=1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "point"),
    [
        ("55.75, 37.61", (55.75, 37.61)),
        ("55,75, 37,61", (55.75, 37.61)),
        ("55,75; 37,61", (55.75, 37.61)),
        ("44.46 42.51", (44.46, 42.51)),
        (" -33.8688, 151.2093 ", (-33.8688, 151.2093)),
        ("44.1234567, 42.1", (44.123457, 42.1)),
    ],
)
def test_coordinates_as_people_type_them(typed: str, point: tuple[float, float]) -> None:
    assert rules.coordinates(typed) == point


@pytest.mark.parametrize("typed", ["", "север", "55.75", "91, 10", "10, 181", "1e3, 2", "55.75, 37.61, 1"])
def test_coordinates_refused_say_what_is_expected(typed: str) -> None:
    with pytest.raises(DomainError) as refused:
        rules.coordinates(typed)
    assert refused.value.key == "rules-bad-coordinates"


def test_a_point_out_of_range_is_refused() -> None:
    with pytest.raises(DomainError):
        rules.point(float("nan"), 0)
    assert rules.point(-90, 180) == (-90, 180)


async def test_near_me_pages_from_a_circle_are_the_pages_of_the_whole_order(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    """Pages filled from a circle around the parent (`catalog.within`) and those that fall back to
    the whole sort read together as one order: nearest first, programs without a point last."""
    p = await make.provider(session, municipality)
    count = 3 * catalog.PAGE_SIZE + 2
    expected: list[str] = []
    for n in range(count):
        # Every third one to the east, the others north, from 0.5 km to ~70 km; titles against the order.
        step = 0.0045 * (n + 1) * (1 + n // 4)
        latitude, longitude = (44.46, 42.51 + step * 1.4) if n % 3 == 0 else (44.46 + step, 42.51)
        title = f"{count - n:02d} рядом"
        expected.append(title)
        await make.group(
            session, await make.program(session, p, title=title, latitude=latitude, longitude=longitude)
        )
    await make.group(session, await make.program(session, p, title="00 без точки"))
    await session.commit()
    near = catalog.Filters(near=KURSAVKA)
    titles: list[str] = []
    for page in range(4):
        titles += [
            program.title for program in (await catalog.find(session, near, clock.today(), page)).programs
        ]
    assert titles == [*expected, "00 без точки"]
    first = (await catalog.find(session, near, clock.today())).programs
    assert [round(catalog.distance_km(KURSAVKA, program) or 0, 1) for program in first[:2]] == [0.5, 1.0]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("шахматы онлайн", search.Question("шахматы", format="online")),
        ("танцы для детей с ОВЗ", search.Question("танцы", ovz=True)),
        ("рисование с пробным занятием 7 лет", search.Question("рисование", 7, trial=True)),
        ("online chess for children with SEN ovz", search.Question("chess", format="online", ovz=True)),
        ("free trial lesson", search.Question("free", trial=True)),
    ],
)
def test_a_question_names_the_format_ovz_and_a_trial_lesson(typed: str, read: search.Question) -> None:
    assert search.question(typed, {}, range(5, 19)) == read


async def test_typed_words_become_the_new_filters(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    f, read = await catalog.read_question(session, catalog.Filters(), "шахматы онлайн для детей с ОВЗ")
    assert read == ("format", "ovz")
    assert (f.text, f.format, f.ovz, f.trial) == ("шахматы", ProgramFormat.ONLINE, True, False)
