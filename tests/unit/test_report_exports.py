from __future__ import annotations

import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.desk import charts, exports
from db.models import (
    Certificate,
    CertificateKind,
    Child,
    Enrollment,
    EnrollmentStatus,
    Event,
    LedgerEntry,
    LedgerKind,
    Municipality,
    User,
)
from tests import dates
from tests import factories as make
from tests.dates import d, year

TZ = ZoneInfo("Europe/Moscow")
TODAY = d(2026, 11, 23)


def opened(tables: list[exports.Table]) -> dict[str, list[tuple[object, ...]]]:
    content = exports.to_xlsx(tables, lambda c: c.upper(), lambda s: s.title())
    workbook = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


async def seed(session: AsyncSession, municipality: Municipality) -> None:
    other = await make.municipality(session)
    session.add(User(id=7301))
    await session.flush()
    child = Child(
        parent_id=7301,
        last_name="Секретова",
        first_name="Анна",
        birth_date=d(2017, 3, 1),
        municipality_id=municipality.id,
    )
    session.add(child)
    await session.flush()
    cert = Certificate(
        number="0000000001",
        child_id=child.id,
        municipality_id=municipality.id,
        kind=CertificateKind.FINANCING,
        issued_at=dates.at(2026, 11, 1, 21),  # 00:00 on 2 November in Moscow
        valid_until=d(2035, 3, 1),
        birth_year=2017,
    )
    foreign = Certificate(
        number="0000000002",
        municipality_id=other.id,
        kind=CertificateKind.ACCOUNTING,
        issued_at=dates.at(2026, 11, 1),
        valid_until=d(2035, 3, 1),
        birth_year=2016,
    )
    session.add_all([cert, foreign])
    await session.flush()
    owner = await make.provider(session, municipality, name="Кванториум")
    program = await make.submitted_program(session, owner, title="Роботы")
    group = await make.group(session, program, taken=1)
    enrollment = Enrollment(
        child_id=child.id,
        group_id=group.id,
        program_id=program.id,
        provider_id=owner.id,
        certificate_id=cert.id,
        status=EnrollmentStatus.ACTIVE,
        certificate_part_kopecks=120_050,
        family_part_kopecks=29_950,
    )
    session.add(enrollment)
    await session.flush()
    for month, amount in ((d(2026, 9, 1), 120_050), (d(2026, 10, 1), 100_000), (d(2026, 10, 1), 1)):
        session.add(
            LedgerEntry(
                key=f"w:{month}:{amount}",
                certificate_id=cert.id,
                kind=LedgerKind.WRITEOFF,
                reserve_delta=-amount,
                enrollment_id=enrollment.id,
                provider_id=owner.id,
                month=month,
            )
        )
    session.add(
        LedgerEntry(key="credit", certificate_id=cert.id, kind=LedgerKind.CREDIT, balance_delta=10**6)
    )
    session.add(
        Event(
            municipality_id=municipality.id,
            title="Фестиваль",
            starts_at=dates.at(2026, 11, 28, 12),
            place="ДК",
        )
    )
    session.add(Event(municipality_id=other.id, title="Чужое", starts_at=dates.at(2026, 11, 28, 12)))
    await session.flush()


async def test_every_export_opens_with_the_expected_rows(
    session: AsyncSession, municipality: Municipality
) -> None:
    await seed(session, municipality)
    scope = {municipality.id}

    certs = opened([await exports.certificates(session, scope, TZ)])["Certificates"]
    assert certs[0][0] == "NUMBER" and len(certs) == 2
    assert certs[1][:4] == ("0000000001", "financing", "active", "Андроповский округ")
    assert certs[1][4].date() == d(2026, 11, 2)  # type: ignore[union-attr]
    assert certs[1][6] == 2017
    cells = {str(c) for row in certs for c in row}
    assert not any("Секретова" in c or "Анна" in c for c in cells)

    enrollments = opened([await exports.enrollments(session, scope, TZ)])["Enrollments"]
    assert len(enrollments) == 2
    assert enrollments[1][1:6] == ("Роботы", "Кванториум", "Группа 1", "0000000001", "active")
    assert Decimal(str(enrollments[1][10])) == Decimal("1200.50")

    writeoffs = opened([await exports.writeoffs(session, scope)])["Writeoffs"]
    assert writeoffs[1:] == [
        ("Кванториум", writeoffs[1][1], f"{year(2026)}-09", 1, 1200.5),
        ("Кванториум", writeoffs[1][1], f"{year(2026)}-10", 2, 1000.01),
    ]

    events = opened([await exports.events(session, scope, TZ)])["Events"]
    assert [row[1] for row in events[1:]] == ["Фестиваль"]

    yearly = opened(await exports.yearly(session, scope, TODAY, TZ))
    assert list(yearly) == [
        "Coverage",
        "Directions",
        "Statuses",
        "Decisions",
        "Wanted",
        "Filled",
        "Moved_Up",
        "Writeoffs",
    ]
    assert yearly["Coverage"][1][:3] == ("Андроповский округ", 1, 1000)
    assert ("technical", 1) in yearly["Directions"]
    assert yearly["Filled"][1][:4] == ("Роботы", "Кванториум", 1, 10)
    assert len(yearly["Writeoffs"]) == 3
    assert yearly["Moved_Up"][1] == ("all", 0)  # the one child attended one program


def test_coverage_chart_is_a_png_that_renders() -> None:
    chart = charts.CoverageChart(
        title="Охват",
        names=["Андроповский округ", "Соседний"],
        shares=[Decimal("5.50"), Decimal("0.02")],
        share_labels=["5,50 %", "0,02 %"],
        targets=[(Decimal(5), "цель 5 %"), (Decimal(27), "цель 27 %")],
        axis_label="%",
    )
    # the figures on the bars are written as the reader writes numbers, not as Python prints them
    assert [t.get_text() for t in charts.coverage_figure(chart).axes[0].texts] == ["5,50 %", "0,02 %"]
    png = charts.coverage_png(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    Image.open(io.BytesIO(png)).verify()
    with Image.open(io.BytesIO(png)) as image:
        assert image.size[0] > 0 and image.size[1] > 0
