"""Money in chat: the balance view and its history, the status change, the child's own account, the
provider's lesson report, and forged callbacks that change nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.certificates import CertCb
from bot.keyboards.money import MoneyCb
from bot.services.clock import FrozenClock
from bot.services.money import balances, ledger
from db.models import Certificate, CertificateKind, LedgerKind, LessonReport, Municipality
from tests import factories as make
from tests.dates import at, d, year
from tests.handlers.harness import STALE_BUTTON, Harness


async def test_balance_and_paginated_history(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    p = await make.paid(session, municipality, user.id, price=100_000)
    for n in range(5):  # 7 entries in all: two pages of five
        await ledger.post(
            session,
            certificate_id=p.certificate.id,
            kind=LedgerKind.CREDIT,
            key=f"extra{n}",
            balance_delta=100,
        )
    await session.commit()

    async with Harness(settings, sessionmaker, clock) as h:
        [view] = await h.send(user.id, "/balance")
        assert "Всего на сертификате: <b>10\u00a0005\u00a0₽</b>" in (view.text or "")
        assert "в резерве за кружки: 9\u00a0000\u00a0₽" in (view.text or "")
        first = await h.press(user.id, view.data_for("История операций"))
        assert "страница 1 из 2" in (first[0].text or "")
        older = await h.press(user.id, first[0].data_for("Старее"))
        text = older[0].text or ""
        assert "страница 2 из 2" in text and "ушло в резерв за кружок «Робототехника &lt;" in text
        assert "начислен номинал: +10\u00a0000\u00a0₽" in text
        back = await h.press(user.id, older[0].data_for("Назад"))
        assert back[0].method == "EditMessageText" and "Всего на сертификате" in (back[0].text or "")


async def test_forged_callbacks_alert_and_change_nothing(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    owner = await make.user(session)
    cert = await make.certificate(session, municipality, owner.id, kind=CertificateKind.ACCOUNTING)
    await session.commit()
    stranger = 777_001
    async with Harness(settings, sessionmaker, clock) as h:
        for action in ("view", "hist", "kind", "kindok", "link"):
            sent = await h.press(stranger, MoneyCb(action=action, id=cert.id, to="financing").pack())
            assert h.alerts(sent) == ["Это действие вам недоступно."], action
        missing = await h.press(stranger, MoneyCb(action="view", id=99_999).pack())
        assert "Не нашёл" in h.alerts(missing)[0]
    async with sessionmaker() as s:
        again = await s.get(Certificate, cert.id)
        assert again is not None and again.kind is CertificateKind.ACCOUNTING
        assert again.child is not None and again.child.link_code is None


async def test_parent_switches_to_financing_and_the_quota_refuses_politely(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    await make.certificate(session, municipality, user.id)
    await make.certificate(session, municipality, user.id)  # the quota of 2 is now full
    cert = await make.certificate(session, municipality, user.id, kind=CertificateKind.ACCOUNTING)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        ask = await h.press(user.id, MoneyCb(action="kind", id=cert.id).pack())
        assert "сертификат финансирования" in (ask[0].text or "")
        refused = await h.press(user.id, ask[0].data_for("Подтвердить"))
        assert "квота: 2" in h.alerts(refused)[0]


async def test_a_teen_links_his_account_through_the_parents_link(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    cert = await make.certificate(
        session, municipality, user.id, born=d(2011, 2, 1), kind=CertificateKind.ACCOUNTING
    )
    await session.commit()
    teen = 777_002
    async with Harness(settings, sessionmaker, clock) as h:
        [view] = await h.send(user.id, "/balance")
        shown = await h.press(user.id, view.data_for("Привязать аккаунт ребёнка"))
        text = next(s.text or "" for s in shown if s.method == "EditMessageText")
        assert "https://t.me/test_bot?start=link_" in text
        code = text.split("start=")[1].split()[0]
        linked = await h.send(teen, f"/start {code}")
        assert "привязан" in (linked[0].text or "")
        assert linked[1].data_for("Перевести в сертификат финансирования")
        ask = await h.press(teen, linked[1].data_for("Перевести в сертификат финансирования"))
        done = await h.press(teen, ask[0].data_for("Подтвердить"))
        assert "Всего на сертификате" in (done[0].text or "")
        assert h.alerts(done) == ["✅ Готово: теперь это сертификат финансирования."]
        again = await h.press(teen, ask[0].data_for("Подтвердить"))  # a double tap flips nothing back
        assert h.alerts(again) == ["У сертификата уже этот статус."]
        forged = await h.press(teen, f"mo:kindok:{cert.id}:0:gold")
        assert h.alerts(forged) == [STALE_BUTTON]
        async with sessionmaker() as s:
            switched = await s.get(Certificate, cert.id)
        assert switched is not None and switched.kind is CertificateKind.FINANCING
        reused = await h.send(777_003, f"/start {code}")
        assert "недействительна" in (reused[0].text or "")


async def test_provider_reports_the_share_of_lessons(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    clock.set(at(2026, 11, 23, 9))  # the report is for the current month: November
    family = await make.user(session)
    teacher = await make.user(session)
    p = await make.paid(session, municipality, family.id, member_id=teacher.id)
    foreign = await make.paid_group(session, municipality)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        [choose] = await h.send(teacher.id, "/lessons")
        assert len(choose.buttons) == 1
        forged = await h.press(teacher.id, MoneyCb(action="group", id=foreign.id).pack())
        assert h.alerts(forged) == ["Это действие вам недоступно."]
        ask = await h.press(teacher.id, choose.buttons[0][1] or "")
        assert f"11.{year(2026)}" in (ask[0].text or "")
        for wrong in ("много", "150", "-5"):
            [bad] = await h.send(teacher.id, wrong)
            assert "от 0 до 100" in (bad.text or "")
        [saved] = await h.send(teacher.id, "80 %")
        assert "80%" in (saved.text or "")
        outsider = await h.send(777_004, "/lessons")
        assert all("группу" not in (s.text or "") for s in outsider)
    async with sessionmaker() as s:
        report = await s.scalar(select(LessonReport).where(LessonReport.group_id == p.enrollment.group_id))
        assert report is not None and (report.month, report.share_percent) == (d(2026, 11, 1), 80)


async def test_the_certificate_card_leads_to_the_history_and_the_money_view(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    cert = await make.certificate(session, municipality, user.id, born=d(2011, 2, 1))
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        [card] = [s for s in await h.press(user.id, CertCb(action="card", id=cert.id).pack()) if s.buttons]
        history = await h.press(user.id, card.data_for("История операций"))
        assert "начислен номинал: +10\u00a0000\u00a0₽" in (history[0].text or "")
        [view] = [s for s in await h.press(user.id, card.data_for("Статус и аккаунт ребёнка")) if s.buttons]
        assert view.data_for("Привязать аккаунт ребёнка")


async def test_the_balance_names_each_clubs_reserve_and_monthly_part(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    user = await make.user(session)
    english = await make.user(session, locale="en")
    cert = await make.certificate(session, municipality, user.id)
    for price in (40_000, 30_000):
        await make.enroll(session, cert, await make.paid_group(session, municipality, price=price))
    await make.paid(session, municipality, english.id, price=40_000)
    await session.commit()
    held = await balances.reserves_of(session, cert.id)
    assert [r.monthly for r in held] == [40_000, 30_000]
    assert sum(r.held for r in held) == (await ledger.balance_of(session, cert.id)).reserved

    async with Harness(settings, sessionmaker, clock) as h:
        [view] = await h.send(user.id, "/balance")
        text = view.text or ""
        for r in held:
            line = f"«{r.program.replace('<', '&lt;').replace('>', '&gt;')}», {r.group}: "
            assert line in text, text
        assert "400\u00a0₽/мес с сертификата, в резерве" in text
        assert "300\u00a0₽/мес с сертификата, в резерве" in text
        [view_en] = await h.send(english.id, "/balance")
        assert "₽400/month from the certificate, reserved" in (view_en.text or "")
