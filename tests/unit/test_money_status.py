"""The certificate's status: the quota, the child's own account at 14+, and what blocks a change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.clock import FrozenClock
from bot.services.errors import DomainError, NotAllowed
from bot.services.money import balances as money
from bot.services.money import ledger
from db.models import CertificateEvent, CertificateKind, EnrollmentStatus, Municipality, OutboxMessage
from tests import factories as make
from tests.dates import d

ACC = CertificateKind.ACCOUNTING
FIN = CertificateKind.FINANCING


async def _switch(
    session: AsyncSession, cert_id: int, user_id: int, kind: CertificateKind, clock: FrozenClock
):  # type: ignore[no-untyped-def]
    return await money.change_kind(session, cert_id, user_id, kind, clock.today(), clock.now())


async def test_financing_is_granted_while_the_quota_lasts(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    user = await make.user(session)
    certs = [await make.certificate(session, municipality, user.id, kind=ACC) for _ in range(3)]

    await _switch(session, certs[0].id, user.id, FIN, clock)
    await _switch(session, certs[1].id, user.id, FIN, clock)
    with pytest.raises(DomainError, match="money-quota-full"):  # quota 2
        await _switch(session, certs[2].id, user.id, FIN, clock)
    assert certs[2].kind is ACC

    await _switch(session, certs[0].id, user.id, ACC, clock)  # frees a place
    await _switch(session, certs[2].id, user.id, FIN, clock)
    assert (await ledger.balance_of(session, certs[2].id)).balance == 1_000_000
    events = (
        await session.scalars(select(CertificateEvent).where(CertificateEvent.certificate_id == certs[0].id))
    ).all()
    assert [e.details["to"] for e in events] == ["financing", "accounting"]


async def test_the_nominal_is_credited_once_a_period(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    user = await make.user(session)
    cert = await make.certificate(session, municipality, user.id, kind=ACC)
    for kind in (FIN, ACC, FIN):
        await _switch(session, cert.id, user.id, kind, clock)
    assert (await ledger.balance_of(session, cert.id)).balance == 1_000_000


async def test_an_active_paid_enrollment_blocks_accounting(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    user = await make.user(session)
    p = await make.paid(session, municipality, user.id)
    with pytest.raises(DomainError, match="money-kind-paid-enrollment"):
        await _switch(session, p.certificate.id, user.id, ACC, clock)
    p.enrollment.status = EnrollmentStatus.ENDED
    await _switch(session, p.certificate.id, user.id, ACC, clock)
    assert p.certificate.kind is ACC


async def test_a_stranger_cannot_change_or_see_it(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    user = await make.user(session)
    stranger = await make.user(session)
    cert = await make.certificate(session, municipality, user.id, kind=ACC)
    with pytest.raises(NotAllowed):
        await _switch(session, cert.id, stranger.id, FIN, clock)
    with pytest.raises(NotAllowed):
        await money.history(session, cert.id, stranger.id, 0)
    assert cert.kind is ACC


async def test_a_child_of_14_links_his_account_and_changes_the_status(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    user = await make.user(session)
    teen = await make.user(session)
    cert = await make.certificate(session, municipality, user.id, born=d(2012, 1, 5), kind=ACC)

    code = await money.issue_link_code(session, cert.id, user.id, clock.today(), clock.now())
    with pytest.raises(DomainError, match="money-link-own-parent"):
        await money.redeem_link_code(session, code, user.id, clock.today(), clock.now())
    linked = await money.redeem_link_code(session, code, teen.id, clock.today(), clock.now())
    assert linked.holder.certificate.id == cert.id and linked.holder.is_child
    with pytest.raises(DomainError, match="money-link-invalid"):  # one time only
        await money.redeem_link_code(session, code, teen.id, clock.today(), clock.now())

    await _switch(session, cert.id, teen.id, FIN, clock)
    assert cert.kind is FIN
    told = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.chat_id == user.id,
            OutboxMessage.payload["text_key"].as_string() == "money-kind-changed-financing",
        )
    )
    assert told is not None  # the parent hears of the child's choice


async def test_no_link_code_under_14_and_codes_expire(
    session: AsyncSession, municipality: Municipality, clock: FrozenClock
) -> None:
    user = await make.user(session)
    teen = await make.user(session)
    young = await make.certificate(session, municipality, user.id, born=d(2013, 6, 1))
    with pytest.raises(DomainError, match="money-link-too-young"):
        await money.issue_link_code(session, young.id, user.id, clock.today(), clock.now())

    older = await make.certificate(session, municipality, user.id, born=d(2011, 6, 1))
    code = await money.issue_link_code(session, older.id, user.id, clock.today(), clock.now())
    with pytest.raises(DomainError, match="money-link-invalid"):
        await money.redeem_link_code(session, code, teen.id, clock.today(), clock.now() + timedelta(days=2))
