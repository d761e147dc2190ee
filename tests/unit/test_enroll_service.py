"""Enrollment requests: every refusal reason, confirmation with money, withdrawal, ending, forged ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.render import render
from bot.keyboards.provider import PvCb
from bot.services.clock import FrozenClock
from bot.services.enrollment import requests as enrollment
from bot.services.errors import DomainError, NotAllowed
from bot.services.money import ledger
from db.models import (
    CertificateApplication,
    CertificateKind,
    Enrollment,
    EnrollmentStatus,
    Group,
    LedgerEntry,
    LedgerKind,
    Municipality,
    Register,
)
from tests import factories as make
from tests.dates import at, monday_morning, years_ago

TZ = ZoneInfo("Europe/Moscow")


async def _request(
    session: AsyncSession, w: make.World, clock: FrozenClock, child_id: int | None = None
) -> Enrollment:
    e = await make.requested(session, w, clock, child_id=child_id)
    await session.commit()
    return e


def test_working_days_skip_the_weekend() -> None:
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert enrollment.add_working_days(friday, 1, TZ) == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    saturday = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert enrollment.add_working_days(saturday, 5, TZ) == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


async def test_request_waits_for_the_provider_with_a_working_day_deadline(
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
    core: FluentRuntimeCore,
) -> None:
    monday = monday_morning(clock.now())
    clock.set(monday)
    w = await make.world(session, municipality)
    e = await _request(session, w, clock)
    assert e.status is EnrollmentStatus.PENDING
    assert e.deadline_at is not None
    assert e.deadline_at.replace(tzinfo=UTC) == monday + timedelta(days=7)  # Mon + 5 working days
    [note] = await make.outbox_for(session, w.provider_user)
    assert note.payload["text_key"] == "enroll-note-provider-new"
    _, markup = render(core, "ru", note.payload)
    assert markup is not None
    confirm_data = markup.inline_keyboard[0][0].callback_data
    assert confirm_data is not None and PvCb.unpack(confirm_data) == PvCb(action="ok", id=e.id)


@pytest.mark.parametrize(
    ("setup", "key"),
    [
        ({"kind": None}, "enroll-no-certificate"),
        ({"kind": CertificateKind.FINANCING}, "enroll-wrong-status"),
        ({"register": Register.CERTIFIED, "price": 100_000}, "enroll-wrong-status"),
        ({"taken": 10}, "enroll-no-seat"),
        (
            {
                "register": Register.CERTIFIED,
                "kind": CertificateKind.FINANCING,
                "price": 250_000,
            },
            "enroll-balance",  # the certificate can pay nothing towards a paid program
        ),
    ],
)
async def test_refusals_name_their_reason(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock, setup: dict, key: str
) -> None:
    w = await make.world(session, municipality, **setup)
    with pytest.raises(DomainError) as refused:
        await _request(session, w, clock)
    assert refused.value.key == key
    if key == "enroll-balance":
        assert refused.value.args_["shortfall_kopecks"] > 0
    assert await session.scalar(select(func.count(Enrollment.id))) == 0


async def test_a_child_whose_application_waits_is_told_so_not_to_apply_again(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality, kind=None)
    session.add(
        CertificateApplication(
            child_id=w.child.id,
            parent_id=w.child.parent_id,
            municipality_id=municipality.id,
            requested_kind=CertificateKind.ACCOUNTING,
        )
    )
    await session.flush()
    with pytest.raises(DomainError) as refused:
        await _request(session, w, clock)
    assert (refused.value.key, refused.value.args_) == (
        "enroll-certificate-pending",
        {"name": w.child.first_name},
    )
    assert await session.scalar(select(func.count(Enrollment.id))) == 0


async def test_a_small_balance_pays_what_it_can_and_the_family_the_rest(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(
        session,
        municipality,
        register=Register.CERTIFIED,
        kind=CertificateKind.FINANCING,
        price=250_000,
        balance=50_000,
    )
    e = await _request(session, w, clock)
    assert e.status is EnrollmentStatus.PENDING
    _, quote = await enrollment.quote_for_child(
        session, parent_id=w.parent_id, child_id=w.child.id, group=w.group, today=clock.today()
    )
    assert quote is not None and not quote.blocked
    assert 0 < quote.certificate_monthly < quote.cap_monthly
    assert quote.certificate_monthly % 100 == 0  # whole roubles
    assert quote.family_monthly == quote.price_monthly - quote.certificate_monthly
    assert quote.reserve_total <= quote.balance


async def test_no_seat_is_a_waiting_list_offer(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality, taken=10)
    with pytest.raises(enrollment.NoSeat) as refused:
        await _request(session, w, clock)
    assert refused.value.group_id == w.group.id


async def test_age_outside_the_range(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality)
    little = await make.child(session, w.parent_id, municipality, birth=years_ago(clock.today(), 5))
    with pytest.raises(DomainError) as refused:
        await _request(session, w, clock, little.id)
    assert refused.value.key == "enroll-age"
    assert refused.value.args_ == {"age": 5, "min": 7, "max": 12}


async def test_duplicate_request_is_refused(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality)
    await _request(session, w, clock)
    with pytest.raises(DomainError) as refused:
        await _request(session, w, clock)
    assert refused.value.key == "enroll-duplicate"


async def test_budget_program_limit_of_the_municipality(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality)
    for title in ("Футбол", "Юный эколог"):
        prog = await make.program(session, w.provider, title=title)
        g = await make.group(session, prog)
        await enrollment.request(
            session,
            parent_id=w.parent_id,
            child_id=w.child.id,
            group_id=g.id,
            now=clock.now(),
            today=clock.today(),
            tz=TZ,
        )
    with pytest.raises(DomainError) as refused:
        await _request(session, w, clock)
    assert refused.value.key == "enroll-budget-limit"
    assert refused.value.args_ == {"limit": 2}


async def test_another_familys_child_is_not_allowed(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality)
    with pytest.raises(NotAllowed):
        await enrollment.request(
            session,
            parent_id=9999,
            child_id=w.child.id,
            group_id=w.group.id,
            now=clock.now(),
            today=clock.today(),
            tz=TZ,
        )


async def test_confirm_takes_a_seat_reserves_money_and_tells_the_parent(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(
        session,
        municipality,
        register=Register.CERTIFIED,
        kind=CertificateKind.FINANCING,
        price=250_000,
        normative=200_000,
        balance=2_000_000,
    )
    e = await _request(session, w, clock)
    await make.confirmed(session, w, clock, e)
    await session.commit()
    group = await session.get(Group, w.group.id, populate_existing=True)
    assert group is not None and group.seats_taken == 1
    assert e.status is EnrollmentStatus.ACTIVE
    assert (e.certificate_part_kopecks, e.family_part_kopecks) == (200_000, 50_000)
    reserve = await session.scalar(select(LedgerEntry).where(LedgerEntry.kind == LedgerKind.RESERVE))
    assert reserve is not None and reserve.reserve_delta > 0
    notes = await make.outbox_for(session, w.parent_id)
    assert [n.payload["text_key"] for n in notes] == ["enroll-note-confirmed"]
    assert notes[0].payload["args"]["family_kopecks"] == 50_000


async def test_confirm_refused_when_the_certificate_has_nothing_left(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(
        session,
        municipality,
        register=Register.CERTIFIED,
        kind=CertificateKind.FINANCING,
        price=100_000,
        balance=1_000_000,
    )
    e = await _request(session, w, clock)
    assert e.certificate_id is not None
    await ledger.post(
        session,
        certificate_id=e.certificate_id,
        kind=LedgerKind.WRITEOFF,
        key="spent",
        balance_delta=-1_000_000,
    )
    with pytest.raises(DomainError) as refused:
        await enrollment.confirm(
            session,
            enrollment_id=e.id,
            provider_ids=frozenset({w.provider.id}),
            actor_id=1,
            now=clock.now(),
            today=clock.today(),
        )
    assert refused.value.key == "enroll-confirm-balance"
    await session.refresh(e)
    assert e.status is EnrollmentStatus.PENDING


async def test_provider_cannot_decide_another_providers_request(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality)
    other = await make.provider(session, municipality, 6002)
    e = await _request(session, w, clock)
    for call in (
        enrollment.confirm(
            session,
            enrollment_id=e.id,
            provider_ids=frozenset({other.id}),
            actor_id=6002,
            now=clock.now(),
            today=clock.today(),
        ),
        enrollment.reject(
            session,
            enrollment_id=e.id,
            provider_ids=frozenset({other.id}),
            actor_id=6002,
            reason="other",
            comment=None,
            now=clock.now(),
        ),
    ):
        with pytest.raises(NotAllowed):
            await call
    await session.refresh(e)
    assert e.status is EnrollmentStatus.PENDING


async def test_reject_with_reason_and_parent_notified(
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
    core: FluentRuntimeCore,
) -> None:
    w = await make.world(session, municipality)
    e = await _request(session, w, clock)
    await enrollment.reject(
        session,
        enrollment_id=e.id,
        provider_ids=frozenset({w.provider.id}),
        actor_id=w.provider_user,
        reason="documents",
        comment="<нужна справка>",
        now=clock.now(),
    )
    [note] = await make.outbox_for(session, w.parent_id)
    assert note.payload["args"]["reason"] == "documents"
    assert "&lt;нужна справка&gt;" in render(core, "ru", note.payload)[0]
    with pytest.raises(DomainError) as twice:
        await enrollment.confirm(
            session,
            enrollment_id=e.id,
            provider_ids=frozenset({w.provider.id}),
            actor_id=1,
            now=clock.now(),
            today=clock.today(),
        )
    assert twice.value.key == "enroll-already-decided"


async def test_parent_withdraws_only_his_own_pending_request(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    w = await make.world(session, municipality)
    e = await _request(session, w, clock)
    with pytest.raises(NotAllowed):
        await enrollment.withdraw(session, enrollment_id=e.id, parent_id=5999, now=clock.now())
    await session.refresh(e)
    assert e.status is EnrollmentStatus.PENDING
    await enrollment.withdraw(session, enrollment_id=e.id, parent_id=w.parent_id, now=clock.now())
    assert e.status is EnrollmentStatus.WITHDRAWN
    assert [n.payload["text_key"] for n in await make.outbox_for(session, w.provider_user)][
        -1
    ] == "enroll-note-provider-withdrawn"


async def test_ending_an_enrollment_frees_the_seat_and_releases_the_reserve(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    clock.set(at(2026, 11, 23, 9))  # a day in November: 30 days to share the month by
    w = await make.world(
        session,
        municipality,
        register=Register.CERTIFIED,
        kind=CertificateKind.FINANCING,
        price=100_000,
        balance=1_000_000,
    )
    e = await make.enrolled(session, w, clock)
    assert e.certificate_id is not None
    assert (await ledger.balance_of(session, e.certificate_id)).reserved > 0
    with pytest.raises(NotAllowed):
        await enrollment.end(
            session,
            enrollment_id=e.id,
            actor_id=1,
            reason="family",
            comment=None,
            now=clock.now(),
            parent_id=5999,
        )
    await enrollment.end(
        session,
        enrollment_id=e.id,
        actor_id=1,
        reason="moved",
        comment=None,
        now=clock.now(),
        provider_ids=frozenset({w.provider.id}),
    )
    group = await session.get(Group, w.group.id, populate_existing=True)
    assert group is not None and group.seats_taken == 0
    money = await ledger.balance_of(session, e.certificate_id)
    # The rest returns; the one day studied (1/30 of November) stays for the month's write-off.
    assert (money.balance, money.reserved) == (1_000_000 - 3_333, 3_333)
    assert e.status is EnrollmentStatus.ENDED
    assert (await make.outbox_for(session, w.parent_id))[-1].payload["text_key"] == "enroll-note-ended"
