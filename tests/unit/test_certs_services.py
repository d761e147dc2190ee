"""Children and certificates on a real SQLite database: ownership, eligibility, quota, issue, decisions,
the register and the municipality's period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.render import render
from bot.services import periods
from bot.services.clock import FrozenClock
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.family import certificates, children, consent
from bot.services.money import ledger
from db.models import (
    ApplicationStatus,
    AuditRecord,
    Certificate,
    CertificateApplication,
    CertificateEvent,
    CertificateKind,
    CertificateState,
    Child,
    Invite,
    Municipality,
    OutboxMessage,
    Period,
    ProviderKind,
    Role,
    StaffMembership,
    User,
)
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.dates import d, year

PARENT, OTHER_PARENT, STAFF = 7001, 7002, 7003
TODAY = d(2026, 11, 23)


@pytest.fixture
async def people(session: AsyncSession, municipality: Municipality) -> None:
    for uid in (PARENT, OTHER_PARENT, STAFF, ADMIN_ID):
        session.add(User(id=uid))
    await session.flush()
    session.add(StaffMembership(user_id=STAFF, municipality_id=municipality.id))
    await session.commit()


async def add(
    session: AsyncSession, municipality: Municipality, born: date | None = None, parent: int = PARENT
) -> Child:
    born = born or d(2015, 3, 5)
    data = children.ChildData("иванова", "анна", None, born, municipality.id, "112-233-445 95")
    child = await children.add_child(session, parent, data, TODAY)
    await session.commit()
    return child


async def apply(
    session: AsyncSession, child: Child, clock: FrozenClock, kind: CertificateKind = CertificateKind.FINANCING
) -> CertificateApplication:
    application = await certificates.apply(
        session,
        parent_id=child.parent_id,
        child_id=child.id,
        kind=kind,
        today=clock.today(),
        now=clock.now(),
        admin_ids=[ADMIN_ID],
    )
    await session.commit()
    return application


async def approve(
    session: AsyncSession,
    application_id: int,
    clock: FrozenClock,
    kind: CertificateKind = CertificateKind.FINANCING,
    staff: int = STAFF,
    municipality_ids: frozenset[int] | None = None,
) -> Certificate:
    ids = municipality_ids if municipality_ids is not None else await _all_ids(session)
    certificate = await certificates.approve(
        session,
        staff_id=staff,
        staff_municipality_ids=ids,
        application_id=application_id,
        kind=kind,
        today=clock.today(),
        now=clock.now(),
    )
    await session.commit()
    return certificate


async def _all_ids(session: AsyncSession) -> frozenset[int]:
    return frozenset((await session.scalars(select(Municipality.id))).all())


pytestmark = pytest.mark.usefixtures("people")


async def test_a_child_is_saved_normalised_and_only_his_parent_sees_him(
    session: AsyncSession, municipality: Municipality
) -> None:
    child = await add(session, municipality)
    assert (child.last_name, child.first_name, child.snils) == ("Иванова", "Анна", "11223344595")
    assert [c.id for c in await children.list_children(session, PARENT)] == [child.id]
    assert await children.list_children(session, OTHER_PARENT) == []
    with pytest.raises(NotAllowed):
        await children.get_child(session, OTHER_PARENT, child.id)
    with pytest.raises(NotFound):
        await children.get_child(session, PARENT, 999)


async def test_add_child_validates_again_and_saves_nothing_half_entered(
    session: AsyncSession, municipality: Municipality
) -> None:
    bad = [
        (
            children.ChildData("Иванова1", "Анна", None, d(2015, 3, 5), municipality.id, None),
            "children-error-name-chars",
        ),
        (
            children.ChildData("Иванова", "Анна", None, d(2030, 1, 1), municipality.id, None),
            "children-error-date-future",
        ),
        (
            children.ChildData("Иванова", "Анна", None, d(2015, 3, 5), 999, None),
            "children-error-municipality",
        ),
        (
            children.ChildData("Иванова", "Анна", None, d(2015, 3, 5), municipality.id, "11223344596"),
            "children-error-snils-checksum",
        ),
    ]
    refused = []
    for data, _ in bad:
        with pytest.raises(DomainError) as error:
            await children.add_child(session, PARENT, data, TODAY)
        refused.append(error.value.key)
    assert refused == [key for _, key in bad]
    await session.rollback()
    assert await session.scalar(select(func.count(Child.id))) == 0


async def test_age_boundaries_for_an_application(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    five_today = await add(session, municipality, d(2021, 11, 23))
    five_tomorrow = await add(session, municipality, d(2021, 11, 24))
    eighteen_tomorrow = await add(session, municipality, d(2008, 11, 24))
    await certificates.check_eligible(session, five_today, TODAY)
    await certificates.check_eligible(session, eighteen_tomorrow, TODAY)
    with pytest.raises(DomainError) as error:
        await certificates.check_eligible(session, five_tomorrow, TODAY)
    assert error.value.key == "certificates-error-too-young"
    with pytest.raises(DomainError) as error:  # the next day he is 18
        await certificates.check_eligible(session, eighteen_tomorrow, d(2026, 11, 24))
    assert error.value.key == "certificates-error-too-old"


async def test_apply_notifies_staff_and_refuses_a_second_application(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    child = await add(session, municipality)
    application = await apply(session, child, clock)
    assert application.status is ApplicationStatus.PENDING
    chats = set((await session.scalars(select(OutboxMessage.chat_id))).all())
    assert chats == {STAFF, ADMIN_ID}
    with pytest.raises(DomainError) as error:
        await apply(session, child, clock, CertificateKind.ACCOUNTING)
    assert error.value.key == "certificates-error-pending"


async def test_another_family_cannot_apply_for_my_child(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    child = await add(session, municipality)
    with pytest.raises(NotAllowed):
        await certificates.apply(
            session,
            parent_id=OTHER_PARENT,
            child_id=child.id,
            kind=CertificateKind.ACCOUNTING,
            today=TODAY,
            now=clock.now(),
            admin_ids=[],
        )


async def test_approval_issues_a_ten_digit_certificate_with_the_nominal(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    child = await add(session, municipality)
    application = await apply(session, child, clock)
    certificate = await approve(session, application.id, clock)
    assert len(certificate.number) == 10 and certificate.number.isdigit()
    assert certificate.valid_until == d(2033, 3, 5)
    assert certificate.birth_year == year(2015)
    assert certificate.state is CertificateState.ACTIVE
    assert (await ledger.balance_of(session, certificate.id)).balance == 1_000_000
    events = (await session.scalars(select(CertificateEvent.action))).all()
    assert events == ["issued"]
    notice = await session.scalar(
        select(OutboxMessage).where(OutboxMessage.key == f"app:{application.id}:decided")
    )
    assert notice is not None and notice.chat_id == PARENT
    assert notice.payload["args"]["number"] == certificate.number
    assert await session.scalar(
        select(AuditRecord).where(AuditRecord.action == "certificate_application.approve")
    )
    # The card the parent opens
    card = await certificates.card(session, certificate, TODAY)
    assert card.balance.balance == 1_000_000 and card.period is not None


async def test_accounting_certificate_gets_no_money(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    child = await add(session, municipality)
    application = await apply(session, child, clock, CertificateKind.ACCOUNTING)
    certificate = await approve(session, application.id, clock, CertificateKind.ACCOUNTING)
    assert (await ledger.balance_of(session, certificate.id)).balance == 0


async def test_a_decided_application_changes_nothing_when_pressed_again(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    child = await add(session, municipality)
    application = await apply(session, child, clock)
    await approve(session, application.id, clock)
    for kind in CertificateKind:
        with pytest.raises(DomainError) as error:
            await approve(session, application.id, clock, kind)
        assert error.value.key == "certificates-error-decided"
    with pytest.raises(DomainError, match=r"^certificates-error-decided$"):
        await certificates.reject(
            session,
            staff_id=STAFF,
            staff_municipality_ids=[municipality.id],
            application_id=application.id,
            reason="other",
            comment=None,
            now=clock.now(),
        )
    await session.rollback()
    assert await session.scalar(select(func.count(Certificate.id))) == 1


async def test_two_staff_racing_issue_one_certificate(
    sessionmaker: async_sessionmaker[AsyncSession], municipality: Municipality, clock: FrozenClock
) -> None:
    async with sessionmaker() as s:
        application = await apply(s, await add(s, municipality), clock)
    async with sessionmaker() as slow, sessionmaker() as fast:
        # The slow colleague opened the application while it was pending and still holds that view.
        seen = await certificates.application_for_staff(slow, [municipality.id], application.id)
        assert seen.status is ApplicationStatus.PENDING
        await slow.commit()
        await approve(fast, application.id, clock)
        with pytest.raises(DomainError) as error:
            await approve(slow, application.id, clock, CertificateKind.ACCOUNTING)
        assert error.value.key == "certificates-error-decided"
        await slow.rollback()
    async with sessionmaker() as s:
        assert await s.scalar(select(func.count(Certificate.id))) == 1
        assert (
            await s.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.chat_id == PARENT)) == 1
        )


async def test_financing_quota_is_checked_when_applying_and_again_when_approving(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    # Quota 2: three families apply while places are left; the third approval finds it used up.
    apps = [(await apply(session, await add(session, municipality), clock)).id for _ in range(3)]
    await approve(session, apps[0], clock)
    await approve(session, apps[1], clock)
    quota = await periods.financing_quota(session, municipality.id, TODAY)
    assert (quota.used, quota.left) == (2, 0)
    with pytest.raises(DomainError) as error:
        await approve(session, apps[2], clock)
    assert error.value.key == "certificates-error-quota-staff"
    await session.rollback()
    status = await session.scalar(
        select(CertificateApplication.status).where(CertificateApplication.id == apps[2])
    )
    assert status is ApplicationStatus.PENDING
    certificate = await approve(session, apps[2], clock, CertificateKind.ACCOUNTING)
    assert certificate.kind is CertificateKind.ACCOUNTING
    # A fourth family is told at once that financing is over.
    with pytest.raises(DomainError) as error:
        await apply(session, await add(session, municipality), clock)
    assert error.value.key == "certificates-error-quota"


async def test_a_closed_certificate_frees_the_quota(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    period = await session.scalar(select(Period))
    assert period is not None
    period.financing_quota = 1
    await session.commit()
    first = await approve(session, (await apply(session, await add(session, municipality), clock)).id, clock)
    assert (await periods.financing_quota(session, municipality.id, TODAY)).left == 0
    await certificates.change_state(
        session,
        staff_id=STAFF,
        staff_municipality_ids=[municipality.id],
        certificate_id=first.id,
        action="close",
        reason="moved away",
        now=clock.now(),
        today=clock.today(),
    )
    assert (await periods.financing_quota(session, municipality.id, TODAY)).left == 1


def numbers(values: list[str]) -> Iterator[str]:
    yield from values


async def test_a_number_collision_draws_another_number(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = numbers(["1234567890", "1234567890", "9876543210"])
    monkeypatch.setattr(certificates, "random_number", lambda: next(drawn))
    a = await approve(session, (await apply(session, await add(session, municipality), clock)).id, clock)
    b = await approve(session, (await apply(session, await add(session, municipality), clock)).id, clock)
    assert (a.number, b.number) == ("1234567890", "9876543210")


def test_numbers_are_ten_digits_from_a_random_source() -> None:
    drawn = {certificates.random_number() for _ in range(200)}
    assert all(len(n) == 10 and n.isdigit() and n[0] != "0" for n in drawn)
    assert len(drawn) == 200


async def test_staff_of_another_municipality_cannot_decide(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    other = Municipality(name_ru="Другой", name_en="Other")
    session.add(other)
    await session.commit()
    application = await apply(session, await add(session, municipality), clock)
    with pytest.raises(NotAllowed):
        await approve(session, application.id, clock, municipality_ids=frozenset({other.id}))
    with pytest.raises(NotAllowed):
        await certificates.reject(
            session,
            staff_id=STAFF,
            staff_municipality_ids=[other.id],
            application_id=application.id,
            reason="other",
            comment=None,
            now=clock.now(),
        )
    assert await certificates.pending_applications(session, [other.id]) == []


async def test_reject_with_a_reason_and_a_comment_tells_the_parent(
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
    core: FluentRuntimeCore,
) -> None:
    child = await add(session, municipality)
    application = await apply(session, child, clock)
    with pytest.raises(DomainError, match=r"^error-not-allowed$"):
        await certificates.reject(
            session,
            staff_id=STAFF,
            staff_municipality_ids=[municipality.id],
            application_id=application.id,
            reason="because",
            comment=None,
            now=clock.now(),
        )
    await certificates.reject(
        session,
        staff_id=STAFF,
        staff_municipality_ids=[municipality.id],
        application_id=application.id,
        reason="documents",
        comment="Принесите <паспорт>",
        now=clock.now(),
    )
    await session.commit()
    await session.refresh(application)
    assert application.status is ApplicationStatus.REJECTED
    assert application.reject_reason == "documents"
    [notice] = await make.outbox_for(session, PARENT)
    assert "Комментарий: Принесите &lt;паспорт&gt;" in render(core, "ru", notice.payload)[0]
    # Rejected: the family may apply again.
    await certificates.check_eligible(session, child, TODAY)


async def test_suspend_resume_close_with_history_audit_and_notices(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    certificate = await approve(
        session, (await apply(session, await add(session, municipality), clock)).id, clock
    )

    async def change(action: str, reason: str | None) -> Certificate:
        return await certificates.change_state(
            session,
            staff_id=STAFF,
            staff_municipality_ids=[municipality.id],
            certificate_id=certificate.id,
            action=action,
            reason=reason,
            now=clock.now(),
            today=clock.today(),
        )

    with pytest.raises(DomainError) as error:
        await change("suspend", "  ")
    assert error.value.key == "certificates-error-reason-needed"
    assert (await change("suspend", "проверка документов")).state is CertificateState.SUSPENDED
    with pytest.raises(DomainError) as error:
        await change("suspend", "again")
    assert error.value.key == "certificates-error-state"
    assert (await change("resume", None)).state is CertificateState.ACTIVE
    assert (await change("close", "переезд")).state is CertificateState.CLOSED
    with pytest.raises(DomainError, match=r"^certificates-error-state$"):
        await change("resume", None)
    await session.commit()
    actions = (await session.scalars(select(CertificateEvent.action).order_by(CertificateEvent.id))).all()
    assert actions == ["issued", "suspend", "resume", "close"]
    audited = (
        await session.scalars(select(AuditRecord.action).where(AuditRecord.object_type == "certificate"))
    ).all()
    assert sorted(audited) == ["certificate.close", "certificate.resume", "certificate.suspend"]
    notices = await session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.key.like(f"cert:{certificate.id}:%"))
    )
    assert notices == 3
    with pytest.raises(NotAllowed):
        await certificates.change_state(
            session,
            staff_id=STAFF,
            staff_municipality_ids=[],
            certificate_id=certificate.id,
            action="close",
            reason="x",
            now=clock.now(),
            today=clock.today(),
        )


async def test_find_by_number_in_any_spelling_only_in_own_municipalities(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(certificates, "random_number", lambda: "1234567890")
    certificate = await approve(
        session, (await apply(session, await add(session, municipality), clock)).id, clock
    )
    for typed in ("1234567890", "1234 567 890", "12-3456-7890", " 1234567890 "):
        found = await certificates.find_for_staff(session, [municipality.id], typed)
        assert found.id == certificate.id
    for typed, key in (
        ("12345", "certificates-error-number-format"),
        ("abcdefghij", "certificates-error-number-format"),
    ):
        with pytest.raises(DomainError) as error:
            await certificates.find_for_staff(session, [municipality.id], typed)
        assert error.value.key == key
    with pytest.raises(DomainError) as error:
        await certificates.find_for_staff(session, [municipality.id + 1], "1234567890")
    assert error.value.key == "certificates-error-number-unknown"


async def test_removing_a_child_closes_and_anonymises_his_certificate(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    with_certificate = await add(session, municipality)
    certificate = await approve(session, (await apply(session, with_certificate, clock)).id, clock)
    with_application = await add(session, municipality)
    application = await apply(session, with_application, clock)
    with pytest.raises(NotAllowed):
        await children.remove_child(session, OTHER_PARENT, with_certificate.id, clock.now(), clock.today())
    await children.remove_child(session, PARENT, with_certificate.id, clock.now(), clock.today())
    await children.remove_child(session, PARENT, with_application.id, clock.now(), clock.today())
    await session.commit()
    async with sessionmaker() as fresh:
        kept = await fresh.get(Certificate, certificate.id)
        assert kept is not None and kept.anonymised and kept.child_id is None
        assert kept.state is CertificateState.CLOSED and kept.birth_year == year(2015)
        cancelled = await fresh.get(CertificateApplication, application.id)
        assert cancelled is not None and cancelled.status is ApplicationStatus.CANCELLED
        assert await fresh.scalar(select(func.count(Child.id))) == 0


async def test_birth_date_and_municipality_are_locked_while_a_certificate_exists(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    child = await add(session, municipality)
    updated = await children.update_child(session, PARENT, child.id, "patronymic", "сергеевна", TODAY)
    assert updated.patronymic == "Сергеевна"
    await children.update_child(session, PARENT, child.id, "birth_date", f"{year(2015)}-03-06", TODAY)
    await apply(session, child, clock)
    with pytest.raises(DomainError) as error:
        await children.update_child(session, PARENT, child.id, "birth_date", f"{year(2015)}-03-07", TODAY)
    assert error.value.key == "children-error-locked"
    updated = await children.update_child(session, PARENT, child.id, "snils", None, TODAY)
    assert updated.snils is None
    with pytest.raises(NotAllowed):
        await children.update_child(session, OTHER_PARENT, child.id, "first_name", "Пётр", TODAY)


async def test_period_is_created_as_the_school_year_and_set_by_staff(
    session: AsyncSession, clock: FrozenClock
) -> None:
    town = Municipality(name_ru="Новый", name_en="New")
    session.add(town)
    await session.commit()
    period = await certificates.ensure_period(session, [town.id], town.id, TODAY)
    assert (period.starts_on, period.ends_on) == (d(2026, 9, 1), d(2027, 8, 31))
    assert (await certificates.ensure_period(session, [town.id], town.id, TODAY)).id == period.id

    async def put(field: str, text: str) -> Period:
        return await certificates.set_period_value(
            session,
            staff_id=STAFF,
            staff_municipality_ids=[town.id],
            period_id=period.id,
            field=field,
            text=text,
        )

    assert (await put("nominal", "5 000,50")).nominal_kopecks == 500_050
    assert (await put("nominal", "5000")).nominal_kopecks == 500_000
    assert (await put("quota", "250")).financing_quota == 250
    assert (await put("population", "4 200")).child_population == 4200
    for field, text, key in (
        ("nominal", "пять тысяч", "certificates-error-nominal"),
        ("nominal", "-5", "certificates-error-nominal"),
        ("nominal", "999999999999", "certificates-error-too-large"),
        ("quota", "2.5", "certificates-error-count"),
        ("quota", "-1", "certificates-error-count"),
        ("population", "много", "certificates-error-count"),
    ):
        with pytest.raises(DomainError) as error:
            await put(field, text)
        assert error.value.key == key
    assert period.nominal_kopecks == 500_000
    audited = (
        await session.scalars(select(AuditRecord.action).where(AuditRecord.object_type == "period"))
    ).all()
    assert len(audited) == 4
    with pytest.raises(NotAllowed):
        await certificates.ensure_period(session, [], town.id, TODAY)


async def test_invites_only_for_own_municipality_and_its_providers(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    other = Municipality(name_ru="Другой", name_en="Other")
    session.add(other)
    await session.flush()
    own = await make.provider(session, municipality, name="ДДТ", kind=ProviderKind.MUNICIPAL)
    foreign = await make.provider(session, other, name="Чужой")
    await session.commit()
    ids = [municipality.id]
    assert [p.id for p in await certificates.providers_of(session, ids, municipality.id)] == [own.id]
    code = await certificates.invite(
        session,
        staff_id=STAFF,
        staff_municipality_ids=ids,
        role=Role.PROVIDER,
        target_id=own.id,
        now=clock.now(),
    )
    assert code.startswith("inv_")
    await certificates.invite(
        session,
        staff_id=STAFF,
        staff_municipality_ids=ids,
        role=Role.STAFF,
        target_id=municipality.id,
        now=clock.now(),
    )
    for role, target in ((Role.PROVIDER, foreign.id), (Role.STAFF, other.id)):
        with pytest.raises(NotAllowed):
            await certificates.invite(
                session,
                staff_id=STAFF,
                staff_municipality_ids=ids,
                role=role,
                target_id=target,
                now=clock.now(),
            )
    assert await session.scalar(select(func.count(Invite.id))) == 2


async def test_withdrawing_consent_anonymises_certificates_like_removing_a_child(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    certificate = await approve(
        session, (await apply(session, await add(session, municipality), clock)).id, clock
    )
    parent = await session.get(User, PARENT)
    assert parent is not None
    assert await consent.withdraw(session, parent, clock.now(), clock.today()) == 1
    await session.commit()
    async with sessionmaker() as fresh:
        kept = await fresh.get(Certificate, certificate.id)
        assert kept is not None and kept.anonymised and kept.state_reason == "consent_withdrawn"
        assert await fresh.scalar(select(func.count(Child.id))) == 0


async def test_consent_of_an_account_with_a_large_telegram_id_is_recorded(
    session: AsyncSession, clock: FrozenClock
) -> None:
    """Telegram's newer ids pass 2**31; the audit record of the consent keeps the id whole."""
    big = 7_123_456_789
    user = User(id=big, locale="ru")
    session.add(user)
    await session.flush()
    await consent.accept(session, user, clock.now())
    await session.commit()
    query = select(AuditRecord.object_id).where(AuditRecord.action == "consent.accept")
    recorded = await session.scalar(query)
    assert recorded == big
