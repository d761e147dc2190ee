"""«📅 Расписание» through the real dispatcher: the week in Russian and English, the reminders switch,
the empty states, the child's card button, forged presses, and the clash warnings the parent sees
before a request and the provider sees on the request list."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards.catalog import EnCb
from bot.keyboards.children import ChildCb
from bot.keyboards.timetable import WeekCb
from db.models import Municipality, User
from tests import factories as make
from tests.handlers.harness import NOT_ALLOWED, Harness

PARENT = 5001
PROVIDER = 6001
TEEN = 777_010
HERE = "ул. Ленина, 1"
THERE = "ул. Мира, 7"


async def test_the_week_in_russian_with_the_reminders_switch(
    h: Harness, session: AsyncSession, municipality: Municipality, today: date
) -> None:
    child = await make.child(session, PARENT, municipality)
    chess = await make.running_group(
        session, municipality, today, [{"day": 2, "start": "16:00", "end": "17:00"}], title="Шахматы"
    )
    art = await make.running_group(
        session, municipality, today, [{"day": 0, "start": "15:00", "end": "16:00"}], title="Рисование"
    )
    await make.enrollment_row(session, child, chess)
    await make.enrollment_row(session, child, art)
    await session.commit()

    [week] = await h.send(PARENT, "📅 Расписание")
    text = week.text or ""
    assert f"Расписание: {child.first_name}" in text
    assert text.index("Понедельник") < text.index("Рисование") < text.index("Среда") < text.index("Шахматы")
    assert f"15:00–16:00 «Рисование», Группа 1 — {HERE}" in text
    assert "Можно включить напоминания: за 2 ч до занятия" in text
    assert week.data_for("К карточке ребёнка") == ChildCb(action="card", id=child.id).pack()

    sent = await h.press(PARENT, week.data_for("Напоминать о занятиях"))
    [shown] = [s for s in sent if s.method == "EditMessageText"]
    assert "🔔 Напоминания включены" in (shown.text or "")
    assert shown.data_for("Не напоминать") == WeekCb(action="rem", id=child.id).pack()
    await session.refresh(child)
    assert child.lesson_reminders is True


async def test_the_week_in_english_and_the_empty_states(
    h: Harness, session: AsyncSession, municipality: Municipality
) -> None:
    [none] = await h.send(PARENT, "📅 Расписание")  # no children yet
    assert "Добавьте ребёнка в «👶 Мои дети»" in (none.text or "")

    first = await make.child(session, PARENT, municipality)
    second = await make.child(session, PARENT, municipality)
    user = await session.get(User, PARENT)
    assert user is not None
    user.locale = "en"
    await session.commit()
    [which] = await h.send(PARENT, "📅 Timetable", language_code="en")
    assert "Whose timetable" in (which.text or "")
    sent = await h.press(PARENT, which.data_for(second.first_name), language_code="en")
    [empty] = [s for s in sent if s.method == "EditMessageText"]
    assert f"Timetable: {second.first_name}" in (empty.text or "")
    assert "No lessons yet" in (empty.text or "") and "«🔎 Find a club»" in (empty.text or "")
    assert "You can turn on reminders: 2 hours before a lesson" in (empty.text or "")
    assert first.first_name not in (empty.text or "")


async def test_the_childs_card_opens_the_week_and_another_family_cannot(
    h: Harness, session: AsyncSession, municipality: Municipality
) -> None:
    child = await make.child(session, PARENT, municipality)
    await make.child(session, PARENT + 1, municipality)
    await session.commit()
    sent = await h.press(PARENT, ChildCb(action="card", id=child.id).pack())
    [card] = [s for s in sent if s.method == "EditMessageText"]
    assert card.data_for("Расписание занятий") == WeekCb(action="show", id=child.id).pack()

    for action in ("show", "rem"):
        forged = await h.press(PARENT + 1, WeekCb(action=action, id=child.id).pack())
        assert h.alerts(forged) == [NOT_ALLOWED]
    await session.refresh(child)
    assert child.lesson_reminders is False


async def test_the_parent_and_the_provider_see_a_clash_before_the_decision(
    h: Harness, session: AsyncSession, municipality: Municipality, today: date
) -> None:
    municipality.budget_program_limit = 5
    w = await make.world(session, municipality, parent_id=PARENT, provider_user=PROVIDER)
    w.group.starts_on, w.group.ends_on = today - timedelta(days=30), today + timedelta(days=90)
    w.group.schedule = [{"day": 0, "start": "17:45", "end": "19:00"}]
    w.program.address = THERE
    art = await make.running_group(
        session, municipality, today, [{"day": 0, "start": "16:00", "end": "17:30"}], title="Рисование"
    )
    await make.enrollment_row(session, w.child, art)
    await session.commit()

    sent = await h.press(PARENT, EnCb(action="rq", id=w.group.id).pack())
    [confirm] = [s for s in sent if s.text]
    text = confirm.text or ""
    assert "Подать заявку?" in text and "Пересечение с другими занятиями ребёнка" in text
    assert "пн 17:45–19:00: меньше 30 мин до или после «Рисование» (16:00–17:30) в другом месте" in text
    await h.press(PARENT, confirm.data_for("Да, подать"))

    [listing] = await h.send(PROVIDER, "📥 Заявки на зачисление")
    assert "⚠️ Занятия группы пересекаются с другими занятиями ребёнка: пн 17:45–19:00" in (listing.text or "")
    assert "Рисование" not in (listing.text or "")  # which other club is the family's business


async def test_a_teens_own_account_sees_his_week_without_the_switch(
    h: Harness, session: AsyncSession, municipality: Municipality, today: date
) -> None:
    teen = await make.child(session, PARENT, municipality)
    teen.own_user_id = TEEN
    group = await make.running_group(
        session, municipality, today, [{"day": 5, "start": "11:00", "end": "12:30"}], title="Робототехника"
    )
    await make.enrollment_row(session, teen, group)
    await session.commit()
    start = await h.send(TEEN, "/start")
    assert "📅 Расписание" in start[-1].reply_buttons
    [week] = await h.send(TEEN, "📅 Расписание")
    assert "Суббота" in (week.text or "") and "11:00–12:30 «Робототехника»" in (week.text or "")
    assert week.buttons == [] and "напоминания" not in (week.text or "").lower()
    forged = await h.press(TEEN, WeekCb(action="rem", id=teen.id).pack())
    assert h.alerts(forged) == [NOT_ALLOWED]  # the reminders go to the parent: his to switch


async def test_the_longest_week_fits_one_message(
    h: Harness, session: AsyncSession, municipality: Municipality, today: date
) -> None:
    municipality.budget_program_limit = 99
    child = await make.child(session, PARENT, municipality)
    long = "Центр & <b>творчества</b> " * 12  # every field at its longest, and growing when escaped
    for n in range(7):
        schedule = [
            {"day": n, "start": f"{8 + 2 * k:02d}:00", "end": f"{9 + 2 * k:02d}:00"} for k in range(3)
        ]
        group = await make.running_group(
            session, municipality, today, schedule, title=long[:300], address=long[:300]
        )
        group.name = long[:200]
        await make.enrollment_row(session, child, group)
    await session.commit()
    [week] = await h.send(PARENT, "📅 Расписание")
    text = week.text or ""
    assert len(text) <= 4096 and "<b>творчества</b>" not in text
    assert "…и ещё занятий: 9." in text  # 21 lessons, 12 shown
