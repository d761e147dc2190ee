"""Certificates: the parent's application, the staff decision, the register entry and its life, and the
municipality's period (nominal, financing quota, child population).

Staff functions take the ids of the municipalities the person serves and refuse (NotAllowed) anything
outside them; parent functions take the parent's id and refuse another family's child."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import outbox, periods, rules
from bot.services.accounts import audit, invites
from bot.services.accounts.access import staff_chat_ids
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.family import closing
from bot.services.family.children import get_child, list_children
from bot.services.money import balances, ledger
from bot.services.rules import AGE_MAX, AGE_MIN, age_on, birthday
from bot.services.standing import current_certificate, pending_application
from db.models import (
    ApplicationStatus,
    Certificate,
    CertificateApplication,
    CertificateEvent,
    CertificateKind,
    CertificateState,
    Child,
    Period,
    Provider,
    Role,
)

REJECT_REASONS = ("documents", "residence", "age", "duplicate", "other")
COMMENT_MAX = 500
NUMBER_ATTEMPTS = 20
# What staff may set on a period, and the largest sensible value of each.
PERIOD_LIMITS = {
    "nominal": 100_000_000 * 100,  # kopecks
    "quota": 10_000_000,
    "population": 10_000_000,
}
_NUMBER_RE = re.compile(r"[\s\-]")


def random_number() -> str:
    """Ten digits from a cryptographic source: the next number says nothing about the previous."""
    return str(10**9 + secrets.randbelow(9 * 10**9))


# ---------------------------------------------------------------- quota


# ---------------------------------------------------------------- the parent's side


async def check_eligible(session: AsyncSession, child: Child, today: date) -> None:
    """The child may apply: aged 5 to under 18, no certificate in force, no application waiting.
    (The municipality is one the bot serves: the form offers no other.)"""
    age = age_on(child.birth_date, today)
    if age < AGE_MIN:
        raise DomainError("certificates-error-too-young", min=AGE_MIN)
    if age >= AGE_MAX:
        raise DomainError("certificates-error-too-old", max=AGE_MAX)
    if await current_certificate(session, child.id) is not None:
        raise DomainError("certificates-error-has-certificate")
    if await pending_application(session, child.id) is not None:
        raise DomainError("certificates-error-pending")


async def child_for_application(session: AsyncSession, parent_id: int, child_id: int, today: date) -> Child:
    child = await get_child(session, parent_id, child_id)
    # Lock the child's row (PostgreSQL) so a double press cannot file two applications at once.
    await session.execute(select(Child.id).where(Child.id == child.id).with_for_update())
    await check_eligible(session, child, today)
    return child


async def apply(
    session: AsyncSession,
    *,
    parent_id: int,
    child_id: int,
    kind: CertificateKind,
    today: date,
    now: datetime,
    admin_ids: Iterable[int],
) -> CertificateApplication:
    """File an application; staff of the child's municipality are told there is a new one."""
    child = await child_for_application(session, parent_id, child_id, today)
    if (
        kind is CertificateKind.FINANCING
        and (await periods.financing_quota(session, child.municipality_id, today)).left <= 0
    ):
        raise DomainError("certificates-error-quota")
    application = CertificateApplication(
        child=child,
        parent_id=parent_id,
        municipality_id=child.municipality_id,
        requested_kind=kind,
        created_at=now,
    )
    session.add(application)
    await session.flush()
    for chat_id in await staff_chat_ids(session, child.municipality_id, admin_ids):
        await outbox.enqueue(
            session,
            now=now,
            chat_id=chat_id,
            key=f"app:{application.id}:new:{chat_id}",
            text_key="certificates-staff-new",
            args={"id": application.id, "kind": kind.value},
            buttons=[[outbox.button("certificates-staff-open", outbox.Open.APPLICATION, application.id)]],
        )
    return application


@dataclass(frozen=True)
class ChildStatus:
    child: Child
    certificate: Certificate | None
    application: CertificateApplication | None

    @property
    def label(self) -> str:
        """none | pending | active | suspended: how the list and the card describe the child."""
        if self.certificate is not None:
            return self.certificate.state.value
        return "pending" if self.application is not None else "none"

    def can_apply(self, today: date) -> bool:
        return self.label == "none" and AGE_MIN <= age_on(self.child.birth_date, today) < AGE_MAX


async def child_status(session: AsyncSession, child: Child) -> ChildStatus:
    return ChildStatus(
        child=child,
        certificate=await current_certificate(session, child.id),
        application=await pending_application(session, child.id),
    )


async def family(session: AsyncSession, parent_id: int) -> list[ChildStatus]:
    return [await child_status(session, child) for child in await list_children(session, parent_id)]


async def certificate_for_parent(session: AsyncSession, parent_id: int, certificate_id: int) -> Certificate:
    certificate = await session.get(Certificate, certificate_id)
    if certificate is None:
        raise NotFound()
    if certificate.child is None or certificate.child.parent_id != parent_id:
        raise NotAllowed()
    return certificate


# ---------------------------------------------------------------- the staff's side


def _check_staff(municipality_id: int, staff_municipality_ids: Iterable[int]) -> None:
    if municipality_id not in set(staff_municipality_ids):
        raise NotAllowed()


_StaffObject = TypeVar("_StaffObject", CertificateApplication, Certificate, Period)


async def _for_staff(
    session: AsyncSession, model: type[_StaffObject], object_id: int, staff_municipality_ids: Iterable[int]
) -> _StaffObject:
    """An object of one of the staff member's municipalities; NotAllowed for any other."""
    found = await session.get(model, object_id)
    if found is None:
        raise NotFound()
    _check_staff(found.municipality_id, staff_municipality_ids)
    return found


async def pending_applications(
    session: AsyncSession, staff_municipality_ids: Iterable[int], limit: int = 30
) -> list[CertificateApplication]:
    rows = await session.scalars(
        select(CertificateApplication)
        .where(
            CertificateApplication.status == ApplicationStatus.PENDING,
            CertificateApplication.municipality_id.in_(list(staff_municipality_ids)),
        )
        .order_by(CertificateApplication.created_at, CertificateApplication.id)
        .limit(limit)
    )
    return list(rows)


async def application_for_staff(
    session: AsyncSession, staff_municipality_ids: Iterable[int], application_id: int
) -> CertificateApplication:
    return await _for_staff(session, CertificateApplication, application_id, staff_municipality_ids)


async def pending_for_staff(
    session: AsyncSession, staff_municipality_ids: Iterable[int], application_id: int
) -> CertificateApplication:
    """An application staff may still decide on (a stale button meets "already decided")."""
    application = await application_for_staff(session, staff_municipality_ids, application_id)
    if application.status is not ApplicationStatus.PENDING:
        raise DomainError("certificates-error-decided")
    return application


async def _decide(
    session: AsyncSession, application: CertificateApplication, status: ApplicationStatus, **values: object
) -> None:
    """Move a pending application to its decision once: a second press, or a colleague who decided
    a moment earlier, finds it decided and changes nothing."""
    result = await session.execute(
        update(CertificateApplication)
        .where(
            CertificateApplication.id == application.id,
            CertificateApplication.status == ApplicationStatus.PENDING,
        )
        .values(status=status, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("certificates-error-decided")
    await session.refresh(application)


async def _new_number(session: AsyncSession) -> str:
    for _ in range(NUMBER_ATTEMPTS):
        number = random_number()
        if await session.scalar(select(Certificate.id).where(Certificate.number == number)) is None:
            return number
    raise RuntimeError("no free certificate number")  # pragma: no cover - 9·10⁹ numbers


async def approve(
    session: AsyncSession,
    *,
    staff_id: int,
    staff_municipality_ids: Iterable[int],
    application_id: int,
    kind: CertificateKind,
    today: date,
    now: datetime,
) -> Certificate:
    """Issue the certificate, credit a financing one with the period's nominal, and tell the family.
    Financing is checked against the quota again: it may have run out since the parent applied (then
    staff can approve the accounting status instead)."""
    application = await pending_for_staff(session, staff_municipality_ids, application_id)
    child = application.child
    if child is None:
        raise NotFound()
    period = None
    if kind is CertificateKind.FINANCING:
        quota = await periods.financing_quota(session, application.municipality_id, today, lock=True)
        if quota.left <= 0:
            raise DomainError("certificates-error-quota-staff")
        period = quota.period
    await _decide(session, application, ApplicationStatus.APPROVED, decided_at=now, decided_by=staff_id)
    certificate = await _issue(session, application, child, kind, staff_id=staff_id, now=now)
    nominal = await _credit(session, certificate, period)
    await audit.record(
        session,
        actor_id=staff_id,
        actor_role="staff",
        action="certificate_application.approve",
        object_type="certificate_application",
        object_id=application.id,
        certificate_id=certificate.id,
        kind=kind.value,
        requested_kind=application.requested_kind.value,
    )
    await _notify_approved(session, application, certificate, child, nominal, now)
    return certificate


async def _issue(
    session: AsyncSession,
    application: CertificateApplication,
    child: Child,
    kind: CertificateKind,
    *,
    staff_id: int,
    now: datetime,
) -> Certificate:
    """The register entry, valid until the child's 18th birthday, and its first history line."""
    if await current_certificate(session, child.id) is not None:
        raise DomainError("certificates-error-has-certificate")  # the transaction rolls back
    certificate = Certificate(
        number=await _new_number(session),
        child=child,
        municipality=child.municipality,
        kind=kind,
        state=CertificateState.ACTIVE,
        issued_at=now,
        valid_until=birthday(child.birth_date, AGE_MAX),
        birth_year=child.birth_date.year,
        created_at=now,
    )
    session.add(certificate)
    await session.flush()
    application.certificate_id = certificate.id
    session.add(
        CertificateEvent(
            certificate_id=certificate.id,
            action="issued",
            actor_id=staff_id,
            details={"kind": kind.value, "application_id": application.id},
            created_at=now,
        )
    )
    return certificate


async def _credit(session: AsyncSession, certificate: Certificate, period: Period | None) -> int:
    """A financing certificate gets the current period's nominal; returns what was credited."""
    if period is None or period.nominal_kopecks <= 0:
        return 0
    await ledger.credit(session, certificate.id, period.nominal_kopecks, period_id=period.id)
    return period.nominal_kopecks


async def _notify_approved(
    session: AsyncSession,
    application: CertificateApplication,
    certificate: Certificate,
    child: Child,
    nominal: int,
    now: datetime,
) -> None:
    await closing.tell_family(
        session,
        certificate,
        now,
        key=f"app:{application.id}:decided",
        text_key="certificates-approved",
        args={"kind": certificate.kind.value, "name": child.first_name, "nominal_kopecks": nominal},
    )


async def reject(
    session: AsyncSession,
    *,
    staff_id: int,
    staff_municipality_ids: Iterable[int],
    application_id: int,
    reason: str,
    comment: str | None,
    now: datetime,
) -> CertificateApplication:
    application = await application_for_staff(session, staff_municipality_ids, application_id)
    if reason not in REJECT_REASONS:
        raise DomainError("error-not-allowed")
    comment = " ".join((comment or "").split())[:COMMENT_MAX] or None
    await _decide(
        session,
        application,
        ApplicationStatus.REJECTED,
        decided_at=now,
        decided_by=staff_id,
        reject_reason=reason,
        reject_comment=comment,
    )
    await audit.record(
        session,
        actor_id=staff_id,
        actor_role="staff",
        action="certificate_application.reject",
        object_type="certificate_application",
        object_id=application.id,
        reason=reason,
    )
    if application.parent_id is not None:
        await outbox.enqueue(
            session,
            now=now,
            chat_id=application.parent_id,
            key=f"app:{application.id}:decided",
            text_key="certificates-rejected",
            args={
                "name": application.child.first_name if application.child else "",
                "reason": reason,
                "has_comment": "yes" if comment else "no",
                "comment": comment or "",
            },
        )
    return application


def normalise_number(text: str) -> str:
    """'1234 567 890', '1234-567-890' -> '1234567890'; DomainError when it is not ten digits."""
    number = _NUMBER_RE.sub("", text)
    if not re.fullmatch(r"\d{10}", number):
        raise DomainError("certificates-error-number-format")
    return number


async def find_for_staff(
    session: AsyncSession, staff_municipality_ids: Iterable[int], text: str
) -> Certificate:
    number = normalise_number(text)
    certificate = await session.scalar(select(Certificate).where(Certificate.number == number))
    if certificate is None or certificate.municipality_id not in set(staff_municipality_ids):
        # Another municipality's register is not ours to show; say the same as for an unknown number.
        raise DomainError("certificates-error-number-unknown", number=number)
    return certificate


async def certificate_for_staff(
    session: AsyncSession, staff_municipality_ids: Iterable[int], certificate_id: int
) -> Certificate:
    return await _for_staff(session, Certificate, certificate_id, staff_municipality_ids)


# The state changes staff may make: action -> (states it applies to, the state it leads to).
TRANSITIONS: dict[str, tuple[tuple[CertificateState, ...], CertificateState]] = {
    "suspend": ((CertificateState.ACTIVE,), CertificateState.SUSPENDED),
    "resume": ((CertificateState.SUSPENDED,), CertificateState.ACTIVE),
    "close": (closing.CLOSABLE, CertificateState.CLOSED),
}
NEEDS_REASON = ("suspend", "close")
CARD_MONEY = 5  # the latest money movements a card lists; «История операций» keeps them all


def check_transition(certificate: Certificate, action: str) -> None:
    """Refuse, before asking staff for a reason, an action the certificate's state does not allow."""
    if action not in TRANSITIONS:
        raise DomainError("error-not-allowed")
    if certificate.state not in TRANSITIONS[action][0]:
        raise DomainError("certificates-error-state", state=certificate.state.value)


def state_reason(text: str) -> str:
    """The reason a parent will read: visible words (not blank, not invisible characters)."""
    reason = rules.meaningful_text(text, 1, COMMENT_MAX, key="certificates-error-reason-needed")
    return " ".join(reason.split())


async def change_state(
    session: AsyncSession,
    *,
    staff_id: int,
    staff_municipality_ids: Iterable[int],
    certificate_id: int,
    action: str,
    reason: str | None,
    now: datetime,
    today: date,
) -> Certificate:
    """Suspend, resume or close; the history, the audit log and the family learn of it. Closing is
    `closing.close`, the same as on the 18th birthday and on consent withdrawal."""
    certificate = await certificate_for_staff(session, staff_municipality_ids, certificate_id)
    check_transition(certificate, action)
    allowed_from, target = TRANSITIONS[action]
    reason = state_reason(reason or "") if action in NEEDS_REASON else None
    if target is CertificateState.CLOSED:
        await closing.close(
            session,
            certificate,
            cause=closing.Cause.STAFF,
            actor_id=staff_id,
            now=now,
            today=today,
            reason=reason,
        )
        return certificate
    await closing.move_state(session, certificate, allowed_from, target, reason)
    event = CertificateEvent(
        certificate_id=certificate.id,
        action=action,
        actor_id=staff_id,
        details={"reason": reason} if reason else {},
        created_at=now,
    )
    session.add(event)
    await session.flush()
    await audit.record(
        session,
        actor_id=staff_id,
        actor_role="staff",
        action=f"certificate.{action}",
        object_type="certificate",
        object_id=certificate.id,
        reason=reason,
    )
    await closing.tell_family(
        session,
        certificate,
        now,
        key=f"cert:{certificate.id}:{action}:{event.id}",
        text_key="certificates-state-changed",
        args={"action": action, "reason": reason or ""},
    )
    return certificate


# ---------------------------------------------------------------- the card


@dataclass(frozen=True)
class Card:
    certificate: Certificate
    period: Period | None
    balance: ledger.Balance
    events: list[CertificateEvent]
    money: list[balances.HistoryLine]  # the latest movements of its money, newest first


async def card(session: AsyncSession, certificate: Certificate, today: date) -> Card:
    events = await session.scalars(
        select(CertificateEvent)
        .where(CertificateEvent.certificate_id == certificate.id)
        .order_by(CertificateEvent.created_at, CertificateEvent.id)
    )
    return Card(
        certificate=certificate,
        period=await periods.current_period(session, certificate.municipality_id, today),
        balance=await ledger.balance_of(session, certificate.id),
        events=list(events),
        money=await balances.latest(session, certificate.id, CARD_MONEY),
    )


# ---------------------------------------------------------------- the municipality's period


async def ensure_period(
    session: AsyncSession, staff_municipality_ids: Iterable[int], municipality_id: int, today: date
) -> Period:
    """The current period, created as the school year (1 September – 31 August) when missing."""
    _check_staff(municipality_id, staff_municipality_ids)
    period = await periods.current_period(session, municipality_id, today)
    if period is None:
        starts_on, ends_on = periods.school_year(today)
        period = Period(municipality_id=municipality_id, starts_on=starts_on, ends_on=ends_on)
        session.add(period)
        await session.flush()
        await session.refresh(period)
    return period


def parse_period_value(field: str, text: str) -> int:
    """Nominal in rubles ('5000', '5 000,50') -> kopecks; quota and population as whole numbers."""
    if field not in PERIOD_LIMITS:
        raise DomainError("error-not-allowed")
    if field == "nominal":
        value = rules.to_kopecks(text, maximum=10**12)  # a bigger amount is refused just below
        if value is None:
            raise DomainError("certificates-error-nominal")
    else:
        value = rules.to_whole(text)
        if value is None:
            raise DomainError("certificates-error-count")
    if value > PERIOD_LIMITS[field]:
        raise DomainError("certificates-error-too-large")
    return value


async def period_for_staff(
    session: AsyncSession, staff_municipality_ids: Iterable[int], period_id: int
) -> Period:
    return await _for_staff(session, Period, period_id, staff_municipality_ids)


async def set_period_value(
    session: AsyncSession,
    *,
    staff_id: int,
    staff_municipality_ids: Iterable[int],
    period_id: int,
    field: str,
    text: str,
) -> Period:
    period = await period_for_staff(session, staff_municipality_ids, period_id)
    value = parse_period_value(field, text)
    column = {"nominal": "nominal_kopecks", "quota": "financing_quota", "population": "child_population"}[
        field
    ]
    old = getattr(period, column)
    setattr(period, column, value)
    await session.flush()
    await audit.record(
        session,
        actor_id=staff_id,
        actor_role="staff",
        action=f"period.set_{field}",
        object_type="period",
        object_id=period.id,
        old=old,
        new=value,
    )
    return period


# ---------------------------------------------------------------- invites from the municipality section


async def providers_of(
    session: AsyncSession, staff_municipality_ids: Iterable[int], municipality_id: int
) -> list[Provider]:
    _check_staff(municipality_id, staff_municipality_ids)
    rows = await session.scalars(
        select(Provider).where(Provider.municipality_id == municipality_id).order_by(Provider.name)
    )
    return list(rows)


async def invite(
    session: AsyncSession,
    *,
    staff_id: int,
    staff_municipality_ids: Iterable[int],
    role: Role,
    target_id: int,
    now: datetime,
) -> str:
    """A one-time invite for a colleague (target: the municipality) or a provider's employee (target:
    a provider of one of the staff member's municipalities)."""
    if role is Role.PROVIDER:
        provider = await session.get(Provider, target_id)
        if provider is None:
            raise NotFound()
        _check_staff(provider.municipality_id, staff_municipality_ids)
    else:
        _check_staff(target_id, staff_municipality_ids)
    code = await invites.create_invite(session, role=role, target_id=target_id, created_by=staff_id, now=now)
    await audit.record(
        session,
        actor_id=staff_id,
        actor_role="staff",
        action=f"invite.create_{role.value}",
        object_type="provider" if role is Role.PROVIDER else "municipality",
        object_id=target_id,
    )
    return code
