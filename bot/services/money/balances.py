"""The family's side of a certificate's money: who may see it, its status (financing or accounting),
the child's own account (14+), and the history of movements.

A certificate is seen by the child's parent and by the child's own linked account. The status changes
on the parent's request, or on the child's own once he is 14 (Concept 2.8)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import outbox, paging, periods
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.money import billing, ledger
from bot.services.periods import current_period
from bot.services.rules import age_on
from db.models import (
    Certificate,
    CertificateEvent,
    CertificateKind,
    CertificateState,
    Child,
    Enrollment,
    EnrollmentStatus,
    Group,
    LedgerEntry,
    Period,
    Program,
    Register,
)

LINK_PREFIX = "link_"
LINK_TTL = timedelta(hours=24)
OWN_CHOICE_AGE = 14
HISTORY_PAGE = 5


@dataclass(frozen=True)
class Holder:
    """A certificate as seen by one account: the parent, or the child himself."""

    certificate: Certificate
    is_child: bool

    @property
    def child(self) -> Child:
        assert self.certificate.child is not None  # a holder always has a child
        return self.certificate.child


async def holder(session: AsyncSession, certificate_id: int, user_id: int) -> Holder:
    """The certificate if this account may act on it, else NotFound / NotAllowed."""
    certificate = await session.get(Certificate, certificate_id)
    if certificate is None:
        raise NotFound()
    child = certificate.child
    if child is not None and child.parent_id == user_id:
        return Holder(certificate, is_child=False)
    if child is not None and child.own_user_id == user_id:
        return Holder(certificate, is_child=True)
    raise NotAllowed()


async def certificates_of(session: AsyncSession, user_id: int) -> list[Certificate]:
    """The certificates this account sees: his children's, or his own once linked."""
    rows = await session.scalars(
        select(Certificate)
        .join(Child, Certificate.child_id == Child.id)
        .where((Child.parent_id == user_id) | (Child.own_user_id == user_id))
        .order_by(Certificate.id)
    )
    return list(rows.unique())


def other_kind(kind: CertificateKind) -> CertificateKind:
    return CertificateKind.ACCOUNTING if kind is CertificateKind.FINANCING else CertificateKind.FINANCING


@dataclass(frozen=True)
class MoneyView:
    holder: Holder
    balance: ledger.Balance
    child_age: int
    reserves: tuple[Reserve, ...] = ()  # what «в резерве за кружки» is made of, club by club

    @property
    def other_kind(self) -> CertificateKind:
        """The status the family may switch to."""
        return other_kind(self.holder.certificate.kind)

    @property
    def can_link_child(self) -> bool:
        return (
            not self.holder.is_child
            and self.child_age >= OWN_CHOICE_AGE
            and self.holder.child.own_user_id is None
        )


@dataclass(frozen=True)
class Reserve:
    """One club's part of the reserve: what the certificate pays it a month and what is still held."""

    program: str
    group: str
    monthly: int
    held: int


async def reserves_of(session: AsyncSession, certificate_id: int) -> tuple[Reserve, ...]:
    """The reserve by enrollment, from the ledger (its sum per enrollment), oldest enrollment first."""
    held = func.sum(LedgerEntry.reserve_delta)
    rows = await session.execute(
        select(Program.title, Group.name, Enrollment.certificate_part_kopecks, held)
        .select_from(LedgerEntry)
        .join(Enrollment, Enrollment.id == LedgerEntry.enrollment_id)
        .join(Group, Group.id == Enrollment.group_id)
        .join(Program, Program.id == Enrollment.program_id)
        .where(LedgerEntry.certificate_id == certificate_id)
        .group_by(Enrollment.id, Program.title, Group.name, Enrollment.certificate_part_kopecks)
        .having(held > 0)
        .order_by(Enrollment.id)
    )
    return tuple(
        Reserve(title, group, int(monthly or 0), int(amount)) for title, group, monthly, amount in rows
    )


async def views_of(session: AsyncSession, user_id: int, today: date) -> list[MoneyView]:
    """Every certificate this account sees: his children's, or his own once linked."""
    return [await view(session, c.id, user_id, today) for c in await certificates_of(session, user_id)]


async def view(session: AsyncSession, certificate_id: int, user_id: int, today: date) -> MoneyView:
    h = await holder(session, certificate_id, user_id)
    balance = await ledger.balance_of(session, certificate_id)
    return MoneyView(
        holder=h,
        balance=balance,
        child_age=age_on(h.child.birth_date, today),
        reserves=await reserves_of(session, certificate_id) if balance.reserved else (),
    )


async def has_active_paid_enrollment(session: AsyncSession, certificate_id: int) -> bool:
    found = await session.scalar(
        select(Enrollment.id)
        .join(Program, Enrollment.program_id == Program.id)
        .where(
            Enrollment.certificate_id == certificate_id,
            Enrollment.status == EnrollmentStatus.ACTIVE,
            Program.register == Register.CERTIFIED,
        )
        .limit(1)
    )
    return found is not None


async def _locked_period(session: AsyncSession, municipality_id: int, today: date) -> Period:
    period = await current_period(session, municipality_id, today)
    if period is None:
        raise DomainError("money-no-period")
    # Lock the period so two requests cannot both take the last quota place (PostgreSQL).
    await session.execute(select(Period.id).where(Period.id == period.id).with_for_update())
    return period


async def change_kind(
    session: AsyncSession,
    certificate_id: int,
    user_id: int,
    kind: CertificateKind,
    today: date,
    now: datetime,
) -> MoneyView:
    """Switch the certificate to `kind` on the request of the parent or of the child aged 14+, and
    return it as the family now sees it. Financing takes a quota place and credits the period's
    nominal once; accounting frees the place and keeps the balance for a return within the period.
    Asking for the status it already has (a repeated tap) is refused, so nothing flips back."""
    h = await holder(session, certificate_id, user_id)
    certificate = h.certificate
    if h.is_child and age_on(h.child.birth_date, today) < OWN_CHOICE_AGE:
        raise NotAllowed()
    if certificate.state is not CertificateState.ACTIVE:
        raise DomainError("money-kind-not-active")
    if certificate.kind is kind:
        raise DomainError("money-kind-same")
    period = await _locked_period(session, certificate.municipality_id, today)
    if kind is CertificateKind.FINANCING:
        if (await periods.financing_quota(session, certificate.municipality_id, today)).left <= 0:
            raise DomainError("money-quota-full", quota=period.financing_quota)
    elif await has_active_paid_enrollment(session, certificate.id):
        raise DomainError("money-kind-paid-enrollment")
    previous = certificate.kind
    certificate.kind = kind
    if kind is CertificateKind.FINANCING and period.nominal_kopecks > 0:
        await ledger.credit(session, certificate.id, period.nominal_kopecks, period_id=period.id)
    event = CertificateEvent(
        certificate_id=certificate.id,
        action="kind_changed",
        actor_id=user_id,
        details={"from": previous.value, "to": kind.value, "by": "child" if h.is_child else "parent"},
    )
    session.add(event)
    await session.flush()
    # The other side of the family learns of the change.
    other = h.child.parent_id if h.is_child else h.child.own_user_id
    if other is not None:
        await outbox.enqueue(
            session,
            now=now,
            chat_id=other,
            key=f"mo-kind:{event.id}",
            text_key=f"money-kind-changed-{kind.value}",
            args={"number": certificate.number, "child": h.child.first_name},
            buttons=[[outbox.button("money-btn-view", outbox.Open.MONEY, certificate.id)]],
        )
    return await view(session, certificate.id, user_id, today)


async def issue_link_code(
    session: AsyncSession, certificate_id: int, user_id: int, today: date, now: datetime
) -> str:
    """A one-time code the parent passes to a child aged 14+ to link the child's own account."""
    h = await holder(session, certificate_id, user_id)
    if h.is_child:
        raise NotAllowed()
    if age_on(h.child.birth_date, today) < OWN_CHOICE_AGE:
        raise DomainError("money-link-too-young", age=OWN_CHOICE_AGE)
    code = secrets.token_urlsafe(12)
    h.child.link_code = code
    h.child.link_code_expires_at = now + LINK_TTL
    return code


async def redeem_link_code(
    session: AsyncSession, code: str, user_id: int, today: date, now: datetime
) -> MoneyView:
    """Link the account that opened the code to the child; the code works once and for a day.
    Returns the certificate as the child now sees it."""
    child = await session.scalar(select(Child).where(Child.link_code == code))
    if child is None or child.link_code_expires_at is None or child.link_code_expires_at < now:
        raise DomainError("money-link-invalid")
    if child.parent_id == user_id:
        raise DomainError("money-link-own-parent")
    certificate = await session.scalar(
        select(Certificate).where(Certificate.child_id == child.id).order_by(Certificate.id.desc())
    )
    if certificate is None:
        raise DomainError("money-link-invalid")
    child.own_user_id = user_id
    child.link_code = None
    child.link_code_expires_at = None
    session.add(
        CertificateEvent(certificate_id=certificate.id, action="child_linked", actor_id=user_id, details={})
    )
    await outbox.enqueue(
        session,
        now=now,
        chat_id=child.parent_id,
        key=f"mo-linked:{child.id}:{user_id}",
        text_key="money-link-done-parent",
        args={"child": child.first_name},
    )
    return await view(session, certificate.id, user_id, today)


@dataclass(frozen=True)
class HistoryLine:
    entry: LedgerEntry
    program_title: str | None


@dataclass(frozen=True)
class HistoryPage:
    lines: list[HistoryLine]
    page: int
    pages: int


async def history(session: AsyncSession, certificate_id: int, user_id: int, page: int) -> HistoryPage:
    """The certificate's movements, newest first, a page at a time."""
    await holder(session, certificate_id, user_id)
    total = await ledger.count_entries(session, certificate_id)
    page, pages = paging.bounds(page, total, HISTORY_PAGE)
    entries = await ledger.entries(session, certificate_id, offset=page * HISTORY_PAGE, limit=HISTORY_PAGE)
    return HistoryPage(lines=await _lines(session, entries), page=page, pages=pages)


async def latest(session: AsyncSession, certificate_id: int, limit: int) -> list[HistoryLine]:
    """The certificate's `limit` latest movements, newest first (for its card; the caller checked
    who may see it)."""
    return await _lines(session, await ledger.entries(session, certificate_id, offset=0, limit=limit))


async def _lines(session: AsyncSession, entries: list[LedgerEntry]) -> list[HistoryLine]:
    enrollment_ids = {e.enrollment_id for e in entries if e.enrollment_id is not None}
    titles: dict[int, str] = {}
    if enrollment_ids:
        rows = await session.execute(
            select(Enrollment.id, Program.title)
            .join(Program, Enrollment.program_id == Program.id)
            .where(Enrollment.id.in_(enrollment_ids))
        )
        titles = {row[0]: row[1] for row in rows}
    return [
        HistoryLine(e, titles.get(e.enrollment_id) if e.enrollment_id is not None else None) for e in entries
    ]


# ---------------------------------------------------------------- what still fits the free balance


@dataclass(frozen=True)
class Fit:
    """An open paid program and what the certificate's free balance does for it."""

    program: Program
    monthly: int  # the most the certificate pays a month (billing.cap_of)
    months: int  # whole months of it the free balance pays, at most the months left in the period
    whole: bool  # it pays every month left in the period


@dataclass(frozen=True)
class Fits:
    holder: Holder
    free: int  # the free balance
    months_left: int  # months (whole or begun) left in the period
    shown: paging.Slice[Fit]
    first: Program | None = None  # the program picked first to compare, if any


def _begun_months(today: date, end: date) -> int:
    """Months of the period left from today, a begun month counting as one."""
    return len(billing.month_fractions(today, end))


async def _child_period(session: AsyncSession, h: Holder, today: date) -> Period:
    period = await current_period(session, h.certificate.municipality_id, today)
    if period is None:
        raise DomainError("money-no-period")
    return period


def _fit(program: Program, free: int, today: date, end: date) -> Fit:
    # The same split a request would quote: it says whether the free balance pays every month left.
    quote = billing.split(program.price_kopecks, program.normative_cost_kopecks, free, start=today, end=end)
    months = min(free // quote.cap_monthly, _begun_months(today, end)) if quote.cap_monthly else 0
    return Fit(program, quote.cap_monthly, months, whole=quote.shortfall == 0)


async def fits(
    session: AsyncSession, certificate_id: int, user_id: int, today: date, page: int, first: int = 0
) -> Fits:
    """«What still fits»: the open paid programs for the child's age in the certificate's municipality
    whose monthly certificate part the free balance pays for at least one month, cheapest first, a page
    at a time, each with how many months it pays. `first`: a program picked to compare, kept."""
    h = await holder(session, certificate_id, user_id)
    period = await _child_period(session, h, today)
    free = (await ledger.balance_of(session, certificate_id)).balance
    age = age_on(h.child.birth_date, today)
    cap = billing.cap_column()
    where = [
        *billing.open_paid(h.certificate.municipality_id, today),
        Program.age_min <= age,
        Program.age_max >= age,
        billing.affordable(free),
    ]
    total = int(await session.scalar(select(func.count(Program.id)).where(*where)) or 0)
    page, pages = paging.bounds(page, total)
    programs = await session.scalars(
        select(Program)
        .where(*where)
        .order_by(cap, Program.title, Program.id)
        .offset(page * paging.PAGE_SIZE)
        .limit(paging.PAGE_SIZE)
    )
    items = [_fit(p, free, today, period.ends_on) for p in programs]
    shown = paging.Slice(items, page, pages, page * paging.PAGE_SIZE + 1, total)
    picked = await session.get(Program, first) if first else None
    if picked is not None and picked.municipality_id != h.certificate.municipality_id:
        picked = None
    return Fits(h, free, _begun_months(today, period.ends_on), shown, picked)


@dataclass(frozen=True)
class Compared:
    program: Program
    quote: billing.Quote


async def compare(
    session: AsyncSession, certificate_id: int, user_id: int, program_ids: tuple[int, int], today: date
) -> tuple[Holder, list[Compared]]:
    """Two programs' monthly splits for this certificate from today to the period's end, each as a
    request would quote it (billing.quote), side by side."""
    h = await holder(session, certificate_id, user_id)
    period = await _child_period(session, h, today)
    compared = []
    for program_id in program_ids:
        program = await session.get(Program, program_id)
        if program is None or program.municipality_id != h.certificate.municipality_id:
            raise NotFound()
        quote = await billing.quote(session, program, h.certificate, start=today, end=period.ends_on)
        compared.append(Compared(program, quote))
    return h, compared
