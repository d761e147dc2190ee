"""Disputes «Ребёнок не занимался»: each transition, who may make it, the window, the refund as one
reversing ledger entry (made once), the provider's lowered statement and the staff figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.render import render
from bot.keyboards.disputes import DisputeCb
from bot.services.clock import FrozenClock
from bot.services.desk import exports, reports
from bot.services.errors import DomainError, NotAllowed
from bot.services.money import disputes, ledger, writeoffs
from db.models import (
    AuditRecord,
    CertificateState,
    Dispute,
    DisputeSide,
    DisputeState,
    LedgerEntry,
    LedgerKind,
    Municipality,
    OutboxMessage,
)
from tests import factories as money_data
from tests.dates import d

OCT, NOV = d(2026, 10, 1), d(2026, 11, 1)
PRICE = 100_000
ADMIN = 4242  # an admin account (settings.admin_ids): told of disputes as staff are


@pytest.fixture
async def case(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> money_data.WrittenOff:
    return await money_data.written_off(session, municipality, clock, OCT, price=PRICE)


async def _open(session: AsyncSession, c: money_data.WrittenOff, clock: FrozenClock) -> int:
    await disputes.open_dispute(
        session, enrollment_id=c.enrollment_id, month=OCT, parent_id=c.parent, now=clock.now()
    )
    dispute_id = await session.scalar(select(Dispute.id).where(Dispute.enrollment_id == c.enrollment_id))
    assert dispute_id is not None
    return dispute_id


async def _notes(session: AsyncSession, chat_id: int) -> list[str]:
    rows = await session.scalars(
        select(OutboxMessage).where(OutboxMessage.chat_id == chat_id).order_by(OutboxMessage.id)
    )
    return [m.payload["text_key"] for m in rows]


async def _refunds(session: AsyncSession, c: money_data.WrittenOff) -> list[LedgerEntry]:
    rows = await session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.enrollment_id == c.enrollment_id, LedgerEntry.kind == LedgerKind.REFUND
        )
    )
    return list(rows)


def test_queued_callbacks_match_the_keyboard() -> None:
    assert disputes.month_code(OCT) == OCT.year * 100 + 10
    assert disputes.month_of_code(disputes.month_code(OCT)) == OCT
    with pytest.raises(DomainError):
        disputes.month_of_code(202613)


async def test_the_writeoff_notice_offers_the_dispute(
    session: AsyncSession, case: money_data.WrittenOff, core: FluentRuntimeCore
) -> None:
    notice = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.chat_id == case.parent, OutboxMessage.key.startswith("mo-writeoff:")
        )
    )
    assert notice is not None
    keys = [b["text_key"] for row in notice.payload["buttons"] for b in row]
    assert "dispute-btn-ask" in keys
    _, markup = render(core, "ru", notice.payload)
    assert markup is not None
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    asked = DisputeCb(action="ask", id=case.enrollment_id, month=disputes.month_code(OCT)).pack()
    assert asked in data


async def test_parent_opens_and_the_provider_is_asked(
    session: AsyncSession, case: money_data.WrittenOff, clock: FrozenClock
) -> None:
    dispute_id = await _open(session, case, clock)
    dispute = await session.get(Dispute, dispute_id)
    assert dispute is not None and dispute.state is DisputeState.OPEN and dispute.opened_by == case.parent
    assert await _notes(session, case.member) == ["dispute-note-opened"]
    note = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == case.member))
    assert note is not None and note.payload["args"]["child"].startswith("Ваня")  # the first name only
    assert note.payload["args"]["group"].startswith("Группа")
    assert await session.scalar(select(AuditRecord.action).where(AuditRecord.actor_id == case.parent)) == (
        "dispute_opened"
    )
    with pytest.raises(DomainError) as twice:
        await _open(session, case, clock)
    assert twice.value.key == "dispute-exists"


async def test_only_the_parent_within_the_window_and_only_a_written_off_month(
    session: AsyncSession, case: money_data.WrittenOff, clock: FrozenClock
) -> None:
    with pytest.raises(NotAllowed):
        await disputes.open_dispute(
            session, enrollment_id=case.enrollment_id, month=OCT, parent_id=case.member, now=clock.now()
        )
    with pytest.raises(DomainError) as late:
        await disputes.open_dispute(
            session,
            enrollment_id=case.enrollment_id,
            month=OCT,
            parent_id=case.parent,
            now=clock.now() + disputes.DISPUTE_WINDOW + timedelta(seconds=1),
        )
    assert late.value.key == "dispute-too-late" and late.value.args_ == {"days": disputes.DISPUTE_WINDOW.days}
    with pytest.raises(DomainError) as unpaid:
        await disputes.open_dispute(
            session, enrollment_id=case.enrollment_id, month=NOV, parent_id=case.parent, now=clock.now()
        )
    assert unpaid.value.key == "dispute-not-written-off"
    assert await session.scalar(select(func.count(Dispute.id))) == 0


async def _agree(
    session: AsyncSession, c: money_data.WrittenOff, dispute_id: int, clock: FrozenClock, provider_id: int = 0
) -> None:
    """The provider (or, given, another one) agrees."""
    provider_ids = frozenset({provider_id or c.provider_id})
    await disputes.agree(
        session, dispute_id=dispute_id, provider_ids=provider_ids, actor_id=c.member, now=clock.now()
    )


async def _confirm(
    session: AsyncSession, c: money_data.WrittenOff, dispute_id: int, clock: FrozenClock, percent: int
) -> None:
    await disputes.confirm(
        session,
        dispute_id=dispute_id,
        provider_ids=frozenset({c.provider_id}),
        actor_id=c.member,
        percent=percent,
        now=clock.now(),
        admin_ids=[ADMIN],
    )


async def _settle(
    session: AsyncSession,
    c: money_data.WrittenOff,
    dispute_id: int,
    clock: FrozenClock,
    municipality_id: int,
    for_family: bool,
) -> Dispute:
    dispute, _ = await disputes.settle(
        session,
        dispute_id=dispute_id,
        scope={municipality_id},
        actor_id=c.staff,
        for_family=for_family,
        now=clock.now(),
    )
    return dispute


async def test_provider_agrees_and_the_money_goes_back_once(
    session: AsyncSession, case: money_data.WrittenOff, clock: FrozenClock
) -> None:
    before = await ledger.balance_of(session, case.certificate_id)
    dispute_id = await _open(session, case, clock)
    with pytest.raises(NotAllowed):  # not its provider
        await _agree(session, case, dispute_id, clock, provider_id=case.provider_id + 1)
    await _agree(session, case, dispute_id, clock)
    dispute = await session.get(Dispute, dispute_id)
    assert dispute is not None and dispute.state is DisputeState.PROVIDER_AGREED
    assert (dispute.settled_for, dispute.refund_kopecks, dispute.answered_by) == (
        DisputeSide.FAMILY,
        PRICE,
        case.member,
    )
    [refund] = await _refunds(session, case)
    assert (refund.balance_delta, refund.reserve_delta, refund.month) == (PRICE, 0, OCT)
    assert refund.provider_id == case.provider_id
    after = await ledger.balance_of(session, case.certificate_id)
    assert after.balance == before.balance + PRICE and after.reserved == before.reserved
    writeoff = await ledger.written_off(session, case.enrollment_id, OCT)
    assert writeoff is not None and writeoff.reserve_delta == -PRICE  # never edited
    assert await _notes(session, case.parent) == ["money-writeoff-notice", "dispute-note-settled"]
    assert "dispute-note-settled-provider" in await _notes(session, case.member)
    with pytest.raises(DomainError) as again:
        await _agree(session, case, dispute_id, clock)
    assert again.value.key == "dispute-answered"
    assert await ledger.refund(session, writeoff, PRICE) is None  # the key was posted
    assert len(await _refunds(session, case)) == 1


async def test_provider_confirms_and_staff_settle_for_the_provider(
    session: AsyncSession, municipality: Municipality, case: money_data.WrittenOff, clock: FrozenClock
) -> None:
    dispute_id = await _open(session, case, clock)
    with pytest.raises(DomainError) as early:
        await _settle(session, case, dispute_id, clock, municipality.id, for_family=True)
    assert early.value.key == "dispute-not-answered"
    with pytest.raises(DomainError) as bad:
        await _confirm(session, case, dispute_id, clock, percent=101)
    assert bad.value.key == "dispute-bad-share"
    await _confirm(session, case, dispute_id, clock, percent=75)
    assert await _notes(session, case.staff) == ["dispute-note-to-staff"]
    assert await _notes(session, ADMIN) == ["dispute-note-to-staff"]
    assert "dispute-note-confirmed" in await _notes(session, case.parent)
    assert await _refunds(session, case) == []
    with pytest.raises(NotAllowed):  # staff of another municipality
        await _settle(session, case, dispute_id, clock, municipality.id + 1, for_family=False)
    dispute = await _settle(session, case, dispute_id, clock, municipality.id, for_family=False)
    assert dispute.state is DisputeState.STAFF_SETTLED and dispute.settled_for is DisputeSide.PROVIDER
    assert dispute.refund_kopecks == PRICE - PRICE * 75 // 100  # the unconfirmed quarter goes back
    [refund] = await _refunds(session, case)
    assert refund.balance_delta == PRICE // 4
    with pytest.raises(DomainError) as twice:
        await _settle(session, case, dispute_id, clock, municipality.id, for_family=True)
    assert twice.value.key == "dispute-settled"
    actions = await session.scalars(
        select(AuditRecord.action).where(AuditRecord.object_type == "enrollment").order_by(AuditRecord.id)
    )
    assert [a for a in actions if a.startswith("dispute")] == [
        "dispute_opened",
        "dispute_confirmed",
        "dispute_settled",
    ]


async def test_staff_settle_for_the_family_lowers_the_statement_and_count_it(
    session: AsyncSession, municipality: Municipality, case: money_data.WrittenOff, clock: FrozenClock
) -> None:
    dispute_id = await _open(session, case, clock)
    await _confirm(session, case, dispute_id, clock, percent=100)
    await _settle(session, case, dispute_id, clock, municipality.id, for_family=True)
    [refund] = await _refunds(session, case)
    assert refund.balance_delta == PRICE
    table = await exports.writeoffs(session, {municipality.id})
    [row] = [r for r in table.rows if r[2] == f"{OCT:%Y-%m}"]
    assert row[4] == exports.rubles(0)  # paid 1 000 ₽, all of it returned
    [figures] = await reports.disputes_by_provider(session, {municipality.id})
    assert (figures.opened, figures.for_family) == (1, 1)
    assert await reports.disputes_by_provider(session, {municipality.id + 1}) == []


async def test_statement_sent_after_a_refund_shows_the_lower_sum(
    session: AsyncSession, case: money_data.WrittenOff, clock: FrozenClock
) -> None:
    dispute_id = await _open(session, case, clock)
    await _agree(session, case, dispute_id, clock)
    await writeoffs._statements_for(session, true(), OCT, clock.now())
    statement = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.chat_id == case.member, OutboxMessage.key.startswith("mo-pv:")
        )
    )
    assert statement is not None and statement.payload["args"]["amount_kopecks"] == 0


async def test_on_a_closed_certificate_the_refund_expires_at_once(
    session: AsyncSession, case: money_data.WrittenOff, clock: FrozenClock
) -> None:
    """Nothing stays free to use on a closed certificate: the provider is not paid, the family is told
    why the money is not back."""
    dispute_id = await _open(session, case, clock)
    certificate = await money_data.certificate_by_id(session, case.certificate_id)
    certificate.state = CertificateState.CLOSED
    before = await ledger.balance_of(session, case.certificate_id)
    await _agree(session, case, dispute_id, clock)
    assert await ledger.balance_of(session, case.certificate_id) == before
    [refund] = await _refunds(session, case)
    expired = await session.scalar(select(LedgerEntry).where(LedgerEntry.key == f"expire:{refund.key}"))
    assert expired is not None and expired.balance_delta == -PRICE
    note = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.chat_id == case.parent, OutboxMessage.key.startswith("dsp:")
        )
    )
    assert note is not None and note.payload["args"]["closed"] == 1


@pytest.mark.parametrize("for_family", [True, False])
async def test_every_note_renders_in_both_languages(
    session: AsyncSession,
    municipality: Municipality,
    case: money_data.WrittenOff,
    clock: FrozenClock,
    core: Any,
    for_family: bool,
) -> None:
    dispute_id = await _open(session, case, clock)
    await _confirm(session, case, dispute_id, clock, percent=40)
    await _settle(session, case, dispute_id, clock, municipality.id, for_family=for_family)
    notes = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("dsp:"))))
    assert {m.payload["text_key"] for m in notes} == {
        "dispute-note-opened",
        "dispute-note-confirmed",
        "dispute-note-to-staff",
        "dispute-note-settled",
        "dispute-note-settled-provider",
    }
    for message in notes:
        for locale in ("ru", "en"):
            text, markup = render(core, locale, message.payload)
            assert "Ваня" in text and "{" not in text, (locale, text)
            for row in markup.inline_keyboard if markup else []:
                assert all(b.text and "{" not in b.text for b in row)
