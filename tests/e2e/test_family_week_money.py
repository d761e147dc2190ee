"""End to end, issue 13's family flows as people walk them over HTTP against the real bot: the dispute
«Ребёнок не занимался» from the write-off notice through the provider to staff, with the money back on
the certificate; the child's week and the clash warning before a request, in English; «🧮 Что
поместится» from the certificate card with the comparison; the warning when a request leaves less than a
typical month, and the provider's confirmation that says so too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.clock import FrozenClock
from bot.services.money import ledger
from db.models import (
    Child,
    Dispute,
    DisputeSide,
    DisputeState,
    Enrollment,
    EnrollmentStatus,
    LedgerEntry,
    LedgerKind,
    Municipality,
    OutboxMessage,
    User,
)
from tests import factories as make
from tests.dates import d
from tests.e2e.comms_helpers import eventually
from tests.e2e.fake_bot_api import FakeBotAPI
from tests.e2e.journey_helpers import assert_clean, say, tap

NBSP = "\u00a0"
OCT = d(2026, 10, 1)
PRICE = 100_000  # 1 000 ₽ a month
PARENT = 5001
PROVIDER = 6001


@asynccontextmanager
async def _seeding(
    sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality
) -> AsyncIterator[tuple[AsyncSession, Municipality]]:
    """A session of its own for the test's data, closed before the bot starts, and the test's
    municipality in it."""
    async with sessionmaker() as session:
        here = await session.get(Municipality, municipality.id)
        assert here is not None
        yield session, here


async def _speaks(sessionmaker: async_sessionmaker[AsyncSession], user_id: int, locale: str) -> None:
    async with sessionmaker.begin() as s:
        user = await s.get(User, user_id)
        assert user is not None
        user.locale = locale


async def test_a_disputed_month_goes_parent_provider_staff_and_the_money_returns(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI,
    running_app,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    async with _seeding(sessionmaker, municipality) as (session, here):
        c = await make.written_off(session, here, clock, OCT, price=PRICE)
        written = await ledger.balance_of(session, c.certificate_id)
    await running_app(clock=clock)
    parent, provider, staff = fake_api.user(c.parent), fake_api.user(c.member), fake_api.user(c.staff)
    month = f"{OCT:%m.%Y}"

    notice = await parent.wait_reply(f"Оплата за {month}")
    await parent.press("Ребёнок не занимался", message=notice)
    asked = await parent.wait_reply(f"Оспорить оплату за {month}?")
    assert f"с сертификата оплачено 1{NBSP}000{NBSP}₽" in asked.text
    opened = await tap(parent, "Да, оспорить", "Спор открыт")
    assert "Мы напишем, когда организация ответит" in opened

    note = await provider.wait_reply(f"Родитель оспаривает оплату за {month}")
    await provider.press("Подтвердить занятия", message=note)
    await provider.wait_reply("Какую долю занятий")
    await say(provider, "много", "целое число от 0 до 100")
    answered = await say(provider, "75%", "Ответ отправлен")
    assert "ребёнок посетил 75% занятий" in answered
    told = (await parent.wait_reply("Организация ответила на спор")).text
    assert "по её данным, ребёнок посетил 75% занятий" in told and "Опорный центр" in told

    to_staff = await staff.wait_reply("организация подтверждает 75% занятий")
    assert f"В пользу семьи на сертификат вернётся 1{NBSP}000{NBSP}₽" in to_staff.text
    await staff.press("Решить в пользу семьи", message=to_staff)
    decided = (await staff.wait_reply("решён в пользу семьи")).text
    assert f"Из оплаты организации вычтено 1{NBSP}000{NBSP}₽" in decided

    won = (await parent.wait_reply("решён в вашу пользу")).text
    assert f"На сертификат вернулось 1{NBSP}000{NBSP}₽" in won
    lost = (await provider.wait_reply("решён в пользу семьи")).text
    assert f"Из оплаты вычтено 1{NBSP}000{NBSP}₽" in lost

    async with sessionmaker() as s:
        dispute = await s.scalar(select(Dispute).where(Dispute.enrollment_id == c.enrollment_id))
        october = (
            await s.execute(
                select(LedgerEntry.kind, LedgerEntry.balance_delta, LedgerEntry.reserve_delta).where(
                    LedgerEntry.enrollment_id == c.enrollment_id, LedgerEntry.month == OCT
                )
            )
        ).all()
        after = await ledger.balance_of(s, c.certificate_id)
    assert dispute is not None
    assert (dispute.state, dispute.settled_for, dispute.settled_by) == (
        DisputeState.STAFF_SETTLED,
        DisputeSide.FAMILY,
        c.staff,
    )
    # October's payment went from the reserve to the provider and came back to the free money, once;
    # a later month the scheduler may write off when the test clock is past its 1st leaves both alone.
    assert sorted(october) == [(LedgerKind.REFUND, PRICE, 0), (LedgerKind.WRITEOFF, 0, -PRICE)], october
    assert after.balance == written.balance + PRICE

    # what the parent reads on the balance: the month back, in the history
    await parent.send("/balance")
    view = await parent.wait_reply("Всего на сертификате")
    await parent.press("История операций", message=view)
    history = (await parent.wait_reply(f"по спору за {month}")).text
    assert f"1{NBSP}000{NBSP}₽" in history
    await assert_clean(fake_api)


async def test_the_week_and_the_clash_warning_in_english(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI,
    running_app,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
    today: date,
) -> None:
    async with _seeding(sessionmaker, municipality) as (session, here):
        here.budget_program_limit = 5
        w = await make.world(session, here, parent_id=PARENT, provider_user=PROVIDER)
        w.group.starts_on, w.group.ends_on = today - timedelta(days=30), today + timedelta(days=90)
        w.group.schedule = [{"day": 0, "start": "17:45", "end": "19:00"}]
        w.program.address = "ул. Мира, 7"
        art = await make.running_group(
            session, here, today, [{"day": 0, "start": "16:00", "end": "17:30"}], title="Рисование"
        )
        await make.enrollment_row(session, w.child, art)
        child_name = w.child.first_name
        await session.commit()
    await _speaks(sessionmaker, PARENT, "en")
    await running_app(clock=clock)
    parent = fake_api.user(PARENT, language_code="en")
    provider = fake_api.user(PROVIDER)

    week = await say(parent, "📅 Timetable", f"Timetable: {child_name}")
    assert week.index("Monday") < week.index("16:00–17:30 «Рисование», Группа 1 — ул. Ленина, 1")
    assert "You can turn on reminders: 2 hours before a lesson" in week
    on = await tap(parent, "Remind me of lessons", "Reminders are on")
    assert "Рисование" in on

    await say(parent, "🔎 Find a club", "Clubs and classes")
    await say(parent, "Шахматы", "Programs found")
    card = await tap(parent, "Шахматы для начинающих", "Groups")
    assert w.group.name in card
    ask = await tap(parent, f"Apply: {w.group.name}", "Send the request?")
    assert "This clashes with the child's other lessons" in ask
    assert (
        "Mon 17:45–19:00: less than 30 minutes before or after «Рисование» (16:00–17:30) in another place"
        in ask
    ), ask
    await tap(parent, "Yes, send the request", "sent")

    await provider.send("📥 Заявки на зачисление")
    listing = (await provider.wait_reply("Занятия группы пересекаются")).text
    assert "⚠️ Занятия группы пересекаются с другими занятиями ребёнка: пн 17:45–19:00" in listing
    assert "Рисование" not in listing  # which other club is the family's business

    async def requested_with_reminders() -> None:
        async with sessionmaker() as s:
            statuses = (
                await s.scalars(select(Enrollment.status).where(Enrollment.group_id == w.group.id))
            ).all()
        assert statuses == [EnrollmentStatus.PENDING]
        async with sessionmaker() as s:
            child = await s.get(Child, w.child.id)
        assert child is not None and child.lesson_reminders is True

    await eventually(requested_with_reminders)
    await assert_clean(fake_api)


async def test_what_still_fits_from_the_certificate_card_and_the_comparison(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI,
    running_app,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    async with _seeding(sessionmaker, municipality) as (session, here):
        w = await make.paid_choice(session, here, clock, balance=2_500_000)
        child_name = w.child.first_name
    await running_app(clock=clock)
    parent = fake_api.user(PARENT)

    await say(parent, "👶 Мои дети", "Ваши дети")
    await tap(parent, child_name, "Сертификат")
    card = await tap(parent, "📄 Сертификат", "Всего на сертификате")
    assert f"Всего на сертификате: 25{NBSP}000{NBSP}₽" in card
    fits = await tap(parent, "Что поместится", "Свободно:")
    assert f"Свободно: 25{NBSP}000{NBSP}₽, до конца периода месяцев: 10." in fits
    assert (
        f"Робототехника — сертификат платит до 3{NBSP}000{NBSP}₽/мес; свободного хватит на 8 из 10 месяцев"
        in fits
    ), fits
    assert "Черновик" not in fits and "Для подростков" not in fits and "Дорогая" not in fits
    second = await tap(parent, "1. Рисование", "Первая программа для сравнения")
    assert "«Рисование». Теперь нажмите вторую" in second
    compared = await tap(parent, "3. Робототехника", "Сравнение")
    assert "Рисование" in compared and "Робототехника" in compared
    assert compared.count("свободно останется:") == 2, compared
    back = await tap(parent, "К списку «Что поместится»", "Свободно:")
    assert f"Свободно: 25{NBSP}000{NBSP}₽" in back

    async with sessionmaker() as s:
        entries = await s.scalar(select(func.count(LedgerEntry.id)))
        enrollments = await s.scalar(select(func.count(Enrollment.id)))
    assert (entries, enrollments) == (1, 0)  # looking and comparing move no money: the credit alone
    await assert_clean(fake_api)


async def test_a_request_that_leaves_less_than_a_month_warns_the_family_and_the_provider(  # type: ignore[no-untyped-def]
    fake_api: FakeBotAPI,
    running_app,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    async with _seeding(sessionmaker, municipality) as (session, here):
        here.low_balance_threshold_kopecks = 300_000
        w = await make.paid_choice(session, here, clock, balance=500_000)  # 5 000 ₽
        title, child_name = w.program.title, w.child.first_name
    await _speaks(sessionmaker, PARENT, "en")
    await running_app(clock=clock)
    parent = fake_api.user(PARENT, language_code="en")
    provider = fake_api.user(w.provider_user)

    await say(parent, "🔎 Find a club", "Clubs and classes")
    await say(parent, "Шахматы", "Programs found")
    await tap(parent, title, "Groups")
    await tap(parent, f"Apply: {w.group.name}", "Which child")  # two children: the one with the money
    ask = await tap(parent, child_name, "Send the request?")
    assert "stays free for other clubs" in ask
    assert "⚠️ That is less than a typical month of a paid club in your district (₽2,000)" in ask, ask
    assert "🧮 What still fits" in ask  # where to compare
    await tap(parent, "Yes, send the request", "sent")

    note = await provider.wait_reply("Новая заявка на зачисление")
    assert title in note.text
    await provider.press("Подтвердить", message=note)
    done = (await provider.wait_reply("Зачисление подтверждено")).text
    assert "свободно для других кружков осталось" in done
    assert f"меньше, чем обычно стоит месяц платного кружка в округе (2{NBSP}000{NBSP}₽)" in done

    low = (await parent.wait_reply("free (the warning threshold is")).text
    assert "₽3,000" in low and "🧮 What still fits" in low, low

    async def told_once() -> None:
        async with sessionmaker() as s:
            count = await s.scalar(
                select(func.count(OutboxMessage.id)).where(
                    OutboxMessage.chat_id == PARENT,
                    OutboxMessage.payload["text_key"].as_string() == "money-low-balance",
                )
            )
        assert count == 1

    await eventually(told_once)
    await assert_clean(fake_api)
