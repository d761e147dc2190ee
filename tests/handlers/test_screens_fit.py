"""Every list and card, opened through the dispatcher as each role with the longest data the database
holds (60 programs with long titles, 30 waiting requests, descriptions of 3,900 characters, names at
their column's length): no error, every message within Telegram's limits (checked as the fake Bot API
of the end-to-end tests checks them), every button's data within 64 bytes, every alert within 200
characters, and the page buttons reach every item."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.catalog import CaCb
from bot.keyboards.certificates import CertCb
from db.models import (
    ApplicationStatus,
    Certificate,
    CertificateApplication,
    CertificateEvent,
    CertificateKind,
    Child,
    Direction,
    Enrollment,
    EnrollmentStatus,
    Event,
    Group,
    Level,
    ModerationStatus,
    Municipality,
    Program,
    ProgramFormat,
    Provider,
    ProviderKind,
    ProviderMembership,
    Register,
    Role,
    User,
)
from tests import dates
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.e2e.fake_bot_api import _MAX_CAPTION, _MAX_TEXT, TelegramError, _parse_text, _validate_markup
from tests.handlers.harness import Harness, Sent

PROVIDER_USER = 8801
PARENT = 8802
NEXT = {"Следующие ▶️", "Вперёд ▶"}  # page-next; events-next (one event a page)
ALERT_MAX = 200
FAILED = "Что-то пошло не так"

PROGRAMS, PENDING_PROGRAMS = 40, 20  # 60 programs of one provider, 20 of them awaiting moderation
REQUESTS, STUDENTS, CHILDREN, GROUPS = 30, 30, 12, 12
PROVIDERS, APPLICATIONS, EVENTS = 25, 30, 15


def long(seed: str, length: int) -> str:
    """Words (with a quote, an ampersand and a tag-like «<b>») repeated to exactly `length` characters."""
    words = f"{seed} «Центр детского творчества» & <b>кружок</b> своими руками "
    return (words * (length // len(words) + 1))[:length].strip().ljust(length, "я")


async def maximal_world(session: AsyncSession, municipality: Municipality, now: Any) -> dict[str, Any]:
    await make.user(session, PROVIDER_USER)
    provider = Provider(
        name=long("МБУ ДО", 300),
        inn=make.inn(),
        kind=ProviderKind.MUNICIPAL,
        municipality_id=municipality.id,
    )
    session.add(provider)
    await session.flush()
    session.add(ProviderMembership(user_id=PROVIDER_USER, provider_id=provider.id))
    programs: list[Program] = []
    groups: list[Group] = []
    slots = [{"day": day, "start": "16:00", "end": "17:30"} for day in range(7)]
    for n in range(PROGRAMS + PENDING_PROGRAMS):
        program = Program(
            provider_id=provider.id,
            municipality_id=municipality.id,
            title=long(f"{n:02d} Программа", 200),
            description=long("Описание", 3900),
            address=long("ул. Ленина", 300),
            direction=Direction.ARTS,
            level=Level.BASIC,
            age_min=5,
            age_max=18,
            register=Register.GENERAL,
            max_students=100,
            moderation=ModerationStatus.PUBLISHED if n < PROGRAMS else ModerationStatus.PENDING,
            moderation_note=long("Замечание", 1000) if n >= PROGRAMS else None,
            search_terms="",
            format=ProgramFormat.MIXED,
            ovz_suited=True,
            ovz_adaptations=long("Пандус", 300),
            trial_lesson=True,
            latitude=44.46,
            longitude=42.51,
        )
        session.add(program)
        await session.flush()
        programs.append(program)
        for g in range(GROUPS if n == 0 else 1):
            group = Group(
                program_id=program.id,
                name=long(f"Группа {g + 1}", 200),
                schedule=slots,
                weekdays=0b1111111,
                starts_on=dates.d(2026, 9, 1),
                ends_on=dates.d(2027, 5, 31),
                capacity=100,
                seats_taken=STUDENTS if (n, g) == (0, 0) else 0,
                teacher=long("Иванова", 200),
            )
            session.add(group)
            await session.flush()
            groups.append(group)
    await make.user(session, PARENT)
    children: list[Child] = []
    for n in range(CHILDREN):
        child = Child(
            parent_id=PARENT,
            last_name=long("Петрова-Водкина", 100),
            first_name=long(f"Анна-Мария {n}", 100),
            patronymic=long("Александровна", 100),
            birth_date=dates.d(2016, 5, 1),
            municipality_id=municipality.id,
        )
        session.add(child)
        await session.flush()
        children.append(child)
    certificate = Certificate(
        number="0000088021",
        child_id=children[0].id,
        municipality_id=municipality.id,
        kind=CertificateKind.ACCOUNTING,
        issued_at=now,
        valid_until=dates.d(2034, 5, 1),
        birth_year=2016,
        state_reason=long("Причина", 500),
    )
    session.add(certificate)
    await session.flush()
    for n in range(30):
        action = "suspended" if n % 2 == 0 else "resumed"
        session.add(
            CertificateEvent(
                certificate_id=certificate.id, action=action, details={"reason": long("Причина", 500)}
            )
        )
    requests, students = [], []
    for n in range(REQUESTS + STUDENTS):
        active = n >= REQUESTS
        group = groups[0] if active else groups[GROUPS + n]
        enrollment = Enrollment(
            child_id=children[n % CHILDREN].id,
            parent_id=PARENT,
            group_id=group.id,
            program_id=group.program_id,
            provider_id=provider.id,
            status=EnrollmentStatus.ACTIVE if active else EnrollmentStatus.PENDING,
            deadline_at=None if active else now + timedelta(days=3),
        )
        session.add(enrollment)
        await session.flush()
        (students if active else requests).append(enrollment.id)
    others = [
        (await make.provider(session, municipality, name=long(f"{n:02d} ДДТ", 300))).id
        for n in range(PROVIDERS)
    ]
    for n in range(APPLICATIONS):
        session.add(
            CertificateApplication(
                child_id=children[n % CHILDREN].id,
                parent_id=PARENT,
                municipality_id=municipality.id,
                requested_kind=CertificateKind.ACCOUNTING,
                status=ApplicationStatus.PENDING,
            )
        )
    events = []
    for n in range(EVENTS):
        event = Event(
            municipality_id=municipality.id,
            title=long(f"{n:02d} Праздник", 300),
            description=long("Программа праздника", 3900),
            starts_at=now + timedelta(days=n + 2),
            place=long("Дом культуры", 300),
        )
        session.add(event)
        await session.flush()
        events.append(event.id)
    for user_id, role in ((PROVIDER_USER, Role.PROVIDER), (PARENT, Role.PARENT)):
        user = await session.get(User, user_id)
        assert user is not None
        user.active_role = role
    await session.commit()
    return {
        "programs": [p.id for p in programs],
        "published": [p.id for p in programs[:PROGRAMS]],
        "pending_programs": [p.id for p in programs[PROGRAMS:]],
        "first_groups": [g.id for g in groups[:GROUPS]],
        "group": groups[0].id,
        "requests": requests,
        "students": students,
        "children": [c.id for c in children],
        "providers": [provider.id, *others],
        "events": events,
        "certificate": certificate.id,
    }


def check(sent: list[Sent]) -> None:
    """Every request as Telegram would judge it: text and caption lengths (of the text a person sees,
    after HTML), the HTML itself, button data, alert lengths; and no «something went wrong»."""
    for s in sent:
        params = s.params
        try:
            if "text" in params and s.method != "AnswerCallbackQuery":
                _parse_text(params["text"], "HTML", _MAX_TEXT, "text")
            if "caption" in params:
                _parse_text(params["caption"], "HTML", _MAX_CAPTION, "caption")
            _validate_markup(s.markup)
        except TelegramError as error:
            raise AssertionError(f"{s.method}: {error.description}: {str(s.text)[:200]!r}") from error
        for label, _ in s.buttons:  # a shortened name closes the quote it opened
            assert label.count("«") == label.count("»"), label
        if s.method == "AnswerCallbackQuery":
            assert len(params.get("text") or "") <= ALERT_MAX, params
        assert FAILED not in (s.text or ""), s.text


def _datas(sent: list[Sent], pattern: str) -> list[str]:
    return [data for s in sent for _, data in s.buttons if data and re.fullmatch(pattern, data)]


def _ids(datas: list[str], position: int = 2) -> list[int]:
    return [int(data.split(":")[position]) for data in datas]


async def walk(h: Harness, user_id: int, first: list[Sent], pattern: str) -> list[str]:
    """The data of the buttons matching `pattern` on every page, following «next» to the last page."""
    screens = [s for s in first if s.method != "AnswerCallbackQuery"]
    found = _datas(screens[-1:], pattern)
    for _ in range(100):
        nxt = [data for text, data in screens[-1].buttons if text in NEXT and data]
        if not nxt:
            return found
        sent = await h.press(user_id, nxt[0])
        check(sent)
        screens = [s for s in sent if s.method != "AnswerCallbackQuery"]
        assert screens, sent
        found += _datas(screens[-1:], pattern)
    raise AssertionError("more than 100 pages")


@pytest.fixture
async def world(session: AsyncSession, municipality: Municipality, now: Any) -> dict[str, Any]:
    return await maximal_world(session, municipality, now)


@pytest.fixture
async def h(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    world: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Harness]:
    """The dispatcher over the maximal world; afterwards, every request it made passes `check` and
    nothing was logged as an error."""
    caplog.set_level(logging.ERROR)
    async with Harness(settings, sessionmaker) as harness:
        yield harness
    check(harness.session.sent)  # whatever a step did not check itself
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def browse(h: Harness, user_id: int, first: list[Sent], pattern: str, position: int = 2) -> list[int]:
    """Every page of the list `first` shows and every item it lists opened; the ids of the items (the
    field at `position` of the matching buttons' data)."""
    check(first)
    found = await walk(h, user_id, first, pattern)
    for data in found:
        check(await h.press(user_id, data))
    return sorted(_ids(found, position))


async def test_the_providers_screens_fit_and_page_through_everything(
    h: Harness, world: dict[str, Any]
) -> None:
    listing = await h.send(PROVIDER_USER, "📥 Заявки на зачисление")
    check(listing)
    confirms = await walk(h, PROVIDER_USER, listing, r"pv:ok:\d+:0")
    assert sorted(_ids(confirms)) == sorted(world["requests"])

    listing = await h.send(PROVIDER_USER, "📚 Мои программы")
    assert await browse(h, PROVIDER_USER, listing, r"pv:pg:\d+:0") == sorted(world["programs"])

    card = await h.press(PROVIDER_USER, f"pv:pg:{world['programs'][0]}:0")
    check(card)
    groups = await walk(h, PROVIDER_USER, card, r"pv:st:\d+:0")
    assert sorted(_ids(groups)) == sorted(world["first_groups"])

    second = await h.press(PROVIDER_USER, f"pv:pg:{world['programs'][0]}:1")
    toggle = _datas(second, r"pv:g[oc]:\d+:1")[0]
    again = await h.press(PROVIDER_USER, toggle)  # closing a group's enrollment keeps its page
    assert _ids([toggle])[0] in _ids(_datas(again, r"pv:st:\d+:0"))

    roll = await h.press(PROVIDER_USER, f"pv:st:{world['group']}:0")
    check(roll)
    assert "Ученики группы Группа" not in (roll[-1].text or "")
    [screen] = [s for s in roll if s.method != "AnswerCallbackQuery"]
    back = [(label, data) for label, data in screen.buttons if label.startswith("◀️")]
    assert back == [("◀️ К программе", f"pv:pg:{world['programs'][0]}:0")]  # it leads to the program
    expel = await walk(h, PROVIDER_USER, roll, r"pv:ex:\d+:0")
    assert sorted(_ids(expel)) == sorted(world["students"])


async def test_the_parents_screens_fit_and_page_through_everything(h: Harness, world: dict[str, Any]) -> None:
    mine = await h.send(PARENT, "📋 Мои заявки")
    check(mine)
    decisions = await walk(h, PARENT, mine, r"en:(wr|end):\d+:0")
    assert sorted(_ids(decisions)) == sorted(world["requests"] + world["students"])

    family = await h.send(PARENT, "👶 Мои дети")
    assert await browse(h, PARENT, family, r"ch:card:\d+:") == sorted(world["children"])
    certificate = await h.press(PARENT, CertCb(action="card", id=world["certificate"]).pack())
    check(certificate)
    assert any("0000088021" in (s.text or "") for s in certificate)

    check(await h.send(PARENT, "🔎 Найти кружок"))
    check(await h.press(PARENT, CaCb(act="near").pack()))
    check(await h.send_location(PARENT, 44.0, 42.0))  # every card and line also says how far it is
    results = await h.press(PARENT, CaCb(act="page", id=0).pack())
    assert await browse(h, PARENT, results, r"ca:card:::\d+:0", 4) == sorted(world["published"])
    card = await h.press(PARENT, CaCb(act="card", id=world["published"][0]).pack())
    requests = await walk(h, PARENT, card, r"en:(rq|wl):\d+:\d+")
    assert sorted(_ids(requests)) == sorted(world["first_groups"])

    events = await h.send(PARENT, "🎉 Мероприятия")
    check(events)
    shown = await walk(h, PARENT, events, r"ev:remind:\d+:\d+")
    assert sorted(_ids(shown, 3)) == sorted(world["events"])


async def test_the_staff_desk_fits_and_pages_through_everything(h: Harness, world: dict[str, Any]) -> None:
    queue = await h.send(ADMIN_ID, "🛡 Модерация программ")
    assert await browse(h, ADMIN_ID, queue, r"adm:open:\d+:") == sorted(world["pending_programs"])

    listing = await h.send(ADMIN_ID, "🏢 Поставщики")
    assert await browse(h, ADMIN_ID, listing, r"adp:open:\d+::0") == sorted(world["providers"])
    check(await h.press(ADMIN_ID, f"ada:program:{world['programs'][0]}"))

    applications = await h.send(ADMIN_ID, "🗂 Заявления на сертификаты")
    assert len(set(await browse(h, ADMIN_ID, applications, r"st:app:\d+:"))) == APPLICATIONS

    events = await h.send(ADMIN_ID, "🎉 Мероприятия (ведение)")
    assert await browse(h, ADMIN_ID, events, r"evs:open:\d+:") == sorted(world["events"])
