# ruff: noqa: E501  (long Russian texts of the demo data read better unbroken)
"""A realistic demo data set for Stavropol krai: `python -m bot demo`. Idempotent: everything is looked
up by its natural key (municipality name, provider INN, program title and provider, event title) and
only what is missing is added."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.catalogue import search
from bot.services.clock import Clock
from bot.services.periods import school_year
from bot.services.rules import inn_with_check_digits, weekdays_mask
from db.models import (
    Direction,
    Event,
    Group,
    Level,
    ModerationStatus,
    Municipality,
    Period,
    Program,
    ProgramFormat,
    Provider,
    ProviderKind,
    Register,
)

TZ = ZoneInfo("Europe/Moscow")
D, L, R = Direction, Level, Register


@dataclass(frozen=True)
class Place:
    name_ru: str
    name_en: str
    office_ru: str
    office_en: str
    town: str
    centre: tuple[float, float]  # the town's centre (latitude, longitude): the providers sit around it
    population: int
    nominal_rub: int
    quota: int


PLACES = [
    Place(
        "Андроповский муниципальный округ",
        "Andropovsky municipal district",
        "Опорный центр: с. Курсавка, ул. Стратийчука, 57, каб. 12, пн–пт 9:00–17:00",
        "Support Centre: Kursavka, 57 Stratiychuka St, room 12, Mon–Fri 9:00–17:00",
        "с. Курсавка",
        (44.4600, 42.5100),
        5400,
        15_000,
        400,
    ),
    Place(
        "Минераловодский муниципальный округ",
        "Mineralovodsky municipal district",
        "Опорный центр: г. Минеральные Воды, ул. Бибика, 2, каб. 5, пн–пт 9:00–18:00",
        "Support Centre: Mineralnye Vody, 2 Bibika St, room 5, Mon–Fri 9:00–18:00",
        "г. Минеральные Воды",
        (44.2100, 43.1350),
        14_200,
        12_000,
        1200,
    ),
    Place(
        "Кочубеевский муниципальный округ",
        "Kochubeyevsky municipal district",
        "Опорный центр: с. Кочубеевское, ул. Октябрьской Революции, 64, каб. 3, пн–пт 8:30–17:00",
        "Support Centre: Kochubeyevskoye, 64 Oktyabrskoy Revolyutsii St, room 3, Mon–Fri 8:30–17:00",
        "с. Кочубеевское",
        (44.6750, 41.8300),
        11_300,
        10_000,
        800,
    ),
]

# (municipality index, name, kind, INN stem, street, what it teaches). A municipal or state provider
# teaches budget programs of the directions given (an empty set: every direction no specialist takes);
# a non-state provider or an entrepreneur teaches the certified programs named.
PROVIDERS: list[tuple[int, str, ProviderKind, str, str, set[object]]] = [
    (0, "МБУ ДО «Центр детского творчества» Андроповского округа", ProviderKind.MUNICIPAL, "260300101", "ул. Красная, 40", set()),
    (0, "МБУ ДО «Детско-юношеская спортивная школа» с. Курсавка", ProviderKind.MUNICIPAL, "260300202", "ул. Титова, 3", {D.SPORT}),
    (0, "ГБУ ДО «Краевой центр технического творчества», филиал в с. Курсавка", ProviderKind.STATE, "263400303", "ул. Стратийчука, 60", {D.TECHNICAL}),
    (0, "АНО ДО «Робостарт»", ProviderKind.NONSTATE, "260300404", "ул. Калинина, 12", {"Робототехника на LEGO Education", "Робототехника и программирование Arduino", "Программирование на Python", "Мир под микроскопом"}),
    (0, "ИП Соколова Анна Викторовна (студия «Глина и краски»)", ProviderKind.INDIVIDUAL, "2603005051", "ул. Кирова, 7", {"Гончарная мастерская"}),
    (0, "АНО «Спортивный клуб «Олимп»", ProviderKind.NONSTATE, "260301313", "ул. Школьная, 5", {"Дзюдо", "Шахматный клуб: турнирная подготовка"}),
    (1, "МБУ ДО «Дом детского творчества» г. Минеральные Воды", ProviderKind.MUNICIPAL, "263000606", "пр-т 22 Партсъезда, 115", set()),
    (1, "МБУ ДО «Детская школа искусств» г. Минеральные Воды", ProviderKind.MUNICIPAL, "263000707", "ул. Карла Маркса, 59", {D.ARTS}),
    (1, "ООО «Лингва-Кидс»", ProviderKind.NONSTATE, "263000808", "ул. 50 лет Октября, 38", {"Английский язык для малышей", "Развитие речи и подготовка к школе"}),
    (1, "ИП Гаврилов Олег Игоревич (клуб единоборств «Самурай»)", ProviderKind.INDIVIDUAL, "2630009092", "ул. Советская, 90", {"Дзюдо"}),
    (1, "АНО ДО «ТехноЛаб»", ProviderKind.NONSTATE, "263001414", "ул. Гагарина, 11", {"Робототехника на LEGO Education", "Робототехника и программирование Arduino", "Программирование на Python", "Мир под микроскопом"}),
    (2, "МБУ ДО «Центр внешкольной работы» Кочубеевского округа", ProviderKind.MUNICIPAL, "261000101", "ул. Братская, 14", set()),
    (2, "МБУ ДО «Станция юных натуралистов» с. Кочубеевское", ProviderKind.MUNICIPAL, "261000212", "ул. Садовая, 2", {D.SCIENCE}),
    (2, "АНО «Шахматный клуб «Ладья»", ProviderKind.NONSTATE, "261000323", "ул. Набережная, 21", {"Шахматный клуб: турнирная подготовка"}),
    (2, "ИП Белова Ирина Сергеевна (центр развития «Умка»)", ProviderKind.INDIVIDUAL, "2610015152", "ул. Мира, 33", {"Робототехника на LEGO Education", "Мир под микроскопом", "Гончарная мастерская", "Английский язык для малышей", "Развитие речи и подготовка к школе"}),
]  # fmt: skip

# (title, direction, level, ages, register, hours a week, price ₽ a month (certified), description)
PROGRAMS = [
    ("Робототехника на LEGO Education", D.TECHNICAL, L.INTRODUCTORY, (6, 9), R.CERTIFIED, 2, 2400,
     "Собираем и программируем первых роботов из конструктора LEGO WeDo: механизмы, датчики, простые алгоритмы. Занятия в мини-группах, всё оборудование предоставляется."),
    ("Робототехника и программирование Arduino", D.TECHNICAL, L.BASIC, (10, 14), R.CERTIFIED, 3, 3200,
     "Электроника и программирование микроконтроллеров: от светодиода до собственного робота. Подготовка к соревнованиям по робототехнике."),
    ("Начальное техническое моделирование", D.TECHNICAL, L.INTRODUCTORY, (7, 11), R.GENERAL, 2, 0,
     "Модели из бумаги, картона и дерева: самолёты, корабли, машины. Развиваем пространственное мышление и аккуратность."),
    ("3D-моделирование и прототипирование", D.TECHNICAL, L.ADVANCED, (12, 17), R.SIGNIFICANT, 4, 0,
     "Проектирование в Blender и Компас-3D, печать на 3D-принтере, защита собственного инженерного проекта."),
    ("Программирование на Python", D.TECHNICAL, L.BASIC, (11, 16), R.CERTIFIED, 3, 3000,
     "Основы программирования на Python: переменные, циклы, функции, первые игры и телеграм-боты."),
    ("Юный эколог", D.SCIENCE, L.INTRODUCTORY, (7, 11), R.GENERAL, 2, 0,
     "Наблюдаем за природой родного края, ставим опыты с растениями, участвуем в экологических акциях."),
    ("Занимательная химия", D.SCIENCE, L.BASIC, (11, 15), R.SIGNIFICANT, 2, 0,
     "Безопасные химические опыты и практикум в лаборатории: вещества вокруг нас, подготовка к олимпиадам."),
    ("Астрономия для школьников", D.SCIENCE, L.BASIC, (12, 17), R.GENERAL, 2, 0,
     "Звёздное небо, планеты и телескопы: наблюдения, работа с картами неба и планетарием."),
    ("Мир под микроскопом", D.SCIENCE, L.INTRODUCTORY, (8, 12), R.CERTIFIED, 2, 1800,
     "Исследуем клетки, кристаллы и микроорганизмы с цифровым микроскопом, ведём дневник исследователя."),
    ("Хореографический ансамбль «Радуга»", D.ARTS, L.BASIC, (7, 14), R.SIGNIFICANT, 4, 0,
     "Народный и современный танец, постановка концертных номеров, выступления на районных и краевых конкурсах."),
    ("Вокальная студия «Звонкие голоса»", D.ARTS, L.INTRODUCTORY, (6, 12), R.GENERAL, 2, 0,
     "Постановка голоса, эстрадный и народный вокал, ансамблевое пение, концерты для родителей."),
    ("Изобразительное искусство", D.ARTS, L.ADVANCED, (10, 17), R.PREPROFESSIONAL, 6, 0,
     "Предпрофессиональная программа: рисунок, живопись, композиция, история искусств. Готовит к поступлению в художественные училища."),
    ("Фортепиано", D.ARTS, L.ADVANCED, (7, 15), R.PREPROFESSIONAL, 5, 0,
     "Предпрофессиональная программа по классу фортепиано: специальность, сольфеджио, музыкальная литература."),
    ("Гончарная мастерская", D.ARTS, L.INTRODUCTORY, (7, 14), R.CERTIFIED, 2, 2000,
     "Лепка из глины, работа на гончарном круге, роспись и обжиг собственных изделий."),
    ("Английский язык для малышей", D.SOCIAL, L.INTRODUCTORY, (5, 7), R.CERTIFIED, 2, 2800,
     "Английский через игру, песни и сказки: первые слова и фразы без скучной зубрёжки."),
    ("Школа юного журналиста", D.SOCIAL, L.BASIC, (12, 17), R.GENERAL, 2, 0,
     "Пишем заметки и интервью, снимаем репортажи, выпускаем школьную газету и ведём телеграм-канал."),
    ("Развитие речи и подготовка к школе", D.SOCIAL, L.INTRODUCTORY, (5, 7), R.CERTIFIED, 3, 2200,
     "Развитие речи, внимания и памяти, первые шаги в чтении и счёте для будущих первоклассников."),
    ("Волонтёрский отряд «Добрые сердца»", D.SOCIAL, L.BASIC, (12, 18), R.SIGNIFICANT, 2, 0,
     "Социальные проекты, помощь ветеранам и приютам для животных, школа лидерства."),
    ("Юный турист-краевед", D.TOURISM, L.INTRODUCTORY, (9, 13), R.GENERAL, 3, 0,
     "Походы выходного дня, ориентирование на местности, история сёл и станиц Ставрополья."),
    ("Школьный музей: история родного края", D.TOURISM, L.BASIC, (11, 16), R.SIGNIFICANT, 2, 0,
     "Поисковая и экскурсионная работа, оформление экспозиций, встречи со старожилами."),
    ("Шахматы для начинающих", D.SPORT, L.INTRODUCTORY, (6, 10), R.GENERAL, 2, 0,
     "Правила игры, простые комбинации и первые турниры. Шахматы развивают логику и усидчивость."),
    ("Шахматный клуб: турнирная подготовка", D.SPORT, L.ADVANCED, (10, 17), R.CERTIFIED, 4, 1500,
     "Дебюты, эндшпиль, разбор партий гроссмейстеров, выезды на краевые шахматные турниры."),
    ("Футбол", D.SPORT, L.BASIC, (7, 14), R.SIGNIFICANT, 4, 0,
     "Тренировки на стадионе и в зале, участие в первенстве округа. Нужна медицинская справка."),
    ("Спортивная гимнастика", D.SPORT, L.ADVANCED, (6, 12), R.PREPROFESSIONAL, 6, 0,
     "Предпрофессиональная программа: акробатика, снаряды, подготовка к разрядам. Нужна медицинская справка."),
    ("Дзюдо", D.SPORT, L.BASIC, (8, 15), R.CERTIFIED, 3, 2500,
     "Техника бросков и борьбы в партере, самостраховка, дисциплина. Нужна медицинская справка."),
]  # fmt: skip

PENDING_PROGRAMS = [
    ("Киберспорт: командная тактика", D.TECHNICAL, L.BASIC, (12, 17), R.CERTIFIED, 2, 2600,
     "Командные стратегии, здоровый режим за компьютером, основы организации турниров."),
    ("Кулинарная студия «Поварёнок»", D.SOCIAL, L.INTRODUCTORY, (8, 12), R.CERTIFIED, 2, 2100,
     "Готовим простые и полезные блюда, учимся сервировке и безопасности на кухне."),
]  # fmt: skip

SCHEDULES = [
    [(0, "16:00", "17:30"), (2, "16:00", "17:30")],
    [(1, "15:00", "16:30"), (3, "15:00", "16:30")],
    [(5, "10:00", "12:00")],
    [(0, "14:30", "16:00"), (3, "14:30", "16:00")],
    [(1, "17:00", "18:30"), (4, "17:00", "18:30")],
    [(2, "15:30", "17:00"), (5, "11:00", "12:30")],
    [(4, "16:00", "18:00")],
]
TEACHERS = [
    "Иванова Елена Петровна", "Ковалёв Сергей Николаевич", "Морозова Ольга Александровна",
    "Петренко Андрей Викторович", "Лысенко Наталья Ивановна", "Бондаренко Игорь Васильевич",
    "Дьяченко Марина Юрьевна", "Ткаченко Алексей Михайлович",
]  # fmt: skip

# (municipality index, days from today, title, direction, ages, place, description)
EVENTS = [
    (0, 5, "Районный фестиваль детского творчества «Радуга талантов»", D.ARTS, (6, 17), "РДК, с. Курсавка, ул. Красная, 30",
     "Концерт и выставка работ юных художников, танцоров и вокалистов округа."),
    (0, 12, "Соревнования по робототехнике «РобоКурсавка»", D.TECHNICAL, (8, 16), "ЦДТ, с. Курсавка, ул. Красная, 40",
     "Командные состязания роботов: кегельринг, сумо, траектория. Регистрация команд до начала."),
    (0, 20, "Экологический субботник «Чистый берег»", D.SCIENCE, (10, 18), "Парк у реки Кума, с. Курсавка",
     "Уборка берега, посадка деревьев, викторина о природе края."),
    (1, 7, "Открытый шахматный турнир на кубок главы округа", D.SPORT, (7, 17), "ДДТ, пр-т 22 Партсъезда, 115",
     "Турнир по швейцарской системе в трёх возрастных группах."),
    (1, 14, "День открытых дверей в Детской школе искусств", D.ARTS, (5, 12), "ДШИ, ул. Карла Маркса, 59",
     "Знакомство с преподавателями, пробные уроки фортепиано, рисунка и хореографии."),
    (1, 26, "Краеведческий квест «Тайны Минеральных Вод»", D.TOURISM, (10, 16), "Сквер у вокзала, г. Минеральные Воды",
     "Командная игра по историческим местам города."),
    (2, 9, "Первенство округа по мини-футболу среди школьников", D.SPORT, (9, 14), "Спорткомплекс, с. Кочубеевское",
     "Команды школ округа, награждение победителей."),
    (2, 16, "Научная ярмарка юных натуралистов", D.SCIENCE, (7, 14), "Станция юннатов, ул. Садовая, 2",
     "Опыты, исследовательские проекты, мастер-классы по уходу за растениями."),
    (2, 30, "Форум добровольцев «Мы вместе»", D.SOCIAL, (12, 18), "ЦВР, ул. Братская, 14",
     "Встреча волонтёрских отрядов, тренинги, планирование акций на год."),
]  # fmt: skip


async def _municipality(session: AsyncSession, place: Place, today: date) -> Municipality:
    m = await session.scalar(select(Municipality).where(Municipality.name_ru == place.name_ru))
    if m is None:
        m = Municipality(
            name_ru=place.name_ru, name_en=place.name_en, office_ru=place.office_ru, office_en=place.office_en
        )
        session.add(m)
        await session.flush()
    starts, ends = school_year(today)
    period = await session.scalar(
        select(Period).where(Period.municipality_id == m.id, Period.starts_on == starts)
    )
    if period is None:
        session.add(
            Period(
                municipality_id=m.id,
                starts_on=starts,
                ends_on=ends,
                nominal_kopecks=place.nominal_rub * 100,
                financing_quota=place.quota,
                child_population=place.population,
            )
        )
    return m


def _groups(program: Program, index: int, starts: date, ends: date) -> list[Group]:
    groups = []
    for n in range(1 + index % 3):
        slots = SCHEDULES[(index + n) % len(SCHEDULES)]
        schedule = [{"day": d, "start": s, "end": e} for d, s, e in slots]
        # The demo has no students, so every seat is free (a seat taken is a child the provider can see).
        # A few groups are small, so a tester's requests fill one and meet the waiting list.
        if n == 0 and index % 6 == 0:
            capacity = 1
        elif n == 0 and index % 6 == 3:
            capacity = 2
        else:
            capacity = min(program.max_students, 10 + (index + 3 * n) % 8)
        groups.append(
            Group(
                program_id=program.id,
                name=f"Группа {n + 1}" + (" (младшие)" if n == 0 and index % 3 else ""),
                schedule=schedule,
                weekdays=weekdays_mask(schedule),
                starts_on=starts + timedelta(days=14),
                ends_on=date(ends.year, 5, 31),
                capacity=capacity,
                seats_taken=0,
                teacher=TEACHERS[(index + n) % len(TEACHERS)],
            )
        )
    return groups


# What is adapted for children with disabilities (ОВЗ), in turn.
ADAPTATIONS = [
    "пандус и просторный кабинет на первом этаже, занятия в малой группе",
    "педагог с опытом инклюзивного обучения, задания в своём темпе",
    "крупные шрифты и наглядные пособия, перерывы по самочувствию",
]


def _features(index: int, provider_no: int, place: Place) -> dict[str, object]:
    """Varied answers to what families ask: every fifth program at the child's school, every seventh
    online (no point on the map), every seventh from the fifth mixed; a quarter suited to children
    with disabilities; two in three with a free trial lesson; the place a few streets from the
    town's centre, a spot per provider."""
    shape = ProgramFormat.IN_PERSON
    if index % 5 == 2:
        shape = ProgramFormat.AT_SCHOOL
    elif index % 7 == 3:
        shape = ProgramFormat.ONLINE
    elif index % 7 == 5:
        shape = ProgramFormat.MIXED
    ovz = index % 4 == 1
    latitude, longitude = place.centre
    north, east = (provider_no * 7) % 11 - 5, (provider_no * 5) % 9 - 4  # up to ~3 km away
    located = shape is not ProgramFormat.ONLINE
    return {
        "format": shape,
        "ovz_suited": ovz,
        "ovz_adaptations": ADAPTATIONS[index % len(ADAPTATIONS)] if ovz else "",
        "trial_lesson": index % 3 != 0,
        "latitude": round(latitude + north * 0.005, 6) if located else None,
        "longitude": round(longitude + east * 0.007, 6) if located else None,
    }


async def _program(
    session: AsyncSession,
    provider: Provider,
    spec: tuple,  # type: ignore[type-arg]
    street: str,
    town: str,
    index: int,
    moderation: ModerationStatus,
    period: tuple[date, date],
    features: dict[str, object],
) -> bool:
    title, direction, level, (age_min, age_max), register, hours, price_rub, description = spec
    found = await session.scalar(
        select(Program.id).where(Program.provider_id == provider.id, Program.title == title)
    )
    if found is not None:
        return False
    price = price_rub * 100
    program = Program(
        provider_id=provider.id,
        municipality_id=provider.municipality_id,
        title=title,
        description=description,
        address=f"{town}, {street}",
        direction=direction,
        level=level,
        age_min=age_min,
        age_max=age_max,
        register=register,
        duration_months=9 if level is not Level.ADVANCED else 18,
        hours_per_week=hours,
        price_kopecks=price,
        # A few programs cost more than the normative: the family pays the difference.
        normative_cost_kopecks=price - (price // 5 if index % 2 else 0),
        max_students=20,
        needs_medical_certificate=direction is Direction.SPORT and level is not Level.INTRODUCTORY,
        moderation=moderation,
        **features,
        **search.program_terms(title, description, provider.name),
    )
    session.add(program)
    await session.flush()
    session.add_all(_groups(program, index, *period))
    return True


def _teachers(
    local: list[tuple[Provider, str, str, set[object]]],
    spec: tuple,  # type: ignore[type-arg]
) -> list[tuple[Provider, str, str]]:
    """Who in a municipality teaches a program: every non-state provider that names a certified one;
    for a budget program the municipal specialist in its direction, else the general centre."""
    title, direction, register = spec[0], spec[1], spec[4]
    if register is Register.CERTIFIED:
        return [(p, street, town) for p, street, town, teaches in local if title in teaches]
    budget = [p for p in local if p[0].kind in (ProviderKind.MUNICIPAL, ProviderKind.STATE)]
    chosen = [p for p in budget if direction in p[3]] or [p for p in budget if not p[3]]
    return [(p, street, town) for p, street, town, _ in chosen[:1]]


async def load_demo(session: AsyncSession, today: date | None = None) -> str:
    today = today or Clock().today()
    period = school_year(today)
    municipalities = [await _municipality(session, place, today) for place in PLACES]
    providers: list[tuple[Provider, str, str, set[object]]] = []
    numbers: dict[int, int] = {}  # provider id -> its place in PROVIDERS (where it sits in town)
    for number, (m_index, name, kind, stem, street, teaches) in enumerate(PROVIDERS):
        inn = inn_with_check_digits(stem)
        provider = await session.scalar(select(Provider).where(Provider.inn == inn))
        if provider is None:
            provider = Provider(name=name, inn=inn, kind=kind, municipality_id=municipalities[m_index].id)
            session.add(provider)
            await session.flush()
        providers.append((provider, street, PLACES[m_index].town, teaches))
        numbers[provider.id] = number
    added = 0
    for m_index, m in enumerate(municipalities):
        local = [p for p in providers if p[0].municipality_id == m.id]
        for index, spec in enumerate(PROGRAMS):
            n = index + m_index * len(PROGRAMS)
            for provider, street, town in _teachers(local, spec):
                features = _features(n, numbers[provider.id], PLACES[m_index])
                added += await _program(
                    session, provider, spec, street, town, n, ModerationStatus.PUBLISHED, period, features
                )
        if m_index == 0:
            paid = [p for p in local if p[0].kind in (ProviderKind.NONSTATE, ProviderKind.INDIVIDUAL)]
            for index, spec in enumerate(PENDING_PROGRAMS):
                provider, street, town, _ = paid[index % len(paid)]
                features = _features(index, numbers[provider.id], PLACES[m_index])
                added += await _program(
                    session, provider, spec, street, town, index, ModerationStatus.PENDING, period, features
                )
    events_added = 0
    for m_index, days, title, direction, (age_min, age_max), place, description in EVENTS:
        m = municipalities[m_index]
        if await session.scalar(select(Event.id).where(Event.municipality_id == m.id, Event.title == title)):
            continue
        session.add(
            Event(
                municipality_id=m.id,
                title=title,
                description=description,
                starts_at=datetime.combine(today + timedelta(days=days), time(11, 0), tzinfo=TZ),
                place=place,
                age_min=age_min,
                age_max=age_max,
                direction=direction,
            )
        )
        events_added += 1
    await session.flush()
    lines = ["Municipalities (./run.sh invite staff <id>):"]
    lines += [f"  {m.id:>3}  {m.name_ru}" for m in municipalities]
    lines.append("Providers (./run.sh invite provider <id>):")
    lines += [f"  {p.id:>3}  {p.name}  [{p.kind.value}, ИНН {p.inn}]" for p, *_ in providers]
    lines.append(f"Added now: {added} programs, {events_added} events (nothing is added twice).")
    return "\n".join(lines)
