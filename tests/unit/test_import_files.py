from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.catalogue import catalog
from bot.services.clock import FrozenClock
from bot.services.desk import imports, providers
from bot.services.errors import DomainError
from db.models import (
    AuditRecord,
    Group,
    ModerationStatus,
    Municipality,
    Program,
    ProgramFormat,
    Provider,
    ProviderState,
    Role,
)
from tests import factories as make
from tests.dates import year
from tests.factories import GROUP_HEADER, PROGRAM_HEADER, group_row, program_row, xlsx

STAFF = 7400


def staff(municipality: Municipality) -> imports.Importer:
    return imports.Importer(STAFF, Role.STAFF, municipality_ids=frozenset({municipality.id}))


async def counts(session: AsyncSession) -> tuple[int, int, int, int]:
    return (
        await session.scalar(select(func.count(Provider.id))) or 0,
        await session.scalar(select(func.count(Program.id))) or 0,
        await session.scalar(select(func.count(Group.id))) or 0,
        await session.scalar(select(func.count(AuditRecord.id))) or 0,
    )


async def test_the_template_imports_as_it_is(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    template = imports.template_xlsx(municipality.name_ru, clock.today())
    workbook = load_workbook(io.BytesIO(template))
    assert workbook.sheetnames == ["Поставщики", "Программы", "Группы", "Справка"]
    help_rows = list(workbook["Справка"].iter_rows(values_only=True))
    direction = next(r for r in help_rows if r[:3] == ("Программы", "Направленность", "direction"))
    assert direction[3] == "да" and "техническая (technical)" in str(direction[4])
    book = imports.read_book("import-template.xlsx", template)
    plan = await imports.plan(session, book, staff(municipality))
    assert plan.rejected == []
    assert [(i.sheet, i.existing) for i in plan.items] == [
        ("providers", None),
        ("programs", None),
        ("groups", None),
    ]

    applied = await imports.apply(session, book, staff(municipality), publish=False, now=clock.now())

    assert (applied.providers, applied.programs, applied.groups) == (1, 1, 1)
    logged = (
        await session.execute(select(AuditRecord.action, AuditRecord.actor_id, AuditRecord.details))
    ).all()
    assert sorted((a, actor) for a, actor, _ in logged) == [
        ("group.import_add", STAFF),
        ("program.import_add", STAFF),
        ("provider.import_add", STAFF),
    ]
    program = await session.scalar(select(Program))
    assert program is not None and program.moderation is ModerationStatus.PENDING
    assert (program.external_code, program.price_kopecks, program.municipality_id) == (
        "ROBO-1",
        150_000,
        municipality.id,
    )
    group = await session.scalar(select(Group))
    assert (
        group is not None
        and group.weekdays == 0b101
        and group.schedule[0] == {"day": 0, "start": "16:00", "end": "17:30"}
    )
    # The same file again changes nothing.
    again = await imports.plan(session, book, staff(municipality))
    assert (again.items, again.unchanged) == ([], 3)
    with pytest.raises(DomainError) as refused:
        await imports.apply(session, book, staff(municipality), publish=False, now=clock.now())
    assert refused.value.key == "import-nothing-to-do"


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("a.xlsx", b"PK\x03\x04 not really a zip", "import-not-spreadsheet"),
        ("photo.png", b"\x89PNG\r\n\x1a\n....", "import-not-spreadsheet"),
        ("a.csv", b"\x00\x01\x02binary", "import-not-spreadsheet"),
        ("a.xlsx", b"x" * (imports.MAX_FILE_BYTES + 1), "import-too-big"),
        ("a.xlsx", xlsx({"Программы": [PROGRAM_HEADER]}), "import-empty"),
        ("a.csv", b"", "import-empty"),
        ("a.xlsx", xlsx({"Программы": [["ИНН", "Цена"], ["7707083893", 1]]}), "import-bad-columns"),
        ("a.xlsx", xlsx({"Лист1": [PROGRAM_HEADER]}), "import-unknown-sheet"),
        ("a.xlsx", xlsx({"Программы": [[*PROGRAM_HEADER, "Код программы"]]}), "import-repeated-column"),
        (
            "a.xlsx",
            xlsx(
                {
                    "Группы": [GROUP_HEADER]
                    + [group_row("7707083893", name=str(n)) for n in range(imports.MAX_ROWS + 1)]
                }
            ),
            "import-too-many-rows",
        ),
    ],
)
def test_broken_files_are_refused_whole(name: str, content: bytes, key: str) -> None:
    with pytest.raises(DomainError) as refused:
        imports.read_book(name, content)
    assert refused.value.key == key


def test_wrong_columns_are_named() -> None:
    with pytest.raises(DomainError) as refused:
        imports.read_book("a.xlsx", xlsx({"Программы": [["ИНН поставщика", "Цвет"]]}))
    assert refused.value.args_["unknown"] == "Цвет"
    assert "Код программы" in refused.value.args_["missing"]


async def test_bad_values_and_duplicates_reject_rows_and_nothing_is_written(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    owner = await make.provider(session, municipality)
    await session.commit()
    before = await counts(session)
    inn = owner.inn
    content = xlsx(
        {
            "Поставщики": [
                [c.header_ru for c in imports.SHEETS["providers"]],
                ["7707083894", "Школа", "государственная", municipality.name_ru],  # row 2: checksum
                ["500100732259", "ИП Иванов", "municipal", municipality.name_ru],  # row 3: kind vs length
            ],
            "Программы": [
                PROGRAM_HEADER,
                program_row(inn),  # row 2: fine
                program_row(inn),  # row 3: duplicate of row 2
                program_row(inn, "A", age_min=4),  # row 4
                program_row(inn, "B", direction="кулинария"),  # row 5
                program_row(inn, "C", price_rub="полторы тысячи"),  # row 6
                program_row(inn, "D", age_min=12, age_max=8),  # row 7
                program_row("7707083893", "E"),  # row 8: unknown provider
                program_row(inn, "F", price_rub="10,005"),  # row 9: fractions of a kopeck
            ],
            "Группы": [
                GROUP_HEADER,
                group_row(inn, schedule="по понедельникам"),  # row 2
                group_row(inn, "NOPE"),  # row 3
                group_row(inn, capacity=0, name="Г2"),  # row 4
                group_row(inn, starts_on=f"31.02.{year(2026)}", name="Г3"),  # row 5
            ],
        }
    )
    book = imports.read_book("bad.xlsx", content)
    plan = await imports.plan(session, book, staff(municipality))

    found = {(r.sheet, r.row): r.key for r in plan.rejected}
    assert found == {
        ("providers", 2): "import-row-bad-inn",
        ("providers", 3): "import-row-inn-kind",
        ("programs", 3): "import-row-duplicate",
        ("programs", 4): "import-row-out-of-range",
        ("programs", 5): "import-row-bad-choice",
        ("programs", 6): "import-row-not-money",
        ("programs", 7): "import-row-age-order",
        ("programs", 8): "import-row-no-provider",
        ("programs", 9): "import-row-not-money",
        ("groups", 2): "import-row-bad-schedule",
        ("groups", 3): "import-row-no-program",
        ("groups", 4): "import-row-out-of-range",
        ("groups", 5): "import-row-not-date",
    }
    with pytest.raises(DomainError) as refused:
        await imports.apply(session, book, staff(municipality), publish=False, now=clock.now())
    assert refused.value.key == "import-changed-since-preview"
    await session.rollback()
    assert await counts(session) == before


async def test_a_provider_imports_only_its_own_programs(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    mine = await make.provider(session, municipality)
    theirs = await make.provider(session, municipality, name="Чужой")
    importer = imports.Importer(7500, Role.PROVIDER, provider_ids=frozenset({mine.id}))
    content = xlsx(
        {
            "Поставщики": [
                [c.header_ru for c in imports.SHEETS["providers"]],
                [mine.inn, "Новое имя", "municipal", municipality.name_ru],
            ],
            "Программы": [PROGRAM_HEADER, program_row(mine.inn), program_row(theirs.inn)],
        }
    )
    plan = await imports.plan(session, imports.read_book("p.xlsx", content), importer)
    assert {(r.sheet, r.row, r.key) for r in plan.rejected} == {
        ("providers", 2, "import-row-staff-only"),
        ("programs", 3, "import-row-not-yours"),
    }
    only_mine = xlsx({"Программы": [PROGRAM_HEADER, program_row(mine.inn)]})
    book = imports.read_book("p.xlsx", only_mine)
    # Asking to publish does not publish for a provider: programs wait for moderation.
    await imports.apply(session, book, importer, publish=True, now=clock.now())
    program = await session.scalar(select(Program))
    assert program is not None and program.provider_id == mine.id
    assert program.moderation is ModerationStatus.PENDING


async def test_changed_program_returns_to_moderation_unless_staff_publish(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    owner = await make.provider(session, municipality)
    program = await make.submitted_program(
        session, owner, moderation=ModerationStatus.PUBLISHED, external_code="ROBO-1"
    )
    first = await make.group(session, program, capacity=10, taken=6)
    content = xlsx(
        {
            "Программы": [PROGRAM_HEADER, program_row(owner.inn, title="Робототехника 2.0")],
            "Группы": [GROUP_HEADER, group_row(owner.inn, capacity=5)],
        }
    )
    book = imports.read_book("c.xlsx", content)
    plan = await imports.plan(session, book, staff(municipality))
    assert [(r.sheet, r.key, r.args) for r in plan.rejected] == [
        ("groups", "import-row-capacity-below-taken", {"taken": 6})
    ]
    fixed = imports.read_book(
        "c.xlsx",
        xlsx(
            {
                "Программы": [PROGRAM_HEADER, program_row(owner.inn, title="Робототехника 2.0")],
                "Группы": [GROUP_HEADER, group_row(owner.inn, capacity=14)],
            }
        ),
    )
    plan = await imports.plan(session, fixed, staff(municipality))
    assert [(i.sheet, i.existing is not None) for i in plan.items] == [("programs", True), ("groups", True)]
    await imports.apply(session, fixed, staff(municipality), publish=False, now=clock.now())
    await session.refresh(program)
    await session.refresh(first)
    assert (program.title, program.moderation) == ("Робототехника 2.0", ModerationStatus.PENDING)
    assert " робототехник " in program.search_terms  # found by the catalogue's word search
    assert (first.capacity, first.seats_taken) == (14, 6)

    republished = imports.read_book(
        "c.xlsx", xlsx({"Программы": [PROGRAM_HEADER, program_row(owner.inn, title="Роботы")]})
    )
    await imports.apply(session, republished, staff(municipality), publish=True, now=clock.now())
    await session.refresh(program)
    assert (program.title, program.moderation) == ("Роботы", ModerationStatus.PUBLISHED)


async def test_plan_is_checked_again_at_confirmation(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    owner = await make.provider(session, municipality)
    program = await make.submitted_program(session, owner, external_code="ROBO-1")
    group = await make.group(session, program, capacity=10, taken=2)
    book = imports.read_book("c.xlsx", xlsx({"Группы": [GROUP_HEADER, group_row(owner.inn, capacity=3)]}))
    assert (await imports.plan(session, book, staff(municipality))).rejected == []
    group.seats_taken = 4  # children enrolled between the preview and the confirmation
    await session.flush()
    with pytest.raises(DomainError) as refused:
        await imports.apply(session, book, staff(municipality), publish=False, now=clock.now())
    assert refused.value.key == "import-changed-since-preview"


async def test_csv_with_sections_semicolons_and_windows_encoding(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    inn = make.inn()
    lines = [
        "[Поставщики]",
        "ИНН;Наименование;Тип;Муниципалитет",
        f"{inn};Школа искусств;Муниципальная;{municipality.name_ru}",
        "",
        "[Программы]",
        ";".join(PROGRAM_HEADER),
        ";".join(str(v) for v in program_row(inn, price_rub="0")),
        "[groups]",
        "provider_inn;program_code;name;schedule;starts_on;ends_on;capacity",
        f"{inn};ROBO-1;Утро;Сб 10:00-11:00;{year(2026)}-09-01;{year(2027)}-05-31;8",
    ]
    content = "\r\n".join(lines).encode("cp1251")
    book = imports.read_book("export.csv", content)
    plan = await imports.plan(session, book, staff(municipality))
    assert plan.rejected == []
    applied = await imports.apply(session, book, staff(municipality), publish=False, now=clock.now())
    assert (applied.providers, applied.programs, applied.groups) == (1, 1, 1)
    group = await session.scalar(select(Group))
    assert group is not None and group.weekdays == 1 << 5


def test_a_csv_without_sections_is_recognised_by_its_header() -> None:
    content = (
        "\ufeff"
        + ",".join(GROUP_HEADER)
        + "\n"
        + ",".join(str(v) for v in group_row("7707083893", schedule="Вт 10:00-11:00"))
    ).encode()
    book = imports.read_book("groups.csv", content)
    assert list(book) == ["groups"] and book["groups"][0][0] == 2


async def test_staff_import_only_within_their_municipalities(
    session: AsyncSession, municipality: Municipality
) -> None:
    other = await make.municipality(session)
    foreign = await make.provider(session, other)
    content = xlsx(
        {
            "Поставщики": [
                [c.header_ru for c in imports.SHEETS["providers"]],
                [make.inn(), "Школа", "state", other.name_ru],
                [foreign.inn, "Переименую", "municipal", municipality.name_ru],
            ],
            "Программы": [PROGRAM_HEADER, program_row(foreign.inn)],
        }
    )
    plan = await imports.plan(session, imports.read_book("s.xlsx", content), staff(municipality))
    assert {(r.sheet, r.row, r.key) for r in plan.rejected} == {
        ("providers", 2, "import-row-bad-municipality"),
        ("providers", 3, "import-row-not-yours"),
        ("programs", 2, "import-row-not-yours"),
    }
    assert plan.items == []


async def test_published_import_is_found_in_the_catalogue_until_its_provider_is_suspended(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    book = imports.read_book("t.xlsx", imports.template_xlsx(municipality.name_ru, clock.today()))
    await imports.apply(session, book, staff(municipality), publish=True, now=clock.now())
    robotics = catalog.Filters(text="робототехнике", municipality_id=municipality.id)
    assert await catalog.count(session, robotics, clock.today()) == 1
    owner = await session.scalar(select(Provider))
    assert owner is not None
    await providers.set_state(
        session, actor_id=STAFF, scope={municipality.id}, provider_id=owner.id, state=ProviderState.SUSPENDED
    )
    assert await catalog.count(session, robotics, clock.today()) == 0


async def test_what_families_ask_is_imported_and_bad_values_are_named(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    owner = await make.provider(session, municipality)
    await session.commit()
    inn = owner.inn
    good = {
        "format": "Очно в школе",
        "ovz_suited": "да",
        "ovz_adaptations": "пандус, занятия в малой группе",
        "trial_lesson": "да",
        "latitude": "44,46",
        "longitude": "42.51",
    }
    rows = [
        PROGRAM_HEADER,
        program_row(inn, "OK", **good),  # row 2
        program_row(inn, "PLAIN"),  # row 3: the new columns empty
        program_row(inn, "A", format="заочно"),  # row 4
        program_row(inn, "B", latitude="44.46"),  # row 5: no longitude
        program_row(inn, "C", latitude="95", longitude="42.51"),  # row 6: out of range
        program_row(inn, "D", latitude="север", longitude="юг"),  # row 7
        program_row(inn, "E", ovz_adaptations="пандус"),  # row 8: adapted, but not marked for ОВЗ
        program_row(inn, "F", trial_lesson="может быть"),  # row 9
        program_row(inn, "G", ovz_suited="да", ovz_adaptations="x" * 301),  # row 10
        program_row(inn, "H", format="онлайн", latitude="44.46", longitude="42.51"),  # row 11
    ]
    book = imports.read_book("attrs.xlsx", xlsx({"Программы": rows}))
    plan = await imports.plan(session, book, staff(municipality))
    assert {r.row: (r.key, r.args) for r in plan.rejected} == {
        4: ("import-row-bad-choice", {"column": "format", "value": "заочно"}),
        5: ("import-row-bad-point", {"latitude": "44.46", "longitude": "—"}),
        6: ("import-row-bad-point", {"latitude": "95", "longitude": "42.51"}),
        7: ("import-row-bad-point", {"latitude": "север", "longitude": "юг"}),
        8: ("import-row-adaptations-without-ovz", {}),
        9: ("import-row-bad-choice", {"column": "trial_lesson", "value": "может быть"}),
        10: ("import-row-too-long", {"column": "ovz_adaptations", "max": 300}),
        11: ("import-row-online-point", {}),
    }
    fine = xlsx({"Программы": rows[:3]})
    book = imports.read_book("attrs.xlsx", fine)
    await imports.apply(session, book, staff(municipality), publish=True, now=clock.now())
    programs = {p.external_code: p for p in await session.scalars(select(Program))}
    ok, plain = programs["OK"], programs["PLAIN"]
    assert (ok.format, ok.ovz_suited, ok.ovz_adaptations, ok.trial_lesson) == (
        ProgramFormat.AT_SCHOOL,
        True,
        "пандус, занятия в малой группе",
        True,
    )
    assert (ok.latitude, ok.longitude) == (44.46, 42.51)
    assert (plain.format, plain.ovz_suited, plain.trial_lesson, plain.latitude) == (
        ProgramFormat.IN_PERSON,
        False,
        False,
        None,
    )
    # The same file again changes nothing: the new columns compare equal to what was stored.
    again = await imports.plan(session, imports.read_book("attrs.xlsx", fine), staff(municipality))
    assert (again.items, again.rejected) == ([], [])
