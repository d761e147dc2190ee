"""«Ребёнок не занимался в этом месяце»: the family disputes a month's write-off.

parent opens (within DISPUTE_WINDOW of the write-off) -> the provider agrees (the money goes back) or
confirms the share of lessons the child attended -> staff of the municipality settle a confirmation
for the family (all back) or for the provider (what the confirmed share does not cover goes back).
Money goes back as one reversing ledger entry (`ledger.refund`, unique per enrollment and month), never
by editing the write-off; each step is audit-logged on the enrollment and told to the next party
through the outbox."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import outbox, standing
from bot.services.accounts import audit
from bot.services.accounts.access import employee_ids, staff_chat_ids
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.money import ledger
from db.models import (
    Certificate,
    CertificateState,
    Dispute,
    DisputeSide,
    DisputeState,
    Enrollment,
    LedgerEntry,
    LedgerKind,
    Program,
)

# How long after a month is written off the family may dispute it: the notice comes on the 1st, and
# a family that reads it late still has the month to answer.
DISPUTE_WINDOW = timedelta(days=30)


def month_code(month: date) -> int:
    """A month as yyyymm, as the callback data carries it."""
    return month.year * 100 + month.month


def month_of_code(code: int) -> date:
    """The month of a yyyymm code; a code that names no month is refused as a stale button."""
    try:
        return date(code // 100, code % 100, 1)
    except ValueError as error:
        raise NotFound() from error


def kept_share(amount: int, percent: int) -> int:
    """The part of a month's payment a share of lessons covers, rounded down as the write-off rounds."""
    return amount * percent // 100


@dataclass(frozen=True)
class Disputed:
    """A written-off month as the parties see it."""

    enrollment: Enrollment
    writeoff: LedgerEntry
    child: str  # the first name only
    group: str
    program: str
    municipality_id: int

    @property
    def amount(self) -> int:
        return -self.writeoff.reserve_delta

    def args(self, **more: Any) -> dict[str, Any]:
        month = self.writeoff.month
        assert month is not None
        return {
            "child": self.child,
            "group": self.group,
            "program": self.program,
            "month": f"{month:%m.%Y}",
            "amount_kopecks": self.amount,
            **more,
        }


async def _disputed(session: AsyncSession, enrollment: Enrollment, month: date) -> Disputed:
    writeoff = await ledger.written_off(session, enrollment.id, month)
    if writeoff is None:
        raise DomainError("dispute-not-written-off")
    program = await session.get(Program, enrollment.program_id)
    assert program is not None
    return Disputed(
        enrollment=enrollment,
        writeoff=writeoff,
        child=enrollment.child.first_name if enrollment.child else "—",
        group=enrollment.group.name,
        program=program.title,
        municipality_id=program.municipality_id,
    )


async def disputable(
    session: AsyncSession, *, enrollment_id: int, month: date, parent_id: int, now: datetime
) -> Disputed:
    """What the parent would dispute, checked as `open` checks it (asked before opening)."""
    enrollment = await standing.parents_enrollment(session, enrollment_id, parent_id)
    disputed = await _disputed(session, enrollment, month)
    if disputed.amount <= 0:
        raise DomainError("dispute-nothing-paid")
    if now - disputed.writeoff.created_at > DISPUTE_WINDOW:
        raise DomainError("dispute-too-late", days=DISPUTE_WINDOW.days)
    existing = await session.scalar(
        select(Dispute.id).where(Dispute.enrollment_id == enrollment_id, Dispute.month == month)
    )
    if existing is not None:
        raise DomainError("dispute-exists")
    return disputed


async def open_dispute(
    session: AsyncSession, *, enrollment_id: int, month: date, parent_id: int, now: datetime
) -> Disputed:
    """The parent disputes a written-off month; the provider's people are asked to answer."""
    await session.execute(select(Enrollment.id).where(Enrollment.id == enrollment_id).with_for_update())
    disputed = await disputable(
        session, enrollment_id=enrollment_id, month=month, parent_id=parent_id, now=now
    )
    dispute = Dispute(enrollment_id=enrollment_id, month=month, opened_by=parent_id)
    session.add(dispute)
    await session.flush()
    await audit.record(
        session,
        actor_id=parent_id,
        actor_role="parent",
        action="dispute_opened",
        object_type="enrollment",
        object_id=enrollment_id,
        month=f"{month:%Y-%m}",
        amount_kopecks=disputed.amount,
    )
    buttons: outbox.Buttons = [
        [outbox.button("dispute-btn-agree", outbox.Open.DISPUTE_AGREE, dispute.id)],
        [outbox.button("dispute-btn-confirm", outbox.Open.DISPUTE_CONFIRM, dispute.id)],
    ]
    await _tell(
        session,
        await employee_ids(session, disputed.enrollment.provider_id),
        dispute,
        "opened",
        disputed.args(),
        now,
        buttons,
    )
    return disputed


async def awaiting_provider(session: AsyncSession, provider_ids: Collection[int]) -> list[int]:
    """The disputes the provider has not answered yet, oldest first (ids: a page is read with `shown`):
    where a provider finds them again when the notification was missed."""
    rows = await session.scalars(
        select(Dispute.id)
        .join(Enrollment, Enrollment.id == Dispute.enrollment_id)
        .where(Dispute.state == DisputeState.OPEN, Enrollment.provider_id.in_(provider_ids))
        .order_by(Dispute.id)
    )
    return list(rows)


async def awaiting_staff(session: AsyncSession, municipality_ids: Collection[int]) -> list[int]:
    """The disputes the provider answered by confirming lessons, waiting for staff of these
    municipalities to settle them, oldest first."""
    rows = await session.scalars(
        select(Dispute.id)
        .join(Enrollment, Enrollment.id == Dispute.enrollment_id)
        .join(Program, Program.id == Enrollment.program_id)
        .where(
            Dispute.state == DisputeState.PROVIDER_CONFIRMED, Program.municipality_id.in_(municipality_ids)
        )
        .order_by(Dispute.id)
    )
    return list(rows)


async def shown(session: AsyncSession, dispute_ids: Iterable[int]) -> list[tuple[Dispute, Disputed]]:
    """The disputes of a page, with what each is about (the lists above give their ids)."""
    found = []
    for dispute_id in dispute_ids:
        dispute = await session.get(Dispute, dispute_id)
        if dispute is not None:
            found.append((dispute, await _disputed(session, dispute.enrollment, dispute.month)))
    return found


async def _dispute(session: AsyncSession, dispute_id: int) -> tuple[Dispute, Disputed]:
    # The row is locked on its own: PostgreSQL refuses FOR UPDATE over the joined (outer) enrollment.
    await session.execute(select(Dispute.id).where(Dispute.id == dispute_id).with_for_update())
    dispute = await session.get(Dispute, dispute_id, populate_existing=True)
    if dispute is None:
        raise NotFound()
    return dispute, await _disputed(session, dispute.enrollment, dispute.month)


async def for_provider(
    session: AsyncSession, dispute_id: int, provider_ids: frozenset[int]
) -> tuple[Dispute, Disputed]:
    """A dispute the provider may answer: its own, still open."""
    dispute, disputed = await _dispute(session, dispute_id)
    if dispute.enrollment.provider_id not in provider_ids:
        raise NotAllowed()
    if dispute.state is not DisputeState.OPEN:
        raise DomainError("dispute-answered")
    return dispute, disputed


async def agree(
    session: AsyncSession, *, dispute_id: int, provider_ids: frozenset[int], actor_id: int, now: datetime
) -> Disputed:
    """The provider agrees the child did not study: the month's payment goes back to the certificate."""
    dispute, disputed = await for_provider(session, dispute_id, provider_ids)
    dispute.state = DisputeState.PROVIDER_AGREED
    dispute.answered_by, dispute.answered_at = actor_id, now
    await _settle(session, dispute, disputed, DisputeSide.FAMILY, actor_id, "provider", now)
    return disputed


async def confirm(
    session: AsyncSession,
    *,
    dispute_id: int,
    provider_ids: frozenset[int],
    actor_id: int,
    percent: int,
    now: datetime,
    admin_ids: Iterable[int] = (),
) -> Disputed:
    """The provider confirms the child attended `percent` of the month's lessons: staff decide."""
    if not 0 <= percent <= 100:
        raise DomainError("dispute-bad-share")
    dispute, disputed = await for_provider(session, dispute_id, provider_ids)
    dispute.state = DisputeState.PROVIDER_CONFIRMED
    dispute.share_percent = percent
    dispute.answered_by, dispute.answered_at = actor_id, now
    await audit.record(
        session,
        actor_id=actor_id,
        actor_role="provider",
        action="dispute_confirmed",
        object_type="enrollment",
        object_id=dispute.enrollment_id,
        month=f"{dispute.month:%Y-%m}",
        percent=percent,
    )
    args = disputed.args(percent=percent, kept_kopecks=kept_share(disputed.amount, percent))
    await _tell(session, _parent(disputed), dispute, "confirmed", args, now)
    buttons: outbox.Buttons = [
        [outbox.button("dispute-btn-family", outbox.Open.DISPUTE_FOR_FAMILY, dispute.id)],
        [outbox.button("dispute-btn-provider", outbox.Open.DISPUTE_FOR_PROVIDER, dispute.id)],
    ]
    staff = await staff_chat_ids(session, disputed.municipality_id, admin_ids)
    await _tell(session, sorted(staff), dispute, "to-staff", args, now, buttons)
    return disputed


async def settle(
    session: AsyncSession,
    *,
    dispute_id: int,
    scope: Iterable[int],
    actor_id: int,
    for_family: bool,
    now: datetime,
) -> tuple[Dispute, Disputed]:
    """Staff of the municipality settle a confirmed dispute."""
    dispute, disputed = await _dispute(session, dispute_id)
    if disputed.municipality_id not in set(scope):
        raise NotAllowed()
    if dispute.state is not DisputeState.PROVIDER_CONFIRMED:
        raise DomainError(
            "dispute-settled" if dispute.state is not DisputeState.OPEN else "dispute-not-answered"
        )
    dispute.state = DisputeState.STAFF_SETTLED
    dispute.settled_by, dispute.settled_at = actor_id, now
    side = DisputeSide.FAMILY if for_family else DisputeSide.PROVIDER
    await _settle(session, dispute, disputed, side, actor_id, "staff", now)
    return dispute, disputed


async def _settle(
    session: AsyncSession,
    dispute: Dispute,
    disputed: Disputed,
    side: DisputeSide,
    actor_id: int,
    actor_role: str,
    now: datetime,
) -> None:
    """Close the dispute in `side`'s favour: the family gets all back, the provider keeps the share of
    lessons it confirmed. Tells the family and the provider's people what went back."""
    kept = kept_share(disputed.amount, dispute.share_percent or 0) if side is DisputeSide.PROVIDER else 0
    refund = disputed.amount - kept
    entry = await ledger.refund(session, disputed.writeoff, refund)
    dispute.settled_for = side
    dispute.refund_kopecks = refund if entry is not None else 0
    certificate = await session.get(Certificate, disputed.writeoff.certificate_id)
    closed = certificate is not None and certificate.state is CertificateState.CLOSED
    if entry is not None and closed:  # nothing stays free to use on a closed certificate
        await ledger.post(
            session,
            certificate_id=entry.certificate_id,
            kind=LedgerKind.EXPIRE,
            key=f"expire:{entry.key}",
            balance_delta=-refund,
        )
    await audit.record(
        session,
        actor_id=actor_id,
        actor_role=actor_role,
        action="dispute_settled",
        object_type="enrollment",
        object_id=dispute.enrollment_id,
        month=f"{dispute.month:%Y-%m}",
        side=side.value,
        refund_kopecks=dispute.refund_kopecks,
    )
    args = disputed.args(side=side.value, refund_kopecks=dispute.refund_kopecks, closed=int(closed))
    await _tell(session, _parent(disputed), dispute, "settled", args, now)
    members = await employee_ids(session, disputed.enrollment.provider_id)
    await _tell(session, members, dispute, "settled-provider", args, now)


def _parent(disputed: Disputed) -> list[int]:
    parent_id = disputed.enrollment.parent_id
    return [] if parent_id is None else [parent_id]


async def _tell(
    session: AsyncSession,
    chat_ids: Iterable[int],
    dispute: Dispute,
    event: str,
    args: dict[str, Any],
    now: datetime,
    buttons: outbox.Buttons | None = None,
) -> None:
    for chat_id in chat_ids:
        await outbox.enqueue(
            session,
            now=now,
            chat_id=chat_id,
            key=f"dsp:{dispute.id}:{event}:{chat_id}",
            text_key=f"dispute-note-{event}",
            args=args,
            buttons=buttons,
        )
