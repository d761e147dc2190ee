"""Disputes «Ребёнок не занимался» in chat: the parent opens one from the write-off notice, the provider
answers from its note, staff settle from theirs; in Russian and English; presses by the wrong person
change nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.render import callback_data
from bot.keyboards.desk import RepCb
from bot.keyboards.disputes import DisputeCb
from bot.services.clock import FrozenClock
from bot.services.money import disputes, ledger
from db.models import Dispute, DisputeSide, DisputeState, LedgerEntry, LedgerKind, Municipality, OutboxMessage
from tests import factories as money_data
from tests.dates import d
from tests.handlers.harness import NOT_ALLOWED, STALE_BUTTON, Harness

OCT = d(2026, 10, 1)
PRICE = 100_000


async def _note(
    sessionmaker: async_sessionmaker[AsyncSession], chat_id: int, text_key: str
) -> dict[str, Any]:
    """The payload of the note queued for `chat_id`, whose buttons the person presses next."""
    async with sessionmaker() as s:
        rows = await s.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == chat_id))
        [payload] = [m.payload for m in rows if m.payload.get("text_key") == text_key]
    return payload


def _data(payload: dict[str, Any], text_key: str) -> str:
    [spec] = [b for row in payload["buttons"] for b in row if b["text_key"] == text_key]
    return str(callback_data(spec))


async def _dispute(sessionmaker: async_sessionmaker[AsyncSession], enrollment_id: int) -> Dispute:
    async with sessionmaker() as s:
        found = await s.scalar(select(Dispute).where(Dispute.enrollment_id == enrollment_id))
    assert found is not None
    return found


async def _refunded(sessionmaker: async_sessionmaker[AsyncSession], enrollment_id: int) -> int:
    async with sessionmaker() as s:
        rows = await s.scalars(
            select(LedgerEntry.balance_delta).where(
                LedgerEntry.enrollment_id == enrollment_id, LedgerEntry.kind == LedgerKind.REFUND
            )
        )
        return sum(rows)


async def test_parent_provider_staff_in_russian(
    h: Harness,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    c = await money_data.written_off(session, municipality, clock, OCT, price=PRICE)
    notice = await _note(sessionmaker, c.parent, "money-writeoff-notice")

    [asked, _] = await h.press(c.parent, _data(notice, "dispute-btn-ask"))
    assert asked.method == "SendMessage" and f"Оспорить оплату за {OCT:%m.%Y}?" in (asked.text or "")
    assert "Ваня" in (asked.text or "") and "1\u00a0000\u00a0₽" in (asked.text or "")
    [opened, _] = await h.press(c.parent, asked.data_for("Да, оспорить"))
    assert opened.method == "EditMessageText" and "Спор открыт" in (opened.text or "")
    again = await h.press(c.parent, asked.data_for("Да, оспорить"))
    assert h.alerts(again) == ["Спор об оплате за этот месяц уже открыт. Мы сообщим о решении."]

    to_provider = await _note(sessionmaker, c.member, "dispute-note-opened")
    [question, _] = await h.press(c.member, _data(to_provider, "dispute-btn-confirm"))
    assert "Какую долю занятий" in (question.text or "")
    [wrong] = await h.send(c.member, "много")
    assert "целое число от 0 до 100" in (wrong.text or "")
    [confirmed] = await h.send(c.member, "75%")
    assert "ребёнок посетил 75% занятий" in (confirmed.text or "")
    assert (await _dispute(sessionmaker, c.enrollment_id)).state is DisputeState.PROVIDER_CONFIRMED
    told = await _note(sessionmaker, c.parent, "dispute-note-confirmed")
    assert told["args"]["percent"] == 75

    to_staff = await _note(sessionmaker, c.staff, "dispute-note-to-staff")
    [settled, _] = await h.press(c.staff, _data(to_staff, "dispute-btn-family"))
    assert "решён в пользу семьи" in (settled.text or "") and "1\u00a0000\u00a0₽" in (settled.text or "")
    dispute = await _dispute(sessionmaker, c.enrollment_id)
    assert (dispute.state, dispute.settled_for, dispute.settled_by) == (
        DisputeState.STAFF_SETTLED,
        DisputeSide.FAMILY,
        c.staff,
    )
    assert await _refunded(sessionmaker, c.enrollment_id) == PRICE
    twice = await h.press(c.staff, _data(to_staff, "dispute-btn-provider"))
    assert h.alerts(twice) == ["Этот спор уже решён."]
    assert await _refunded(sessionmaker, c.enrollment_id) == PRICE

    [history] = await h.send(c.parent, "/balance")
    page = await h.press(c.parent, history.data_for("История операций"))
    assert f"по спору за {OCT:%m.%Y}" in (page[0].text or "")


async def test_provider_agrees_in_english_and_staff_see_the_figures(
    h: Harness,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    c = await money_data.written_off(session, municipality, clock, OCT, price=PRICE, locale="en")
    before = await ledger.balance_of(session, c.certificate_id)
    await session.commit()

    [asked, _] = await h.press(
        c.parent,
        DisputeCb(action="ask", id=c.enrollment_id, month=disputes.month_code(OCT)).pack(),
        language_code="en",
    )
    assert f"Dispute the payment for {OCT:%m.%Y}?" in (asked.text or "")
    [opened, _] = await h.press(c.parent, asked.data_for("Yes, dispute"), language_code="en")
    assert "Dispute opened" in (opened.text or "")

    to_provider = await _note(sessionmaker, c.member, "dispute-note-opened")
    [agreed, _] = await h.press(c.member, _data(to_provider, "dispute-btn-agree"), language_code="en")
    assert "You agreed: the payment of ₽1,000" in (agreed.text or "") and "statement" in (agreed.text or "")
    async with sessionmaker() as s:
        after = await ledger.balance_of(s, c.certificate_id)
    assert after.balance == before.balance + PRICE
    assert (await _note(sessionmaker, c.parent, "dispute-note-settled"))["args"]["side"] == "family"

    [figures, _] = await h.press(c.staff, RepCb(action="figures").pack(), language_code="en")
    assert 'Disputes "The child did not attend"' in (figures.text or "")
    assert ": 1 / 1" in (figures.text or "")


async def test_presses_by_the_wrong_person_change_nothing(
    h: Harness,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    c = await money_data.written_off(session, municipality, clock, OCT, price=PRICE)
    other = await money_data.written_off(session, municipality, clock, OCT, price=PRICE)

    stranger = await h.press(
        other.parent, DisputeCb(action="ask", id=c.enrollment_id, month=disputes.month_code(OCT)).pack()
    )
    assert h.alerts(stranger) == [NOT_ALLOWED]
    [asked, _] = await h.press(
        c.parent, DisputeCb(action="ask", id=c.enrollment_id, month=disputes.month_code(OCT)).pack()
    )
    await h.press(c.parent, asked.data_for("Да, оспорить"))
    to_provider = await _note(sessionmaker, c.member, "dispute-note-opened")

    assert h.alerts(await h.press(other.member, _data(to_provider, "dispute-btn-agree"))) == [NOT_ALLOWED]
    assert h.alerts(await h.press(c.parent, _data(to_provider, "dispute-btn-agree"))) == [STALE_BUTTON]
    # staff cannot settle before the provider answers
    early = await h.press(
        c.staff, DisputeCb(action="family", id=(await _dispute(sessionmaker, c.enrollment_id)).id).pack()
    )
    assert "ещё не ответила" in h.alerts(early)[0]
    assert (await _dispute(sessionmaker, c.enrollment_id)).state is DisputeState.OPEN
    assert await _refunded(sessionmaker, c.enrollment_id) == 0


async def test_a_missed_note_is_found_again_in_the_lists(
    h: Harness,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    """The provider finds the disputes it has not answered under «Заявки», staff find the answered ones
    under «Модерация»; each sees only its own, and answers from the list as from the note."""
    c = await money_data.written_off(session, municipality, clock, OCT, price=PRICE)
    other = await money_data.written_off(session, municipality, clock, OCT, price=PRICE)
    await disputes.open_dispute(
        session, enrollment_id=c.enrollment_id, month=OCT, parent_id=c.parent, now=clock.now()
    )
    await session.commit()

    [requests] = await h.send(c.member, "📥 Заявки на зачисление")
    [listed, _] = await h.press(c.member, requests.data_for("⚖️ Споры об оплате (1)"))
    assert "ждут вашего ответа: 1" in (listed.text or "")
    assert f"1. {OCT:%m.%Y}: Ваня" in (listed.text or "") and "1\u00a0000\u00a0₽" in (listed.text or "")
    [theirs] = await h.send(other.member, "📥 Заявки на зачисление")
    assert "Споры об оплате" not in str(theirs.buttons)
    [nothing, _] = await h.press(other.member, DisputeCb(action="to_answer").pack())
    assert "Споров об оплате, которые ждут вашего решения, нет" in (nothing.text or "")

    [question, _] = await h.press(c.member, listed.data_for("1 · 📝 Подтвердить занятия"))
    assert "Какую долю занятий" in (question.text or "")
    [confirmed] = await h.send(c.member, "50")
    assert "ребёнок посетил 50% занятий" in (confirmed.text or "")
    assert "Споры об оплате" not in str(confirmed.buttons)  # nothing else waits

    [queue] = await h.send(c.staff, "🛡 Модерация программ")
    [to_settle, _] = await h.press(c.staff, queue.data_for("⚖️ Споры об оплате (1)"))
    assert "подтверждает 50% занятий" in (to_settle.text or "") and "500\u00a0₽" in (to_settle.text or "")
    refused = await h.press(c.parent, DisputeCb(action="to_settle").pack())
    assert h.alerts(refused) and "Споры об оплате" not in " ".join(r.text or "" for r in refused)
    [settled, _] = await h.press(c.staff, to_settle.data_for("1 · 🏫 В пользу организации"))
    assert "решён в пользу организации" in (settled.text or "")
    assert await _refunded(sessionmaker, c.enrollment_id) == PRICE // 2
    [empty] = await h.send(c.staff, "🛡 Модерация программ")
    assert "Споры об оплате" not in str(empty.buttons)


async def test_the_lists_in_english(
    h: Harness,
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    c = await money_data.written_off(session, municipality, clock, OCT, price=PRICE, locale="en")
    await disputes.open_dispute(
        session, enrollment_id=c.enrollment_id, month=OCT, parent_id=c.parent, now=clock.now()
    )
    await session.commit()
    [listed, _] = await h.press(c.member, DisputeCb(action="to_answer").pack(), language_code="en")
    assert "Payment disputes waiting for your answer: 1" in (listed.text or "")
    [agreed, _] = await h.press(c.member, listed.data_for("1 · ✅ Return the payment"), language_code="en")
    assert "You agreed" in (agreed.text or "")
