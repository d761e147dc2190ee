"""Import of providers, programs and groups from an XLSX or CSV file.

Three steps: `read_book` turns the file into plain rows (or refuses the whole file), `plan` validates
every row against the database and the actor's rights and says what would be added, changed or
rejected, `apply` writes a plan with no rejected rows in the caller's transaction (all or nothing).
The rows are kept between preview and confirmation and planned again at confirmation, so a change
made in between is seen."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.services import rules
from bot.services.accounts import audit
from bot.services.catalogue import search
from bot.services.errors import DomainError
from bot.services.rules import AGE_MAX, AGE_MIN, GROUP_LIMITS, PROGRAM_LIMITS, PROVIDER_NAME, Limit
from db.models import (
    Direction,
    Group,
    Level,
    ModerationStatus,
    Municipality,
    Program,
    ProgramFormat,
    Provider,
    ProviderKind,
    Register,
    Role,
)

MAX_FILE_MB = 2
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 5000
# A small XLSX can unpack into a huge sheet; cells beyond the template's width are not read.
MAX_COLUMNS = 40
AGES = Limit(AGE_MIN, AGE_MAX)
CODE = Limit(1, 64)

EnumT = TypeVar("EnumT", bound=StrEnum)
RawRow = tuple[int, dict[str, str]]  # (row number in the file, column -> text)
RawBook = dict[str, list[RawRow]]  # sheet -> rows; JSON-serialisable, kept in FSM data


@dataclass(frozen=True)
class Column:
    name: str  # the code name, also accepted as a header
    header_ru: str  # the header in the template
    required: bool = True


SHEETS: dict[str, tuple[Column, ...]] = {
    "providers": (
        Column("inn", "ИНН"),
        Column("name", "Наименование"),
        Column("kind", "Тип"),
        Column("municipality", "Муниципалитет"),
    ),
    "programs": (
        Column("provider_inn", "ИНН поставщика"),
        Column("code", "Код программы"),
        Column("title", "Название"),
        Column("description", "Описание", required=False),
        Column("address", "Адрес", required=False),
        Column("direction", "Направленность"),
        Column("level", "Уровень"),
        Column("age_min", "Возраст от"),
        Column("age_max", "Возраст до"),
        Column("register", "Реестр"),
        Column("duration_months", "Длительность, мес.", required=False),
        Column("hours_per_week", "Часов в неделю", required=False),
        Column("price_rub", "Цена в месяц, руб.", required=False),
        Column("normative_cost_rub", "Нормативная стоимость в месяц, руб.", required=False),
        Column("max_students", "Максимум обучающихся"),
        Column("needs_medical_certificate", "Нужна медицинская справка", required=False),
        Column("format", "Формат", required=False),
        Column("ovz_suited", "Подходит детям с ОВЗ", required=False),
        Column("ovz_adaptations", "Что адаптировано для детей с ОВЗ", required=False),
        Column("trial_lesson", "Бесплатное пробное занятие", required=False),
        Column("latitude", "Широта", required=False),
        Column("longitude", "Долгота", required=False),
    ),
    "groups": (
        Column("provider_inn", "ИНН поставщика"),
        Column("program_code", "Код программы"),
        Column("name", "Название группы"),
        Column("schedule", "Расписание"),
        Column("starts_on", "Начало занятий"),
        Column("ends_on", "Окончание занятий"),
        Column("capacity", "Мест"),
        Column("teacher", "Педагог", required=False),
    ),
}
SHEET_NAMES_RU = {"providers": "Поставщики", "programs": "Программы", "groups": "Группы"}
HELP_SHEET = "Справка"

# Values are accepted as the English code name or in Russian (case-insensitive).
ALIASES: dict[type, dict[str, str]] = {
    ProviderKind: {
        "муниципальная": "municipal",
        "муниципальный": "municipal",
        "государственная": "state",
        "государственный": "state",
        "негосударственная": "nonstate",
        "негосударственный": "nonstate",
        "ип": "individual",
        "индивидуальный предприниматель": "individual",
    },
    Direction: {
        "техническая": "technical",
        "естественнонаучная": "science",
        "художественная": "arts",
        "социально-гуманитарная": "social",
        "социально-педагогическая": "social",
        "туристско-краеведческая": "tourism",
        "физкультурно-спортивная": "sport",
    },
    Level: {"ознакомительный": "introductory", "базовый": "basic", "продвинутый": "advanced"},
    Register: {
        "сертифицированные": "certified",
        "сертифицированная": "certified",
        "значимые": "significant",
        "значимая": "significant",
        "общеразвивающие": "general",
        "общеразвивающая": "general",
        "предпрофессиональные": "preprofessional",
        "предпрофессиональная": "preprofessional",
    },
    ProgramFormat: {
        "очно": "in_person",
        "очный": "in_person",
        "очно в школе": "at_school",
        "в школе": "at_school",
        "онлайн": "online",
        "дистанционно": "online",
        "очно и онлайн": "mixed",
        "смешанный": "mixed",
    },
}
YES = {"да", "yes", "true", "1", "+"}
NO = {"нет", "no", "false", "0", "-", ""}


# ---- reading the file ----------------------------------------------------------------------------


def _sheet_for(name: str) -> str | None:
    lowered = name.strip().lower()
    for sheet, ru in SHEET_NAMES_RU.items():
        if lowered in (sheet, ru.lower(), f"[{sheet}]", f"[{ru.lower()}]"):
            return sheet
    return None


def _header_map(sheet: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for column in SHEETS[sheet]:
        names[column.name] = column.name
        names[column.header_ru.lower()] = column.name
    return names


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _table(sheet: str, rows: list[tuple[int, list[str]]]) -> list[RawRow]:
    """The first non-empty row is the header; check it and turn the rest into column -> text."""
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        return []
    _, header = rows[0]
    names = _header_map(sheet)
    columns: list[str | None] = []
    unknown = []
    for cell in header:
        name = names.get(cell.strip().lower()) if cell.strip() else None
        if cell.strip() and name is None:
            unknown.append(cell)
        columns.append(name)
    missing = [c.header_ru for c in SHEETS[sheet] if c.required and c.name not in columns]
    if unknown or missing:
        raise DomainError(
            "import-bad-columns",
            sheet=SHEET_NAMES_RU[sheet],
            unknown=", ".join(unknown) or "—",
            missing=", ".join(missing) or "—",
        )
    if len([c for c in columns if c]) != len({c for c in columns if c}):
        raise DomainError("import-repeated-column", sheet=SHEET_NAMES_RU[sheet])
    table: list[RawRow] = []
    for number, cells in rows[1:]:
        values = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(columns) if name}
        table.append((number, values))
    return table


def _read_xlsx(content: bytes) -> dict[str, list[tuple[int, list[str]]]]:
    # openpyxl (and the numpy it pulls in) is loaded on the first import file, not at the bot's start
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DomainError("import-not-spreadsheet") from error
    sheets: dict[str, list[tuple[int, list[str]]]] = {}
    try:
        for ws in workbook.worksheets:
            if ws.title.strip().lower() == HELP_SHEET.lower():
                continue
            sheet = _sheet_for(ws.title)
            if sheet is None:
                raise DomainError("import-unknown-sheet", name=ws.title)
            rows: list[tuple[int, list[str]]] = []
            for number, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
                rows.append((number, [_cell_text(v) for v in values]))
                if number > MAX_ROWS + 1:
                    raise DomainError("import-too-many-rows", max=MAX_ROWS)
            sheets[sheet] = rows
    finally:
        workbook.close()
    return sheets


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        raise DomainError("import-not-spreadsheet")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("import-not-spreadsheet")


def _read_csv(content: bytes) -> dict[str, list[tuple[int, list[str]]]]:
    """One table, or several: a line "[programs]" (or "[Программы]") starts a section, its header next.
    Without markers the section is recognised by its header."""
    text = _decode(content)
    # Russian Excel writes ";", others ","; the most frequent candidate in the first lines wins.
    sample = text[:4096]
    delimiter = max(";,\t", key=sample.count)
    sheets: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [" ".join(c.split()) for c in cells]
        if number > MAX_ROWS + 1:
            raise DomainError("import-too-many-rows", max=MAX_ROWS)
        if not any(cells):
            continue
        filled = [c for c in cells if c]
        if len(filled) == 1 and filled[0].startswith("[") and (marker := _sheet_for(filled[0])):
            current = marker
            sheets.setdefault(current, [])
            continue
        if current is None:
            current = _guess_sheet(cells)
            sheets.setdefault(current, [])
        sheets[current].append((number, cells))
    return sheets


def _guess_sheet(header: list[str]) -> str:
    given = {c.strip().lower() for c in header if c.strip()}
    best = max(SHEETS, key=lambda sheet: len(given & set(_header_map(sheet))))
    if not given & set(_header_map(best)):
        raise DomainError("import-no-header")
    return best


def read_book(filename: str, content: bytes) -> RawBook:
    """The file's rows per sheet, or a DomainError that refuses the whole file."""
    if len(content) > MAX_FILE_BYTES:
        raise DomainError("import-too-big", max_mb=MAX_FILE_MB)
    lowered = filename.lower()
    if lowered.endswith(".xlsx") or content[:2] == b"PK":
        raw = _read_xlsx(content)
    elif lowered.endswith(".csv"):
        raw = _read_csv(content)
    else:
        raise DomainError("import-not-spreadsheet")
    book = {sheet: _table(sheet, rows) for sheet, rows in raw.items()}
    total = sum(len(rows) for rows in book.values())
    if total == 0:
        raise DomainError("import-empty")
    if total > MAX_ROWS:
        raise DomainError("import-too-many-rows", max=MAX_ROWS)
    return book


# ---- validating values ---------------------------------------------------------------------------


class RowError(Exception):
    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def _required(values: dict[str, str], name: str) -> str:
    text = values.get(name, "").strip()
    if not text:
        raise RowError("import-row-required", column=name)
    return text


def _text(values: dict[str, str], name: str, limit: Limit, required: bool = True) -> str:
    """Visible text within the field's limits (rules.py, as the forms); empty when not required."""
    if not required and not values.get(name, "").strip():
        return ""
    text = rules.visible(_required(values, name) if required else values[name])
    if len(text) > limit.high:
        raise RowError("import-row-too-long", column=name, max=limit.high)
    if len(text) < limit.low or not rules.is_meaningful(text):
        raise RowError("import-row-bad-text", column=name, min=limit.low, max=limit.high)
    return text


def _int(values: dict[str, str], name: str, limit: Limit, default: int | None = None) -> int:
    text = values.get(name, "").strip()
    if not text and default is not None:
        return default
    number = rules.to_whole(text)
    if number is None:
        raise RowError("import-row-not-number", column=name, value=text[:40] or "—")
    if not limit.low <= number <= limit.high:
        raise RowError("import-row-out-of-range", column=name, low=limit.low, high=limit.high)
    return number


def _enum(values: dict[str, str], name: str, enum: type[EnumT], default: EnumT | None = None) -> EnumT:
    if default is not None and not values.get(name, "").strip():
        return default
    text = " ".join(_required(values, name).lower().split())
    code = ALIASES.get(enum, {}).get(text, text)
    try:
        return enum(code)
    except ValueError:
        raise RowError("import-row-bad-choice", column=name, value=text) from None


def _kopecks(values: dict[str, str], name: str) -> int:
    """Rubles as written in a sheet ("1500", "1 500,50") to kopecks, exactly (rules.to_kopecks)."""
    text = values.get(name, "").strip()
    if not text:
        return 0
    kopecks = rules.to_kopecks(text)
    if kopecks is None:
        raise RowError("import-row-not-money", column=name, value=text[:40])
    return kopecks


def _bool(values: dict[str, str], name: str) -> bool:
    text = values.get(name, "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise RowError("import-row-bad-choice", column=name, value=text)


def _point(values: dict[str, str]) -> tuple[float | None, float | None]:
    """«Широта» and «Долгота» in degrees («44.46» or «44,46»): both or neither, in range (rules.point)."""
    texts = [values.get(name, "").strip() for name in ("latitude", "longitude")]
    if not any(texts):
        return None, None
    latitude, longitude = (rules.to_degrees(text) for text in texts)
    if latitude is None or longitude is None:
        raise RowError("import-row-bad-point", latitude=texts[0] or "—", longitude=texts[1] or "—")
    try:
        return rules.point(latitude, longitude)
    except DomainError:
        raise RowError("import-row-bad-point", latitude=texts[0], longitude=texts[1]) from None


def _date(values: dict[str, str], name: str, today: date | None) -> date:
    text = _required(values, name)
    day = rules.to_date(text)
    if day is None:
        raise RowError("import-row-not-date", column=name, value=text[:40])
    if today is not None and not rules.in_window(day, today):
        first, last = rules.date_window(today)
        raise RowError("import-row-date-window", column=name, first=first.year, last=last.year)
    return day


def _schedule(values: dict[str, str]) -> list[dict[str, Any]]:
    """The form's schedule parser (rules.schedule): the same days, times and length limit."""
    try:
        return rules.schedule(_required(values, "schedule"))
    except DomainError as error:
        raise RowError("import-row-bad-schedule", value=str(error.args_.get("value", ""))[:40]) from None


# ---- planning ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Importer:
    """Who imports: staff within their municipalities, or a provider's employee for its own programs."""

    actor_id: int
    role: Role
    municipality_ids: frozenset[int] = frozenset()
    provider_ids: frozenset[int] = frozenset()

    def may_manage(self, provider: Provider) -> bool:
        if self.role is Role.STAFF:
            return provider.municipality_id in self.municipality_ids
        return provider.id in self.provider_ids


@dataclass
class Rejected:
    sheet: str
    row: int
    key: str
    args: dict[str, Any]


@dataclass
class Item:
    """One row that will be written: `existing` is None for an addition."""

    sheet: str
    row: int
    values: dict[str, Any]
    existing: Any = None
    key: tuple[str, ...] = ()
    parent: Any = None  # the provider (of a program) or program (of a group): a model or a planned Item
    written: Any = None  # the model written for this row, once applied


@dataclass
class Plan:
    items: list[Item] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    unchanged: int = 0

    def count(self, sheet: str, added: bool) -> int:
        return sum(1 for i in self.items if i.sheet == sheet and (i.existing is None) == added)

    @property
    def has_programs(self) -> bool:
        return any(i.sheet == "programs" for i in self.items)


def _differs(existing: Any, values: dict[str, Any]) -> bool:
    return any(getattr(existing, k) != v for k, v in values.items())


class _Planner:
    def __init__(self, session: AsyncSession, importer: Importer, today: date | None) -> None:
        self.session = session
        self.importer = importer
        self.today = today  # dates outside rules.date_window(today) are refused
        self.plan = Plan()
        self.providers: dict[str, Provider | Item] = {}  # inn -> existing provider or planned row
        self.programs: dict[tuple[str, str], Program | Item] = {}
        self.stored_programs: dict[int, dict[str, Program]] = {}  # provider id -> code -> program
        self.municipalities: dict[str, Municipality] = {}

    async def run(self, book: RawBook) -> Plan:
        for municipality in await self.session.scalars(select(Municipality)):
            self.municipalities[municipality.name_ru.lower()] = municipality
            self.municipalities[municipality.name_en.lower()] = municipality
        for sheet, handler in (
            ("providers", self._provider),
            ("programs", self._program),
            ("groups", self._group),
        ):
            seen: dict[tuple[str, ...], int] = {}
            for number, values in book.get(sheet, []):
                await self._row(sheet, number, values, seen, handler)
        return self.plan

    async def _row(
        self,
        sheet: str,
        number: int,
        values: dict[str, str],
        seen: dict[tuple[str, ...], int],
        handler: Callable[[dict[str, str]], Awaitable[Item | None]],
    ) -> None:
        try:
            item = await handler(values)
            if item is None:
                self.plan.unchanged += 1
                return
            first = seen.get(item.key)
            if first is not None:
                raise RowError("import-row-duplicate", first=first)
            seen[item.key] = number
            item.sheet, item.row = sheet, number
            self.plan.items.append(item)
        except RowError as error:
            self.plan.rejected.append(Rejected(sheet, number, error.key, error.args_))

    async def _provider_by_inn(self, inn: str) -> Provider | Item:
        known = self.providers.get(inn)
        if known is None:
            known = await self.session.scalar(select(Provider).where(Provider.inn == inn))
            if known is None:
                raise RowError("import-row-no-provider", inn=inn)
            self.providers[inn] = known
        if isinstance(known, Provider) and not self.importer.may_manage(known):
            raise RowError("import-row-not-yours", inn=inn)
        return known

    async def _stored_program(self, owner: Provider | Item, code: str) -> Program | None:
        """A program already in the database; one query per provider, groups included."""
        if not isinstance(owner, Provider):
            return None
        if owner.id not in self.stored_programs:
            rows = await self.session.scalars(
                select(Program)
                .where(Program.provider_id == owner.id, Program.external_code.is_not(None))
                .options(selectinload(Program.groups))
            )
            self.stored_programs[owner.id] = {p.external_code: p for p in rows if p.external_code}
        return self.stored_programs[owner.id].get(code)

    async def _provider(self, values: dict[str, str]) -> Item | None:
        if self.importer.role is not Role.STAFF:
            raise RowError("import-row-staff-only")
        inn = rules.clean_inn(_required(values, "inn"))
        kind = _enum(values, "kind", ProviderKind)
        if not rules.is_valid_inn(inn):
            raise RowError("import-row-bad-inn", inn=inn)
        if not rules.inn_fits_kind(inn, kind):
            raise RowError("import-row-inn-kind", inn=inn)
        municipality = self.municipalities.get(_required(values, "municipality").lower())
        if municipality is None or municipality.id not in self.importer.municipality_ids:
            raise RowError("import-row-bad-municipality", value=values["municipality"])
        name = _text(values, "name", PROVIDER_NAME)
        fields = {"name": name, "kind": kind, "municipality_id": municipality.id}
        existing = await self.session.scalar(select(Provider).where(Provider.inn == inn))
        if existing is not None and not self.importer.may_manage(existing):
            raise RowError("import-row-not-yours", inn=inn)
        item = Item("providers", 0, {"inn": inn, **fields}, existing, (inn,))
        if inn not in self.providers:  # a duplicate row must not replace the first one
            self.providers[inn] = existing or item
        if existing is not None and not _differs(existing, fields):
            return None
        return item

    async def _program(self, values: dict[str, str]) -> Item | None:
        inn = rules.clean_inn(_required(values, "provider_inn"))
        code = _text(values, "code", CODE)
        owner = await self._provider_by_inn(inn)
        age_min = _int(values, "age_min", AGES)
        age_max = _int(values, "age_max", AGES)
        if age_min > age_max:
            raise RowError("import-row-age-order")
        limits = PROGRAM_LIMITS
        fields: dict[str, Any] = {
            "title": _text(values, "title", limits["title"]),
            "description": _text(values, "description", limits["description"], required=False),
            "address": _text(values, "address", limits["address"], required=False),
            "direction": _enum(values, "direction", Direction),
            "level": _enum(values, "level", Level),
            "age_min": age_min,
            "age_max": age_max,
            "register": _enum(values, "register", Register),
            "duration_months": _int(values, "duration_months", limits["duration_months"], default=9),
            "hours_per_week": _int(values, "hours_per_week", limits["hours_per_week"], default=2),
            "price_kopecks": _kopecks(values, "price_rub"),
            "normative_cost_kopecks": _kopecks(values, "normative_cost_rub"),
            "max_students": _int(values, "max_students", limits["max_students"]),
            "needs_medical_certificate": _bool(values, "needs_medical_certificate"),
            "format": _enum(values, "format", ProgramFormat, default=ProgramFormat.IN_PERSON),
            "ovz_suited": _bool(values, "ovz_suited"),
            "ovz_adaptations": _text(values, "ovz_adaptations", limits["ovz_adaptations"], required=False),
            "trial_lesson": _bool(values, "trial_lesson"),
        }
        if fields["ovz_adaptations"] and not fields["ovz_suited"]:
            raise RowError("import-row-adaptations-without-ovz")
        fields["latitude"], fields["longitude"] = _point(values)
        if fields["format"] is ProgramFormat.ONLINE and fields["latitude"] is not None:  # as the form
            raise RowError("import-row-online-point")
        existing = await self._stored_program(owner, code)
        item = Item("programs", 0, {"code": code, **fields}, existing, (inn, code), parent=owner)
        self.programs.setdefault((inn, code), existing or item)
        if existing is not None and not _differs(existing, fields):
            return None
        return item

    async def _group(self, values: dict[str, str]) -> Item | None:
        inn = rules.clean_inn(_required(values, "provider_inn"))
        code = _required(values, "program_code")
        name = _text(values, "name", GROUP_LIMITS["name"])
        program = self.programs.get((inn, code))
        if program is None:
            program = await self._stored_program(await self._provider_by_inn(inn), code)
            if program is None:
                raise RowError("import-row-no-program", code=code)
            self.programs[(inn, code)] = program
        schedule = _schedule(values)
        starts_on = _date(values, "starts_on", self.today)
        ends_on = _date(values, "ends_on", self.today)
        if starts_on > ends_on:
            raise RowError("import-row-date-order")
        fields: dict[str, Any] = {
            "schedule": schedule,
            "weekdays": rules.weekdays_mask(schedule),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "capacity": _int(values, "capacity", GROUP_LIMITS["capacity"]),
            "teacher": _text(values, "teacher", GROUP_LIMITS["teacher"], required=False),
        }
        max_students = program.values["max_students"] if isinstance(program, Item) else program.max_students
        if max_students and fields["capacity"] > max_students:  # as the provider's group form
            raise RowError("import-row-capacity-too-big", max=max_students)
        existing = None
        if isinstance(program, Program):
            existing = next((g for g in program.groups if g.name == name), None)
        if existing is not None and fields["capacity"] < existing.seats_taken:
            raise RowError("import-row-capacity-below-taken", taken=existing.seats_taken)
        item = Item("groups", 0, {"name": name, **fields}, existing, (inn, code, name), parent=program)
        if existing is not None and not _differs(existing, fields):
            return None
        return item


async def plan(session: AsyncSession, book: RawBook, importer: Importer, today: date | None = None) -> Plan:
    return await _Planner(session, importer, today).run(book)


# ---- applying ------------------------------------------------------------------------------------


@dataclass
class Applied:
    providers: int = 0
    programs: int = 0
    groups: int = 0


async def apply(
    session: AsyncSession, book: RawBook, importer: Importer, *, publish: bool, now: datetime
) -> Applied:
    """Plan again and write everything, or raise DomainError and write nothing. Programs go to moderation
    unless staff chose to publish them."""
    result = await plan(session, book, importer, now.date())
    if result.rejected:
        raise DomainError("import-changed-since-preview", rejected=len(result.rejected))
    if not result.items:
        raise DomainError("import-nothing-to-do")
    moderation = (
        ModerationStatus.PUBLISHED if publish and importer.role is Role.STAFF else ModerationStatus.PENDING
    )
    # Sheet by sheet, one flush each: programs need their providers' ids, groups their programs'.
    for sheet in SHEETS:
        for item in result.items:
            if item.sheet == sheet:
                item.written = _write(item, moderation, now)
                session.add(item.written)
        await session.flush()
    for item in result.items:
        _audit(session, importer, item, moderation)
    await session.flush()
    return Applied(
        providers=sum(1 for i in result.items if i.sheet == "providers"),
        programs=sum(1 for i in result.items if i.sheet == "programs"),
        groups=sum(1 for i in result.items if i.sheet == "groups"),
    )


def _model(ref: Any) -> Any:
    """A parent that was itself a row of this file is the model written for that row."""
    return ref.written if isinstance(ref, Item) else ref


def _write(item: Item, moderation: ModerationStatus, now: datetime) -> Any:
    values = dict(item.values)
    target: Any
    if item.sheet == "providers":
        target = item.existing or Provider()
    elif item.sheet == "programs":
        owner = _model(item.parent)
        target = item.existing or Program(
            provider_id=owner.id, municipality_id=owner.municipality_id, external_code=values["code"]
        )
        del values["code"]
        values.update(
            moderation=moderation,
            moderation_note=None,
            updated_at=now,
            **search.program_terms(values["title"], values["description"], owner.name),
        )
    else:
        target = item.existing or Group(program_id=_model(item.parent).id)
    for key, value in values.items():
        setattr(target, key, value)
    return target


def _audit(session: AsyncSession, importer: Importer, item: Item, moderation: ModerationStatus) -> None:
    object_type = item.sheet.removesuffix("s")
    details = {"moderation": moderation.value} if item.sheet == "programs" else {}
    audit.add(
        session,
        actor_id=importer.actor_id,
        actor_role=importer.role,
        action=f"{object_type}.import_{'add' if item.existing is None else 'change'}",
        object_type=object_type,
        object_id=item.written.id,
        row=item.row,
        **details,
    )


# ---- the template --------------------------------------------------------------------------------

# The template is a Russian-format document (the headers are also what `read_book` accepts), so its
# notes are kept here next to the columns they describe rather than in the bot's message catalogue.
NOTES = {
    "inn": "10 цифр для организации, 12 — для ИП; контрольные цифры проверяются",
    "provider_inn": "ИНН поставщика из листа «Поставщики» или уже известного боту",
    "code": "ваш код программы, уникальный у поставщика; по нему программа обновляется",
    "program_code": "код программы из листа «Программы» или уже загруженной",
    "age_min": f"целое число от {AGE_MIN} до {AGE_MAX}",
    "age_max": f"целое число от {AGE_MIN} до {AGE_MAX}, не меньше «Возраст от»",
    "price_rub": "рубли, можно с копейками: 1500 или 1500,50",
    "normative_cost_rub": "рубли, можно с копейками",
    "max_students": "целое число от {0.low} до {0.high}".format(PROGRAM_LIMITS["max_students"]),
    "needs_medical_certificate": "да / нет",
    "ovz_suited": "да / нет (пусто — нет)",
    "ovz_adaptations": "коротко: пандус, малые группы…; только если «Подходит детям с ОВЗ» — да",
    "trial_lesson": "да / нет (пусто — нет)",
    "latitude": "градусы, например 44.46 или 44,46; вместе с долготой, для «Рядом со мной»; не для онлайн",
    "longitude": "градусы, например 42.51; вместе с широтой",
    "schedule": "дни и время через «;»: Пн 16:00-17:30; Ср 16:00-17:30",
    "starts_on": "дата: {example:%Y-%m-%d} или {example:%d.%m.%Y}",
    "ends_on": "дата, не раньше начала",
    "capacity": "целое число мест от {0.low} до {0.high}, не больше «Максимум обучающихся»".format(
        GROUP_LIMITS["capacity"]
    ),
}
CHOICES: dict[str, type[StrEnum]] = {
    "kind": ProviderKind,
    "direction": Direction,
    "level": Level,
    "register": Register,
    "format": ProgramFormat,
}


def _choices(enum: type[StrEnum]) -> str:
    russian: dict[str, str] = {}
    for alias, code in ALIASES[enum].items():
        russian.setdefault(code, alias)
    return "; ".join(f"{russian.get(m.value, m.value)} ({m.value})" for m in enum)


def example_school_year(today: date) -> tuple[date, date]:
    """September to May of the school year that has not ended yet on `today`: the template's example
    group is one parents could still join."""
    ends = date(today.year if today < date(today.year, 6, 1) else today.year + 1, 5, 31)
    return date(ends.year - 1, 9, 1), ends


def template_xlsx(municipality_name: str, today: date) -> bytes:
    """The import template: a sheet per table with its header and an example row, and «Справка»."""
    from openpyxl import Workbook  # loaded when asked for, not at the bot's start

    starts_on, ends_on = example_school_year(today)

    examples: dict[str, list[Any]] = {
        "providers": ["7707083893", "ДДТ «Радуга»", "муниципальная", municipality_name],
        "programs": [
            "7707083893", "ROBO-1", "Робототехника", "Собираем и программируем роботов", "ул. Мира, 5",
            "техническая", "базовый", 8, 12, "сертифицированные", 9, 2, "1500", "1500", 24, "нет",
            "очно", "да", "пандус, занятия в малой группе", "да", "44.46", "42.51",
        ],
        "groups": [
            "7707083893", "ROBO-1", "Группа 1", "Пн 16:00-17:30; Ср 16:00-17:30", f"{starts_on:%Y-%m-%d}",
            f"{ends_on:%Y-%m-%d}",
            12, "Иванова А. А.",
        ],
    }  # fmt: skip
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet, columns in SHEETS.items():
        ws = workbook.create_sheet(SHEET_NAMES_RU[sheet])
        ws.append([c.header_ru for c in columns])
        ws.append(examples[sheet])
    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append(["Лист", "Столбец", "Код столбца", "Обязательный", "Допустимые значения"])
    for sheet, columns in SHEETS.items():
        for c in columns:
            if c.name in CHOICES:
                allowed = _choices(CHOICES[c.name])
            else:
                allowed = NOTES.get(c.name, "текст").format(example=starts_on)
            help_sheet.append(
                [SHEET_NAMES_RU[sheet], c.header_ru, c.name, "да" if c.required else "нет", allowed]
            )
    help_sheet.append([])
    help_sheet.append(
        [
            "Как загрузить: заполните листы (лишние можно удалить), отправьте файл боту в разделе импорта. "
            f"Бот покажет, что будет добавлено и изменено; до {MAX_ROWS} строк, файл до "
            f"{MAX_FILE_MB} МБ. CSV: разделитель «;» или «,», раздел начинается "
            "строкой [Поставщики], [Программы] или [Группы], следующая строка — заголовок."
        ]
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def example_municipality(session: AsyncSession, importer: Importer) -> str:
    """A municipality name the importer may use, for the template's example row."""
    query = select(Municipality.name_ru).order_by(Municipality.id).limit(1)
    if importer.role is Role.STAFF:
        query = query.where(Municipality.id.in_(importer.municipality_ids))
    else:
        query = query.join(Provider, Provider.municipality_id == Municipality.id).where(
            Provider.id.in_(importer.provider_ids)
        )
    return await session.scalar(query) or ""
