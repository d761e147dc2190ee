"""Through the real dispatcher, money a parent can plan with: the card in one vocabulary with its money
history, «Что поместится» and the comparison, the request's warning and the provider's confirmation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.keyboards.catalog import EnCb
from bot.keyboards.certificates import CertCb
from bot.keyboards.money import FitCb
from bot.services.clock import FrozenClock
from bot.services.standing import active_certificate
from db.models import Enrollment, Municipality, OutboxMessage, Register, User
from tests import factories as make
from tests.handlers.harness import NOT_ALLOWED, Harness
from tests.handlers.test_screens_fit import check, long, walk

PARENT = 5001
NBSP = "\u00a0"

TEXTS = {
    "ru": {
        "fits": "Что поместится",
        "free": f"Свободно: 25{NBSP}000{NBSP}₽, до конца периода месяцев: 10.",
        "line": f"<b>Робототехника</b> — сертификат платит до 3{NBSP}000{NBSP}₽/мес; "
        "свободного хватит на 8 из 10 месяцев",
        "second": "Первая программа для сравнения — «Рисование». Теперь нажмите вторую.",
        "compare": "свободно останется:",
        "total": f"Всего на сертификате: 25{NBSP}000{NBSP}₽",
        "credit": f"начислен номинал: +25{NBSP}000{NBSP}₽",
        "warning": f"⚠️ Это меньше, чем обычно стоит месяц платного кружка в вашем округе (2{NBSP}000{NBSP}₽)",
        "left": "свободно для других кружков останется",
    },
    "en": {
        "fits": "What still fits",
        "free": "Free: ₽25,000; months left in the period: 10.",
        "line": "<b>Робототехника</b> — the certificate pays up to ₽3,000/month; "
        "the free money covers 8 of 10 months",
        "second": 'The first program to compare is "Рисование". Now press the second.',
        "compare": "stays free:",
        "total": "Total on the certificate: ₽25,000",
        "credit": "nominal credited: +₽25,000",
        "warning": "⚠️ That is less than a typical month of a paid club in your district (₽2,000)",
        "left": "stays free for other clubs",
    },
}


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_card_what_still_fits_and_the_comparison(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
    h: Harness,
    lang: str,
) -> None:
    w = await make.paid_choice(session, municipality, clock, balance=2_500_000)
    cert = await active_certificate(session, w.child.id)
    parent = await session.get(User, PARENT)
    assert cert is not None and parent is not None
    parent.locale = lang
    await session.commit()
    t = TEXTS[lang]
    [card] = [
        s
        for s in await h.press(PARENT, CertCb(action="card", id=cert.id).pack(), language_code=lang)
        if s.text
    ]
    text = card.text or ""
    assert t["total"] in text and t["credit"] in text  # one vocabulary; the money's movements in its history
    [fits] = [s for s in await h.press(PARENT, card.data_for(t["fits"]), language_code=lang) if s.text]
    assert fits.method == "EditMessageText"
    assert t["free"] in (fits.text or "") and t["line"] in (fits.text or ""), fits.text
    [second] = [s for s in await h.press(PARENT, fits.data_for("1. Рисование"), language_code=lang) if s.text]
    assert t["second"] in (second.text or "")
    assert not any("Рисование" in label for label, _ in second.buttons)  # the first pick is kept aside
    [compared] = [
        s for s in await h.press(PARENT, second.data_for("3. Робототехника"), language_code=lang) if s.text
    ]
    text = compared.text or ""
    assert "Рисование" in text and "Робототехника" in text and text.count(t["compare"]) == 2
    back = await h.press(PARENT, compared.data_for(t["fits"]), language_code=lang)
    assert t["free"] in (next(s for s in back if s.text).text or "")
    # another family's certificate is refused, and says so
    stranger = await h.press(777_001, FitCb(action="list", id=cert.id).pack(), language_code=lang)
    assert h.alerts(stranger) == [NOT_ALLOWED] if lang == "ru" else len(h.alerts(stranger)) == 1


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_the_request_warns_and_the_provider_sees_what_stays_free(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
    h: Harness,
    lang: str,
) -> None:
    municipality.low_balance_threshold_kopecks = 300_000
    w = await make.paid_choice(session, municipality, clock, balance=500_000)  # 5 000 ₽
    parent = await session.get(User, PARENT)
    assert parent is not None
    parent.locale = lang
    await session.commit()
    t = TEXTS[lang]
    asked = await h.press(PARENT, EnCb(action="rq", id=w.group.id, arg=w.child.id).pack(), language_code=lang)
    summary = next(s for s in asked if s.text)
    assert t["left"] in (summary.text or "") and t["warning"] in (summary.text or ""), summary.text
    await h.press(PARENT, summary.buttons[0][1] or "", language_code=lang)
    async with sessionmaker() as s:
        e = await s.scalar(select(Enrollment))
    assert e is not None
    provider = "📥 Заявки на зачисление"
    [listing] = await h.send(w.provider_user, provider)
    done = await h.press(w.provider_user, listing.data_for("Подтвердить №1"))
    text = done[0].text or ""
    assert "Зачисление подтверждено" in text and "свободно для других кружков осталось" in text
    assert "меньше, чем обычно стоит месяц платного кружка в округе (2\u00a0000\u00a0₽)" in text
    async with sessionmaker() as s:
        low = await s.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.chat_id == PARENT,
                OutboxMessage.payload["text_key"].as_string() == "money-low-balance",
            )
        )
    assert low == 1  # told when the reserve was taken


async def test_a_roomy_request_gives_no_warning(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock, h: Harness
) -> None:
    w = await make.paid_choice(session, municipality, clock, balance=10_000_000)
    asked = await h.press(PARENT, EnCb(action="rq", id=w.group.id, arg=w.child.id).pack())
    summary = next(s for s in asked if s.text)
    assert TEXTS["ru"]["left"] in (summary.text or "") and "⚠️" not in (summary.text or "")


async def test_an_accounting_certificate_offers_no_money_planning(
    session: AsyncSession, municipality: Municipality, h: Harness
) -> None:
    child = await make.child(session, PARENT, municipality)  # an accounting certificate: no money
    cert = await active_certificate(session, child.id)
    assert cert is not None
    await session.commit()
    [card] = [s for s in await h.press(PARENT, CertCb(action="card", id=cert.id).pack()) if s.text]
    labels = [label for label, _ in card.buttons]
    assert "📜 История операций" in labels and not any("Что поместится" in label for label in labels)


async def test_what_still_fits_pages_through_long_titles_within_telegrams_limits(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock, h: Harness
) -> None:
    w = await make.paid_choice(session, municipality, clock, balance=2_500_000)
    made = []
    for n in range(12):
        prog = await make.program(
            session,
            w.provider,
            title=long(f"{n:02d} Программа", 200),
            register=Register.CERTIFIED,
            price=50_000,
        )
        await make.group(session, prog)
        made.append(prog.id)
    cert = await active_certificate(session, w.child.id)
    assert cert is not None
    await session.commit()
    fits = await h.press(PARENT, FitCb(action="list", id=cert.id).pack())
    check(fits)
    picks = await walk(h, PARENT, fits, r"mf:pick:\d+:\d+:\d+:0")
    assert set(made) <= {int(data.split(":")[4]) for data in picks}  # every page reached
    second = await h.press(PARENT, picks[0])
    check(second)
    pairs = await walk(h, PARENT, second, r"mf:cmp:\d+:\d+:\d+:\d+")
    assert len(pairs) == len(picks) - 1  # every other program, the first kept aside
    check(await h.press(PARENT, pairs[-1]))
