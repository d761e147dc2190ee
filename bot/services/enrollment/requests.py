"""Enrollment requests: the eligibility check, the provider's decision, withdrawal and ending, the
waiting list, and the deadlines job.

Seats change only through conditional UPDATEs checked by rowcount, so two confirmations racing for
the last seat cannot both win, whatever the number of bot processes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import batching, outbox
from bot.services.accounts.access import employee_ids
from bot.services.catalogue.catalog import open_group, visible
from bot.services.catalogue.provider_desk import by_provider
from bot.services.enrollment import clashes
from bot.services.enrollment.clashes import Clash
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.money import billing, writeoffs
from bot.services.periods import current_period
from bot.services.rules import age_on
from bot.services.standing import active_certificate, parents_enrollment, pending_application
from db.models import (
    Certificate,
    CertificateKind,
    CertificateState,
    Child,
    Enrollment,
    EnrollmentStatus,
    Group,
    Municipality,
    Program,
    Register,
    WaitlistEntry,
    WaitlistStatus,
)

if TYPE_CHECKING:
    from bot.jobs.context import JobContext

log = logging.getLogger(__name__)

OPEN = (EnrollmentStatus.PENDING, EnrollmentStatus.ACTIVE)
# A request nobody decided by the deadline is reminded once, then expires this many working days later.
EXPIRY_AFTER_REMINDER_WORKING_DAYS = 2
DEADLINE_BATCH = 50  # requests (and offers) the deadline job handles in one transaction
OFFER_TTL = timedelta(hours=48)
REJECT_REASONS = ("no_seats", "age", "documents", "health", "other")
END_REASONS = ("family", "moved", "health", "attendance", "other")
NO_SEAT = "no_seat"  # a request the bot moved to the waiting list: no seat was left for it


def _decision_buttons(enrollment_id: int) -> outbox.Buttons:
    return [
        [
            outbox.button("provider-btn-confirm", outbox.Open.CONFIRM_REQUEST, enrollment_id),
            outbox.button("provider-btn-reject", outbox.Open.REJECT_REQUEST, enrollment_id),
        ]
    ]


def add_working_days(start: datetime, days: int, tz: ZoneInfo) -> datetime:
    """`start` moved forward by `days` working days (Saturdays and Sundays do not count)."""
    local = start.astimezone(tz)
    added = 0
    while added < days:
        local += timedelta(days=1)
        if local.weekday() < 5:
            added += 1
    return local.astimezone(UTC)


class NoSeat(DomainError):
    """The group is full: the parent may join its waiting list."""

    def __init__(self, group_id: int) -> None:
        super().__init__("enroll-no-seat")
        self.group_id = group_id


@dataclass(frozen=True)
class Eligibility:
    child: Child
    group: Group
    program: Program
    municipality: Municipality
    certificate: Certificate
    quote: billing.Quote
    starts_on: date
    ends_on: date
    typical_monthly: int = 0  # billing.typical_monthly of the municipality, for a paid program
    # The group's lessons that collide with the child's other activities: a warning, not a refusal.
    clashes: tuple[Clash, ...] = ()

    @property
    def leaves_little(self) -> bool:
        """The request would leave less free money than a typical month of another club."""
        return self.quote.leaves_less_than(self.typical_monthly)


async def own_child(session: AsyncSession, parent_id: int, child_id: int) -> Child:
    child = await session.get(Child, child_id)
    if child is None or child.parent_id != parent_id:
        raise NotAllowed()
    return child


async def _open_group(session: AsyncSession, group_id: int, today: date) -> Group:
    group = await session.scalar(
        select(Group)
        .join(Program, Program.id == Group.program_id)
        .where(Group.id == group_id, open_group(today), visible())
        .execution_options(populate_existing=True)
    )
    if group is None:
        raise DomainError("enroll-group-closed")
    return group


def _from_offer() -> Any:
    """Whether an enrollment request was made by accepting a waiting-list offer for its group."""
    return (
        select(WaitlistEntry.id)
        .where(
            WaitlistEntry.group_id == Enrollment.group_id,
            WaitlistEntry.child_id == Enrollment.child_id,
            WaitlistEntry.status == WaitlistStatus.ACCEPTED,
        )
        .exists()
    )


async def _held_seats(session: AsyncSession, group_id: int) -> int:
    """Free seats promised to the waiting list: offers not answered yet, and requests made by
    accepting an offer that the provider has not decided yet. Ordinary requests cannot take them."""
    offers = await session.scalar(
        select(func.count(WaitlistEntry.id)).where(
            WaitlistEntry.group_id == group_id, WaitlistEntry.status == WaitlistStatus.OFFERED
        )
    )
    accepted = await session.scalar(
        select(func.count(Enrollment.id)).where(
            Enrollment.group_id == group_id,
            Enrollment.status == EnrollmentStatus.PENDING,
            _from_offer(),
        )
    )
    return int(offers or 0) + int(accepted or 0)


async def from_waitlist(session: AsyncSession, enrollments: list[Enrollment]) -> set[int]:
    """Which of these pending requests take a seat the waiting list offered."""
    if not enrollments:
        return set()
    rows = await session.scalars(
        select(Enrollment.id).where(Enrollment.id.in_([e.id for e in enrollments]), _from_offer())
    )
    return set(rows)


async def _study_window(session: AsyncSession, group: Group, today: date) -> tuple[date, date]:
    """From today (or the group's start) to the group's end, within the current period."""
    start = max(today, group.starts_on)
    end = group.ends_on
    period = await current_period(session, group.program.municipality_id, today)
    if period is not None:
        end = min(end, period.ends_on)
    return start, end


async def check(
    session: AsyncSession,
    *,
    parent_id: int,
    child_id: int,
    group_id: int,
    today: date,
    seat_offered: bool = False,
) -> Eligibility:
    """Whether this child may ask to join this group; a refusal names its reason. With
    `seat_offered` (the waiting list offered a seat, or the child is joining the list) the free
    seat is not checked."""
    child = await own_child(session, parent_id, child_id)
    group = await _open_group(session, group_id, today)
    program = group.program
    certificate = await active_certificate(session, child.id)
    if certificate is None:
        if await pending_application(session, child.id) is not None:
            raise DomainError("enroll-certificate-pending", name=child.first_name)
        raise DomainError("enroll-no-certificate")
    if (certificate.kind is CertificateKind.FINANCING) != program.register.is_paid:
        raise DomainError("enroll-wrong-status", kind=certificate.kind.value, register=program.register.value)
    age = age_on(child.birth_date, today)
    if not program.age_min <= age <= program.age_max:
        raise DomainError("enroll-age", age=age, min=program.age_min, max=program.age_max)
    duplicate = await session.scalar(
        select(Enrollment.id).where(
            Enrollment.child_id == child.id,
            Enrollment.program_id == program.id,
            Enrollment.status.in_(OPEN),
        )
    )
    if duplicate is not None:
        raise DomainError("enroll-duplicate")
    municipality = await session.get(Municipality, program.municipality_id)
    if municipality is None:
        raise NotFound()
    if not program.register.is_paid:
        limit = municipality.budget_program_limit
        budget = await session.scalar(
            select(func.count(Enrollment.id))
            .join(Program, Program.id == Enrollment.program_id)
            .where(
                Enrollment.child_id == child.id,
                Enrollment.status.in_(OPEN),
                Program.register != Register.CERTIFIED,
            )
        )
        if (budget or 0) >= limit:
            raise DomainError("enroll-budget-limit", limit=limit)
    if not seat_offered and group.free_seats - await _held_seats(session, group.id) <= 0:
        raise NoSeat(group.id)
    start, end = await _study_window(session, group, today)
    quote = await billing.quote(session, program, certificate, start=start, end=end)
    if quote.blocked:
        raise DomainError("enroll-balance", shortfall_kopecks=quote.shortfall)
    typical = await billing.typical_monthly(session, municipality.id, today) if quote.price_monthly else 0
    found = tuple(await clashes.for_child(session, child.id, group, today))
    return Eligibility(child, group, program, municipality, certificate, quote, start, end, typical, found)


def _request_args(program: Program, group: Group, child: Child | None) -> dict[str, Any]:
    return {
        "title": program.title,
        "group": group.name,
        "child": child.full_name if child else "—",
    }


async def _tell_provider(
    session: AsyncSession,
    enrollment: Enrollment,
    event: str,
    now: datetime,
    args: dict[str, Any],
    buttons: outbox.Buttons | None = None,
) -> None:
    for user_id in await employee_ids(session, enrollment.provider_id):
        await outbox.enqueue(
            session,
            now=now,
            chat_id=user_id,
            key=f"enr:{enrollment.id}:{event}:{user_id}",
            text_key=f"enroll-note-provider-{event}",
            args=args,
            buttons=buttons,
        )


async def _tell_parent(
    session: AsyncSession,
    enrollment: Enrollment,
    event: str,
    now: datetime,
    args: dict[str, Any],
) -> None:
    if enrollment.parent_id is None:
        return
    await outbox.enqueue(
        session,
        now=now,
        chat_id=enrollment.parent_id,
        key=f"enr:{enrollment.id}:{event}",
        text_key=f"enroll-note-{event}",
        args=args,
    )


async def _describe(session: AsyncSession, enrollment: Enrollment) -> dict[str, Any]:
    group = await session.get(Group, enrollment.group_id)
    program = await session.get(Program, enrollment.program_id)
    assert group is not None and program is not None
    child = await session.get(Child, enrollment.child_id) if enrollment.child_id else None
    return _request_args(program, group, child)


async def request(
    session: AsyncSession,
    *,
    parent_id: int,
    child_id: int,
    group_id: int,
    now: datetime,
    today: date,
    tz: ZoneInfo,
    seat_offered: bool = False,
) -> Enrollment:
    """Make an enrollment request; the provider is asked to decide by the municipality's deadline."""
    ok = await check(
        session,
        parent_id=parent_id,
        child_id=child_id,
        group_id=group_id,
        today=today,
        seat_offered=seat_offered,
    )
    deadline = add_working_days(now, ok.municipality.decision_deadline_days, tz)
    enrollment = Enrollment(
        child_id=ok.child.id,
        parent_id=parent_id,
        group_id=ok.group.id,
        program_id=ok.program.id,
        provider_id=ok.program.provider_id,
        certificate_id=ok.certificate.id,
        status=EnrollmentStatus.PENDING,
        deadline_at=deadline,
        starts_on=ok.starts_on,
        ends_on=ok.ends_on,
    )
    session.add(enrollment)
    await session.flush()
    args = _request_args(ok.program, ok.group, ok.child)
    args |= {
        "age": age_on(ok.child.birth_date, today),
        "deadline_date": deadline.astimezone(tz).date().isoformat(),
        "waitlist": "yes" if seat_offered else "no",  # the seat the waiting list offered this family
    }
    await _tell_provider(
        session,
        enrollment,
        "new",
        now,
        args,
        buttons=_decision_buttons(enrollment.id),
    )
    return enrollment


async def for_provider(session: AsyncSession, enrollment_id: int, provider_ids: frozenset[int]) -> Enrollment:
    enrollment = await session.get(Enrollment, enrollment_id, populate_existing=True)
    if enrollment is None:
        raise NotFound()
    if enrollment.provider_id not in provider_ids:
        raise NotAllowed()
    return enrollment


async def _move(
    session: AsyncSession,
    enrollment: Enrollment,
    from_: EnrollmentStatus,
    to: EnrollmentStatus,
    **values: Any,
) -> None:
    """Change the status only if it still is `from_` (another click, the job or the other side may
    have got there first); the loser is told the request was already decided."""
    result = await session.execute(
        update(Enrollment)
        .where(Enrollment.id == enrollment.id, Enrollment.status == from_)
        .values(status=to, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError("enroll-already-decided")
    await session.refresh(enrollment)


async def take_seat(session: AsyncSession, group_id: int, held: int = 0) -> bool:
    """Take a seat unless all free seats are taken, or `held` of them are promised to others."""
    result = await session.execute(
        update(Group)
        .where(Group.id == group_id, Group.seats_taken + held < Group.capacity)
        .values(seats_taken=Group.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def _free_seat(session: AsyncSession, group_id: int) -> None:
    await session.execute(
        update(Group)
        .where(Group.id == group_id, Group.seats_taken > 0)
        .values(seats_taken=Group.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class Confirmation:
    """The provider's confirmation: `enrollment` is ACTIVE, or WITHDRAWN with reason NO_SEAT when
    no seat was left for it; `waitlisted` counts the other requests moved to the waiting list
    because this one filled the group."""

    enrollment: Enrollment
    waitlisted: int = 0
    quote: billing.Quote = billing.FREE  # the split reserved, for a paid program
    typical_monthly: int = 0  # billing.typical_monthly of the municipality, for a paid program

    @property
    def leaves_little(self) -> bool:
        """The reserve left less free money than a typical month of another club."""
        return self.quote.leaves_less_than(self.typical_monthly)


async def _to_waitlist(session: AsyncSession, enrollment: Enrollment, now: datetime) -> outbox.Notice | None:
    """No seat is left for this pending request: it gives way to a place on the group's waiting list
    rather than wait for a decision nobody can make. Returns the family's notice, or None when the
    request was no longer pending."""
    result = await session.execute(
        update(Enrollment)
        .where(Enrollment.id == enrollment.id, Enrollment.status == EnrollmentStatus.PENDING)
        .values(status=EnrollmentStatus.WITHDRAWN, reason=NO_SEAT, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(enrollment)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    entry = WaitlistEntry(
        child_id=enrollment.child_id, parent_id=enrollment.parent_id, group_id=enrollment.group_id
    )
    session.add(entry)
    await session.flush()
    if enrollment.parent_id is None:
        return None
    args = await _describe(session, enrollment) | {
        "place": await place_in_queue(session, entry),
        "hours": int(OFFER_TTL.total_seconds() // 3600),
    }
    return outbox.Notice(
        chat_id=enrollment.parent_id,
        key=f"enr:{enrollment.id}:waitlisted",
        text_key="enroll-note-waitlisted",
        args=args,
    )


async def _waitlist_the_rest(session: AsyncSession, group_id: int, now: datetime) -> int:
    """When the group has no seat left for ordinary requests, every other pending request for it
    moves to the waiting list at once and each family is told; requests holding a seat the waiting
    list offered stay. Returns how many moved."""
    group = await session.get(Group, group_id, populate_existing=True)
    assert group is not None
    if group.free_seats - await _held_seats(session, group_id) > 0:
        return 0
    pending = (
        await session.scalars(
            select(Enrollment)
            .where(
                Enrollment.group_id == group_id,
                Enrollment.status == EnrollmentStatus.PENDING,
                ~_from_offer(),
            )
            .order_by(Enrollment.id)
        )
    ).all()
    notices = [n for e in pending if (n := await _to_waitlist(session, e, now)) is not None]
    await outbox.enqueue_notices(session, notices, now)
    return sum(1 for e in pending if e.reason == NO_SEAT)


async def _quote_at_confirmation(
    session: AsyncSession, enrollment: Enrollment, program: Program, today: date
) -> tuple[billing.Quote, Certificate | None]:
    """What the certificate pays a month, and the certificate, checked again when the provider
    confirms: the certificate may have been suspended or its balance spent since the request."""
    if not program.register.is_paid:
        return billing.FREE, None
    certificate = (
        await session.get(Certificate, enrollment.certificate_id) if enrollment.certificate_id else None
    )
    if certificate is None or certificate.state is not CertificateState.ACTIVE:
        raise DomainError("enroll-confirm-no-certificate")
    start = max(today, enrollment.starts_on or today)
    quote = await billing.quote(session, program, certificate, start=start, end=enrollment.ends_on or start)
    if quote.blocked:
        raise DomainError("enroll-confirm-balance", shortfall_kopecks=quote.shortfall)
    return quote, certificate


async def confirm(
    session: AsyncSession,
    *,
    enrollment_id: int,
    provider_ids: frozenset[int],
    actor_id: int,
    now: datetime,
    today: date,
) -> Confirmation:
    """The provider confirms: a seat is taken and, for a certified program, the certificate's part
    is reserved. Refused with a reason when the money is no longer there. When no seat is left (or
    the free ones are promised to the waiting list) the request moves to the waiting list; when this
    confirmation fills the group, so do the other pending requests for it."""
    enrollment = await for_provider(session, enrollment_id, provider_ids)
    if enrollment.status is EnrollmentStatus.WITHDRAWN and enrollment.reason == NO_SEAT:
        return Confirmation(enrollment)  # moved to the waiting list earlier: the provider is told so
    if enrollment.status is not EnrollmentStatus.PENDING:
        raise DomainError("enroll-already-decided")
    program = await session.get(Program, enrollment.program_id)
    assert program is not None
    quote, certificate = await _quote_at_confirmation(session, enrollment, program, today)
    holds_offer = bool(await from_waitlist(session, [enrollment]))
    held = 0 if holds_offer else await _held_seats(session, enrollment.group_id)
    # The seat first: the group's row is the lock that puts confirmations for one group in a line.
    if not await take_seat(session, enrollment.group_id, held):
        notice = await _to_waitlist(session, enrollment, now)
        if notice is None and enrollment.reason != NO_SEAT:
            raise DomainError("enroll-already-decided")
        if notice is not None:
            await notice.enqueue(session, now)
        return Confirmation(enrollment)
    await _move(
        session,
        enrollment,
        EnrollmentStatus.PENDING,
        EnrollmentStatus.ACTIVE,
        decided_at=now,
        decided_by=actor_id,
    )
    await billing.reserve_for(session, enrollment, quote)
    await by_provider(session, actor_id, "enrollment.confirm", enrollment.id)
    args = await _describe(session, enrollment)
    args |= {
        "certificate_kopecks": quote.certificate_monthly,
        "family_kopecks": quote.family_monthly,
        "reserve_kopecks": quote.reserve_total,
        "left_kopecks": quote.left,
        "paid": "yes" if program.register.is_paid else "no",
    }
    await _tell_parent(session, enrollment, "confirmed", now, args)
    typical = 0
    if certificate is not None:
        # The money left the free balance now: warn now, not a month later with the write-off.
        await writeoffs.warn_low_balance(session, certificate, today=today, now=now)
        typical = await billing.typical_monthly(session, program.municipality_id, today)
    waitlisted = await _waitlist_the_rest(session, enrollment.group_id, now)
    return Confirmation(enrollment, waitlisted, quote, typical)


async def reject(
    session: AsyncSession,
    *,
    enrollment_id: int,
    provider_ids: frozenset[int],
    actor_id: int,
    reason: str,
    comment: str | None,
    now: datetime,
) -> Enrollment:
    if reason not in REJECT_REASONS:
        raise DomainError("enroll-bad-reason")
    enrollment = await for_provider(session, enrollment_id, provider_ids)
    if enrollment.status is EnrollmentStatus.WITHDRAWN and enrollment.reason == NO_SEAT:
        raise DomainError("enroll-on-waitlist")  # an old notice's button: nothing is left to decide
    await _move(
        session,
        enrollment,
        EnrollmentStatus.PENDING,
        EnrollmentStatus.REJECTED,
        decided_at=now,
        decided_by=actor_id,
        reason=reason,
        comment=comment,
    )
    await by_provider(session, actor_id, "enrollment.reject", enrollment.id, reason=reason)
    args = await _describe(session, enrollment) | {
        "reason": reason,
        "comment": comment or "—",
    }
    await _tell_parent(session, enrollment, "rejected", now, args)
    await offer_next(session, enrollment.group_id, now)  # a seat it held for the waiting list is free again
    return enrollment


async def withdraw(session: AsyncSession, *, enrollment_id: int, parent_id: int, now: datetime) -> Enrollment:
    """The parent takes back a request the provider has not decided yet."""
    enrollment = await parents_enrollment(session, enrollment_id, parent_id)
    await _move(session, enrollment, EnrollmentStatus.PENDING, EnrollmentStatus.WITHDRAWN, decided_at=now)
    await _tell_provider(session, enrollment, "withdrawn", now, await _describe(session, enrollment))
    await offer_next(session, enrollment.group_id, now)  # a seat it held for the waiting list is free again
    return enrollment


async def _finish(
    session: AsyncSession, enrollment: Enrollment, *, reason: str, comment: str | None, now: datetime
) -> None:
    """End an active enrollment: the seat is freed, the rest of the reserve returns to the balance,
    and the seat is offered to the waiting list."""
    await _move(
        session,
        enrollment,
        EnrollmentStatus.ACTIVE,
        EnrollmentStatus.ENDED,
        ended_at=now,
        reason=reason,
        comment=comment,
    )
    await _free_seat(session, enrollment.group_id)
    await billing.release_for(session, enrollment)
    await offer_next(session, enrollment.group_id, now)


async def end(
    session: AsyncSession,
    *,
    enrollment_id: int,
    actor_id: int,
    reason: str,
    comment: str | None,
    now: datetime,
    parent_id: int | None = None,
    provider_ids: frozenset[int] | None = None,
) -> Enrollment:
    """The family (`parent_id`) or the provider (`provider_ids`) ends an active enrollment."""
    if reason not in END_REASONS:
        raise DomainError("enroll-bad-reason")
    if parent_id is not None:
        enrollment = await parents_enrollment(session, enrollment_id, parent_id)
    elif provider_ids is not None:
        enrollment = await for_provider(session, enrollment_id, provider_ids)
    else:
        raise NotAllowed()
    await _finish(session, enrollment, reason=reason, comment=comment, now=now)
    args = await _describe(session, enrollment) | {"reason": reason, "comment": comment or "—"}
    if parent_id is not None:
        await _tell_provider(session, enrollment, "ended", now, args)
    else:
        await by_provider(session, actor_id, "enrollment.end", enrollment.id, reason=reason)
        await _tell_parent(session, enrollment, "ended", now, args)
    return enrollment


async def end_for_children(
    session: AsyncSession, child_ids: list[int], now: datetime, *, reason: str = "family"
) -> int:
    """The children's certificates closed or the family withdrew consent: active enrollments end
    properly (seat, reserve, waiting list) with `reason`, pending requests are withdrawn, and places on
    waiting lists are given up. Returns how many active enrollments ended."""
    active = (
        await session.scalars(
            select(Enrollment).where(
                Enrollment.child_id.in_(child_ids), Enrollment.status == EnrollmentStatus.ACTIVE
            )
        )
    ).all()
    for enrollment in active:
        args = await _describe(session, enrollment) | {"reason": reason, "comment": "—"}
        await _finish(session, enrollment, reason=reason, comment=None, now=now)
        await _tell_provider(session, enrollment, "ended", now, args)
    pending = (
        await session.scalars(
            select(Enrollment).where(
                Enrollment.child_id.in_(child_ids), Enrollment.status == EnrollmentStatus.PENDING
            )
        )
    ).all()
    for enrollment in pending:
        await withdraw(session, enrollment_id=enrollment.id, parent_id=enrollment.parent_id or 0, now=now)
    await session.execute(
        update(WaitlistEntry)
        .where(
            WaitlistEntry.child_id.in_(child_ids),
            WaitlistEntry.status.in_([WaitlistStatus.WAITING, WaitlistStatus.OFFERED]),
        )
        .values(status=WaitlistStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return len(active)


# The waiting list


async def join_waitlist(
    session: AsyncSession, *, parent_id: int, child_id: int, group_id: int, today: date
) -> tuple[WaitlistEntry, int]:
    """Put the child on a full group's waiting list; returns the entry and its place in the queue."""
    await check(
        session, parent_id=parent_id, child_id=child_id, group_id=group_id, today=today, seat_offered=True
    )
    existing = await session.scalar(
        select(WaitlistEntry.id).where(
            WaitlistEntry.child_id == child_id,
            WaitlistEntry.group_id == group_id,
            WaitlistEntry.status.in_([WaitlistStatus.WAITING, WaitlistStatus.OFFERED]),
        )
    )
    if existing is not None:
        raise DomainError("enroll-waitlist-duplicate")
    entry = WaitlistEntry(child_id=child_id, parent_id=parent_id, group_id=group_id)
    session.add(entry)
    await session.flush()
    return entry, await place_in_queue(session, entry)


async def place_in_queue(session: AsyncSession, entry: WaitlistEntry) -> int:
    place = await session.scalar(
        select(func.count(WaitlistEntry.id)).where(
            WaitlistEntry.group_id == entry.group_id,
            WaitlistEntry.status == WaitlistStatus.WAITING,
            WaitlistEntry.id <= entry.id,
        )
    )
    return int(place or 1)


async def offer_next(session: AsyncSession, group_id: int, now: datetime) -> list[WaitlistEntry]:
    """Offer each free seat (not already offered) to the next child waiting for it."""
    group = await session.get(Group, group_id, populate_existing=True)
    if group is None or group.archived or not group.enrollment_open:
        return []
    free = group.free_seats - await _held_seats(session, group_id)
    offered: list[WaitlistEntry] = []
    while free > 0:
        entry = await session.scalar(
            select(WaitlistEntry)
            .where(WaitlistEntry.group_id == group_id, WaitlistEntry.status == WaitlistStatus.WAITING)
            .order_by(WaitlistEntry.id)
            .limit(1)
        )
        if entry is None:
            break
        entry.status = WaitlistStatus.OFFERED
        entry.offered_at = now
        entry.offer_expires_at = now + OFFER_TTL
        await session.flush()
        if entry.parent_id is not None:
            child = await session.get(Child, entry.child_id) if entry.child_id else None
            await outbox.enqueue(
                session,
                now=now,
                chat_id=entry.parent_id,
                key=f"wl:{entry.id}:offer",
                text_key="enroll-note-offer",
                args=_request_args(group.program, group, child)
                | {"hours": int(OFFER_TTL.total_seconds() // 3600)},
                buttons=[
                    [outbox.button("enroll-btn-accept-offer", outbox.Open.ACCEPT_OFFER, entry.id)],
                    [outbox.button("enroll-btn-decline-offer", outbox.Open.DECLINE_OFFER, entry.id)],
                ],
                respect_quiet_hours=False,  # the 48 hours run from now, the parent should know at once
            )
        offered.append(entry)
        free -= 1
    return offered


async def _own_offer(session: AsyncSession, entry_id: int, parent_id: int) -> WaitlistEntry:
    entry = await session.get(WaitlistEntry, entry_id, populate_existing=True)
    if entry is None:
        raise NotFound()
    if entry.parent_id != parent_id:
        raise NotAllowed()
    return entry


async def accept_offer(
    session: AsyncSession, *, entry_id: int, parent_id: int, now: datetime, today: date, tz: ZoneInfo
) -> Enrollment:
    """The parent takes the offered seat: a request goes to the provider at once."""
    entry = await _own_offer(session, entry_id, parent_id)
    expires = entry.offer_expires_at
    if entry.status is not WaitlistStatus.OFFERED or expires is None or expires <= now:
        raise DomainError("enroll-offer-expired")
    entry.status = WaitlistStatus.ACCEPTED
    return await request(
        session,
        parent_id=parent_id,
        child_id=entry.child_id or 0,
        group_id=entry.group_id,
        now=now,
        today=today,
        tz=tz,
        seat_offered=True,
    )


async def leave_waitlist(session: AsyncSession, *, entry_id: int, parent_id: int, now: datetime) -> None:
    """The family leaves the waiting list, or declines the seat it was offered (then the seat goes
    to the next in the queue)."""
    entry = await _own_offer(session, entry_id, parent_id)
    if entry.status not in (WaitlistStatus.WAITING, WaitlistStatus.OFFERED):
        raise DomainError("enroll-waitlist-gone")
    entry.status = WaitlistStatus.CANCELLED
    await session.flush()
    await offer_next(session, entry.group_id, now)


# Lists


def _own_children(user_id: int) -> Any:
    """The children whose own account (14+, linked by the parent) this is."""
    return select(Child.id).where(Child.own_user_id == user_id)


async def for_parent_list(session: AsyncSession, user_id: int, *, as_child: bool = False) -> list[Enrollment]:
    """All the family's requests and enrollments, the open ones first (or with `as_child` those of the
    child whose own account this is); «Мои заявки» shows them a page at a time. A request the bot moved
    to the waiting list shows as its waiting-list entry (`waiting_for_parent`), not as a request."""
    whose = Enrollment.child_id.in_(_own_children(user_id)) if as_child else Enrollment.parent_id == user_id
    rows = await session.scalars(
        select(Enrollment)
        .where(
            whose,
            ~(
                (Enrollment.status == EnrollmentStatus.WITHDRAWN)
                & (func.coalesce(Enrollment.reason, "") == NO_SEAT)
            ),
        )
        .order_by(Enrollment.status.in_(OPEN).desc(), Enrollment.id.desc())
    )
    return list(rows.unique())


async def waiting_for_parent(
    session: AsyncSession, user_id: int, *, as_child: bool = False
) -> list[WaitlistEntry]:
    whose = (
        WaitlistEntry.child_id.in_(_own_children(user_id)) if as_child else WaitlistEntry.parent_id == user_id
    )
    rows = await session.scalars(
        select(WaitlistEntry)
        .where(
            whose,
            WaitlistEntry.status.in_([WaitlistStatus.WAITING, WaitlistStatus.OFFERED]),
        )
        .order_by(WaitlistEntry.id)
    )
    return list(rows)


async def pending_for_provider(session: AsyncSession, provider_ids: frozenset[int]) -> list[Enrollment]:
    rows = await session.scalars(
        select(Enrollment)
        .where(Enrollment.provider_id.in_(provider_ids), Enrollment.status == EnrollmentStatus.PENDING)
        .order_by(Enrollment.deadline_at, Enrollment.id)
        .limit(30)
    )
    return list(rows.unique())


# Deadlines


async def run_due(
    session: AsyncSession, now: datetime, tz: ZoneInfo, *, limit: int | None = None
) -> dict[str, int]:
    """Remind providers of overdue requests (once), expire requests still undecided
    EXPIRY_AFTER_REMINDER_WORKING_DAYS working days after the deadline, and move on waiting-list
    offers nobody accepted in 48 hours. Safe to run at any time and any number of times. With a
    `limit`, at most that many of each, the earliest first: a count equal to `limit` means there
    may be more (the job calls it again in a new transaction)."""
    return {
        "reminded": await _remind_overdue(session, now, limit),
        "expired": await _expire_reminded(session, now, tz, limit),
        "offers_expired": await _expire_offers(session, now, limit),
    }


async def _remind_overdue(session: AsyncSession, now: datetime, limit: int | None) -> int:
    """The provider is reminded once of each request past its deadline."""
    overdue = (
        await session.scalars(
            select(Enrollment)
            .where(
                Enrollment.status == EnrollmentStatus.PENDING,
                Enrollment.deadline_at <= now,
                Enrollment.reminded_at.is_(None),
            )
            .order_by(Enrollment.deadline_at, Enrollment.id)
            .limit(limit)
        )
    ).all()
    for enrollment in overdue:
        enrollment.reminded_at = now
        args = await _describe(session, enrollment)
        await _tell_provider(
            session,
            enrollment,
            "reminder",
            now,
            args,
            buttons=_decision_buttons(enrollment.id),
        )
    return len(overdue)


async def _expire_reminded(session: AsyncSession, now: datetime, tz: ZoneInfo, limit: int | None) -> int:
    """A reminded request still undecided EXPIRY_AFTER_REMINDER_WORKING_DAYS working days after its
    deadline expires: both sides are told and the seat it held goes to the waiting list."""
    reminded = (
        await session.scalars(
            select(Enrollment)
            .where(Enrollment.status == EnrollmentStatus.PENDING, Enrollment.reminded_at.is_not(None))
            .order_by(Enrollment.deadline_at, Enrollment.id)
            .limit(limit)
        )
    ).all()
    expired = 0
    for enrollment in reminded:
        assert enrollment.deadline_at is not None
        if add_working_days(enrollment.deadline_at, EXPIRY_AFTER_REMINDER_WORKING_DAYS, tz) > now:
            break  # by deadline: the later ones are not due either
        await _move(session, enrollment, EnrollmentStatus.PENDING, EnrollmentStatus.EXPIRED, decided_at=now)
        args = await _describe(session, enrollment)
        await _tell_parent(session, enrollment, "expired", now, args)
        await _tell_provider(session, enrollment, "expired", now, args)
        await offer_next(session, enrollment.group_id, now)
        expired += 1
    return expired


async def _expire_offers(session: AsyncSession, now: datetime, limit: int | None) -> int:
    """A waiting-list seat nobody took in OFFER_TTL goes to the next in the queue; the family is told."""
    offers = (
        await session.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.status == WaitlistStatus.OFFERED, WaitlistEntry.offer_expires_at <= now)
            .order_by(WaitlistEntry.offer_expires_at, WaitlistEntry.id)
            .limit(limit)
        )
    ).all()
    for entry in offers:
        entry.status = WaitlistStatus.EXPIRED
        await session.flush()
        if entry.parent_id is not None:
            await outbox.enqueue(
                session,
                now=now,
                chat_id=entry.parent_id,
                key=f"wl:{entry.id}:expired",
                text_key="enroll-note-offer-expired",
                args={},
            )
        await offer_next(session, entry.group_id, now)
    return len(offers)


async def run_deadlines(ctx: JobContext) -> dict[str, int]:
    """The scheduled job: reminders, expiries and ended offers, in short transactions, retried on
    failure. Returns how many of each."""
    done = await batching.retrying(lambda: _run_due_in_batches(ctx), what="enrollment deadlines")
    if any(done.values()):
        ctx.sender.wake()
    return done


async def _run_due_in_batches(ctx: JobContext) -> dict[str, int]:
    """`run_due` in short transactions of at most DEADLINE_BATCH of each kind, until none is left."""
    total = {"reminded": 0, "expired": 0, "offers_expired": 0}
    while True:
        async with ctx.sessionmaker.begin() as session:
            done = await run_due(session, ctx.clock.now(), ctx.settings.tz, limit=DEADLINE_BATCH)
        total = {k: total[k] + v for k, v in done.items()}
        if max(done.values()) < DEADLINE_BATCH:
            return total


async def children_of(session: AsyncSession, parent_id: int, *, as_child: bool = False) -> list[Child]:
    """The parent's children, or with `as_child` the child whose own account this is."""
    whose = Child.id.in_(_own_children(parent_id)) if as_child else Child.parent_id == parent_id
    rows = await session.scalars(select(Child).where(whose).order_by(Child.id))
    return list(rows.unique())


async def quote_for_child(
    session: AsyncSession, *, parent_id: int, child_id: int, group: Group, today: date
) -> tuple[Child, billing.Quote | None]:
    """The monthly split for this child in this group; None when the child has no active certificate."""
    child = await own_child(session, parent_id, child_id)
    certificate = await active_certificate(session, child.id)
    if certificate is None:
        return child, None
    start, end = await _study_window(session, group, today)
    return child, await billing.quote(session, group.program, certificate, start=start, end=end)
