"""The end of a certificate, whatever its cause: staff close it from the register, the child turns 18,
or the family withdraws consent (or removes the child). One path for all of them:

- the child's enrollments end through the enrollment service: each seat is freed and offered to the
  waiting list, what was studied stays reserved for the provider until the month's write-off, the rest
  of the reserve returns, and the provider is told the child left;
- the free balance expires (unused money does not carry over and cannot be cashed);
- the history and the audit log record who closed it and why;
- the family is told once.

This module sits below `certificates` and `children` (both call it) and imports neither."""

from __future__ import annotations

import enum
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import outbox, periods
from bot.services.accounts import audit
from bot.services.enrollment import hooks as enrollment_hooks
from bot.services.errors import DomainError
from bot.services.money import ledger
from db.models import Certificate, CertificateEvent, CertificateState


class Cause(enum.StrEnum):
    STAFF = "staff"  # from the register, with the staff member's reason
    AGE_18 = "age_18"  # the daily check on the child's 18th birthday
    CONSENT_WITHDRAWN = "consent_withdrawn"  # the family withdrew consent to data processing
    CHILD_REMOVED = "child_removed"  # the parent removed the child (consent withdrawn for one child)


CLOSABLE = (CertificateState.ACTIVE, CertificateState.SUSPENDED)
# Who closes, as the audit log names them.
_ACTOR_ROLE = {
    Cause.STAFF: "staff",
    Cause.AGE_18: "system",
    Cause.CONSENT_WITHDRAWN: "parent",
    Cause.CHILD_REMOVED: "parent",
}
# The reason the enrollments end with, as the provider is told it: the family's own decision, or the
# certificate closed under them.
_ENDING = {
    Cause.STAFF: "certificate_closed",
    Cause.AGE_18: "certificate_closed",
    Cause.CONSENT_WITHDRAWN: "family",
    Cause.CHILD_REMOVED: "family",
}
# Causes after which the child's data stays, so the family can still open the certificate's card.
_CARD_STAYS = (Cause.STAFF, Cause.AGE_18)


async def move_state(
    session: AsyncSession,
    certificate: Certificate,
    allowed_from: Collection[CertificateState],
    target: CertificateState,
    reason: str | None,
) -> None:
    """Change the state only if it still is one of `allowed_from` (a colleague, or the daily check,
    may have got there first); otherwise DomainError naming the state it is in."""
    result = await session.execute(
        update(Certificate)
        .where(Certificate.id == certificate.id, Certificate.state.in_(list(allowed_from)))
        .values(state=target, state_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("certificates-error-state", state=certificate.state.value)
    await session.refresh(certificate)


async def close(
    session: AsyncSession,
    certificate: Certificate,
    *,
    cause: Cause,
    actor_id: int | None,
    now: datetime,
    today: date,
    reason: str | None = None,
) -> None:
    """Close an active or suspended certificate (see the module's summary). `reason` is the staff
    member's text (cause STAFF); the other causes name themselves. Call it before the child's data
    is deleted: the enrollments and the family are found through the child."""
    await move_state(session, certificate, CLOSABLE, CertificateState.CLOSED, reason or cause.value)
    ended = 0
    if certificate.child_id is not None:
        ended = await enrollment_hooks.end_for_children(
            session, [certificate.child_id], now, reason=_ENDING[cause]
        )
    period = await periods.current_period(session, certificate.municipality_id, today)
    if period is not None:
        await ledger.expire(session, certificate.id, period_id=period.id)
    details = {"cause": cause.value} | ({"reason": reason} if reason else {})
    session.add(
        CertificateEvent(
            certificate_id=certificate.id, action="close", actor_id=actor_id, details=details, created_at=now
        )
    )
    await audit.record(
        session,
        actor_id=actor_id,
        actor_role=_ACTOR_ROLE[cause],
        action="certificate.close",
        object_type="certificate",
        object_id=certificate.id,
        enrollments_ended=ended,
        **details,
    )
    await _tell_family(session, certificate, cause, reason, ended, now)


async def tell_family(
    session: AsyncSession,
    certificate: Certificate,
    now: datetime,
    *,
    key: str,
    text_key: str,
    args: dict[str, Any],
    card: bool = True,
) -> None:
    """A message to the child's parent about the certificate (its number is among the arguments),
    with a button to open its card unless `card` is False (the child's data is gone)."""
    if certificate.child is None:
        return
    await outbox.enqueue(
        session,
        now=now,
        chat_id=certificate.child.parent_id,
        key=key,
        text_key=text_key,
        args={"number": certificate.number, **args},
        buttons=[[outbox.button("certificates-open-card", outbox.Open.CERTIFICATE, certificate.id)]]
        if card
        else None,
    )


async def _tell_family(
    session: AsyncSession,
    certificate: Certificate,
    cause: Cause,
    reason: str | None,
    ended: int,
    now: datetime,
) -> None:
    await tell_family(
        session,
        certificate,
        now,
        key=f"cert:{certificate.id}:closed",  # a certificate closes once
        text_key="certificates-closed",
        args={"cause": cause.value, "reason": reason or "", "kind": certificate.kind.value, "ended": ended},
        card=cause in _CARD_STAYS,
    )
