"""Closing a certificate, by each of its causes (staff, the 18th birthday, consent withdrawal): the
child's enrollments end through the enrollment service (seat freed and offered to the waiting list, what
was studied kept for the provider, the rest of the reserve released), the free balance expires, the
history and the audit log record it, and the family is told once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.render import render
from bot.keyboards.certificates import CertCb
from bot.services.clock import FrozenClock
from bot.services.enrollment import requests as enrollment
from bot.services.family import certificates, consent, rollover
from bot.services.money import ledger, writeoffs
from db.models import (
    AuditRecord,
    Certificate,
    CertificateEvent,
    CertificateKind,
    CertificateState,
    Enrollment,
    EnrollmentStatus,
    Group,
    LedgerEntry,
    LedgerKind,
    LessonReport,
    Municipality,
    OutboxMessage,
    Register,
    User,
    WaitlistEntry,
    WaitlistStatus,
)
from tests import factories as make
from tests.dates import at, d

PARENT, WAITING_PARENT, PROVIDER_USER, STAFF = 5001, 5101, 6001, 7003
BALANCE = 1_000_000
PRICE = 100_000  # the certificate's part a month
# Confirmed on 2 November, closed on 23 November: 22 of November's 30 days studied.
STUDIED = PRICE * 22 // 30  # 73 333 kopecks stay reserved for the provider


@dataclass
class Seat:
    """A child holding the only seat of a paid group, another child waiting for it."""

    group: Group
    enrollment: Enrollment
    certificate: Certificate
    waiting: WaitlistEntry


async def _seat(session: AsyncSession, municipality: Municipality, clock: FrozenClock, birth: date) -> Seat:
    clock.set(at(2026, 11, 2, 9))
    w = await make.world(
        session,
        municipality,
        parent_id=PARENT,
        provider_user=PROVIDER_USER,
        register=Register.CERTIFIED,
        kind=CertificateKind.FINANCING,
        balance=BALANCE,
        price=PRICE,
        capacity=1,
        ages=(5, 17),
        birth=birth,
    )
    held = await make.enrolled(session, w, clock)
    other = await make.child(
        session, WAITING_PARENT, municipality, kind=CertificateKind.FINANCING, balance=BALANCE
    )
    entry, _ = await enrollment.join_waitlist(
        session, parent_id=WAITING_PARENT, child_id=other.id, group_id=w.group.id, today=clock.today()
    )
    certificate = await session.scalar(select(Certificate).where(Certificate.child_id == w.child.id))
    assert certificate is not None
    await session.commit()
    await session.refresh(w.group)
    assert w.group.seats_taken == 1
    clock.set(at(2026, 11, 23, 9))
    return Seat(w.group, held, certificate, entry)


async def _keys(session: AsyncSession, chat_id: int) -> list[str]:
    return [r.payload["text_key"] for r in await make.outbox_for(session, chat_id)]


async def _closing_notice(session: AsyncSession, chat_id: int) -> OutboxMessage:
    """The family's one notice of the closing."""
    notices = await make.outbox_for(session, chat_id)
    [notice] = [r for r in notices if r.payload["text_key"] == "certificates-closed"]
    return notice


async def _movements(session: AsyncSession, certificate_id: int) -> list[tuple[LedgerKind, int, int]]:
    rows = await session.execute(
        select(LedgerEntry.kind, LedgerEntry.balance_delta, LedgerEntry.reserve_delta)
        .where(LedgerEntry.certificate_id == certificate_id)
        .order_by(LedgerEntry.id)
    )
    return [(kind, balance, reserve) for kind, balance, reserve in rows]


async def _assert_closed_and_settled(
    session: AsyncSession, seat: Seat, clock: FrozenClock, *, provider_reason: str, lessons: int = 100
) -> None:
    """What every closing does: the enrollment ended, the seat freed and offered on, the money settled
    (studied days reserved, the rest released and expired), the provider told the child left. Then
    November's write-off, with `lessons` per cent of the lessons given, pays the provider."""
    await session.refresh(seat.certificate)
    await session.refresh(seat.enrollment)
    await session.refresh(seat.group)
    await session.refresh(seat.waiting)
    assert seat.certificate.state is CertificateState.CLOSED
    assert seat.enrollment.status is EnrollmentStatus.ENDED
    assert seat.group.seats_taken == 0
    assert seat.waiting.status is WaitlistStatus.OFFERED
    assert await _keys(session, WAITING_PARENT) == ["enroll-note-offer"]

    movements = await _movements(session, seat.certificate.id)
    assert [kind for kind, _, _ in movements] == [
        LedgerKind.CREDIT,
        LedgerKind.RESERVE,
        LedgerKind.RELEASE,
        LedgerKind.EXPIRE,
    ]
    reserved = movements[1][2]
    assert movements[2][1:] == (reserved - STUDIED, -(reserved - STUDIED))
    assert movements[3][1:] == (-(BALANCE - STUDIED), 0)
    assert await ledger.balance_of(session, seat.certificate.id) == ledger.Balance(0, STUDIED)

    provider_notes = await make.outbox_for(session, PROVIDER_USER)
    [ended] = [n for n in provider_notes if n.payload["text_key"] == "enroll-note-provider-ended"]
    assert ended.payload["args"]["reason"] == provider_reason

    # The month's write-off pays the provider the days studied (what the lessons given leave unpaid
    # expires too) and leaves the closed certificate empty: all it was credited is paid or expired.
    november = d(2026, 11, 1)
    if lessons != 100:
        session.add(LessonReport(group_id=seat.group.id, month=november, share_percent=lessons))
    clock.set(at(2026, 12, 1, 9))
    assert await writeoffs.charge(session, seat.enrollment, november, clock) == STUDIED * lessons // 100
    assert await ledger.balance_of(session, seat.certificate.id) == ledger.Balance(0, 0)
    paid = await session.scalar(
        select(func.sum(-LedgerEntry.reserve_delta)).where(
            LedgerEntry.certificate_id == seat.certificate.id, LedgerEntry.kind == LedgerKind.WRITEOFF
        )
    )
    assert paid == STUDIED * lessons // 100
    total = await session.scalar(
        select(func.sum(LedgerEntry.balance_delta + LedgerEntry.reserve_delta)).where(
            LedgerEntry.certificate_id == seat.certificate.id
        )
    )
    assert total == 0


async def test_staff_close_ends_the_enrollment_settles_the_money_and_tells_the_family_once(
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
    core: FluentRuntimeCore,
) -> None:
    seat = await _seat(session, municipality, clock, d(2015, 3, 5))
    await make.user(session, STAFF)
    await certificates.change_state(
        session,
        staff_id=STAFF,
        staff_municipality_ids=[municipality.id],
        certificate_id=seat.certificate.id,
        action="close",
        reason="переезд в другой регион",
        now=clock.now(),
        today=clock.today(),
    )
    await session.commit()

    await _assert_closed_and_settled(session, seat, clock, provider_reason="certificate_closed")
    notice = await _closing_notice(session, PARENT)
    args = notice.payload["args"]
    assert (args["cause"], args["reason"], args["ended"]) == ("staff", "переезд в другой регион", 1)
    _, markup = render(core, "ru", notice.payload)
    assert markup is not None
    assert markup.inline_keyboard[0][0].callback_data == CertCb(action="card", id=seat.certificate.id).pack()
    event = await session.scalar(
        select(CertificateEvent).where(
            CertificateEvent.certificate_id == seat.certificate.id, CertificateEvent.action == "close"
        )
    )
    assert event is not None and event.actor_id == STAFF and event.details["cause"] == "staff"
    audited = await session.scalar(select(AuditRecord).where(AuditRecord.action == "certificate.close"))
    assert audited is not None and (audited.actor_id, audited.actor_role) == (STAFF, "staff")
    assert await _keys(session, PARENT) == [
        "enroll-note-confirmed",
        "certificates-closed",
        "money-writeoff-notice",
    ]


async def test_the_18th_birthday_closes_through_the_daily_check(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    seat = await _seat(session, municipality, clock, d(2008, 11, 23))  # 18 on 23 November
    await session.commit()

    await rollover.run(sessionmaker, clock)
    await rollover.run(sessionmaker, clock)  # the same day again: nothing closes or is told twice

    await _assert_closed_and_settled(session, seat, clock, provider_reason="certificate_closed")
    assert seat.certificate.state_reason == "age_18"
    notice = await _closing_notice(session, PARENT)
    assert (notice.payload["args"]["cause"], notice.payload["args"]["ended"]) == ("age_18", 1)
    audited = await session.scalar(select(AuditRecord).where(AuditRecord.action == "certificate.close"))
    assert audited is not None and (audited.actor_id, audited.actor_role) == (None, "system")
    closings = await session.scalar(
        select(func.count(CertificateEvent.id)).where(CertificateEvent.action == "close")
    )
    assert closings == 1


async def test_consent_withdrawal_closes_and_anonymises(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    seat = await _seat(session, municipality, clock, d(2015, 3, 5))
    parent = await session.get(User, PARENT)
    assert parent is not None

    assert await consent.withdraw(session, parent, clock.now(), clock.today()) == 1
    await session.commit()

    notice = await _closing_notice(session, PARENT)
    assert (notice.payload["args"]["cause"], notice.payload["args"]["ended"]) == ("consent_withdrawn", 1)
    assert "buttons" not in notice.payload  # the child's data is gone: no card to open
    await _assert_closed_and_settled(session, seat, clock, provider_reason="family", lessons=50)
    assert seat.certificate.anonymised and seat.certificate.child_id is None
    assert seat.certificate.state_reason == "consent_withdrawn"
    audited = await session.scalar(select(AuditRecord).where(AuditRecord.action == "certificate.close"))
    assert audited is not None and (audited.actor_id, audited.actor_role) == (PARENT, "parent")
    # The write-off paid the provider; the family, whose data is deleted, is told nothing more.
    assert await _keys(session, PARENT) == ["enroll-note-confirmed", "certificates-closed"]
