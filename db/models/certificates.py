"""Certificates, applications for them, their history, and the money ledger."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, TimestampMixin
from db.models.enums import ApplicationStatus, CertificateKind, CertificateState, LedgerKind
from db.models.people import Child, Municipality


class CertificateApplication(TimestampMixin, Base):
    __tablename__ = "certificate_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int | None] = mapped_column(sa.ForeignKey("children.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    requested_kind: Mapped[CertificateKind]
    status: Mapped[ApplicationStatus] = mapped_column(default=ApplicationStatus.PENDING, index=True)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    reject_reason: Mapped[str | None] = mapped_column(sa.String(32))
    reject_comment: Mapped[str | None] = mapped_column(sa.Text)
    certificate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("certificates.id"))

    child: Mapped[Child | None] = relationship(lazy="joined")


class Certificate(TimestampMixin, Base):
    """A register entry that puts a child into the system. Balance and reserve are ledger sums."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(10), unique=True)
    child_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("children.id", ondelete="SET NULL"), index=True
    )
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    kind: Mapped[CertificateKind]
    state: Mapped[CertificateState] = mapped_column(default=CertificateState.ACTIVE, index=True)
    issued_at: Mapped[datetime]
    valid_until: Mapped[date]  # the child's 18th birthday
    birth_year: Mapped[int]  # kept after anonymisation for the coverage figures
    state_reason: Mapped[str | None] = mapped_column(sa.Text)
    anonymised: Mapped[bool] = mapped_column(default=False)

    child: Mapped[Child | None] = relationship(lazy="joined")
    municipality: Mapped[Municipality] = relationship(lazy="joined")


class CertificateEvent(TimestampMixin, Base):
    """The certificate's history: issued, kind changed, suspended, closed, …"""

    __tablename__ = "certificate_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certificates.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(32))
    actor_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class LedgerEntry(TimestampMixin, Base):
    """One movement of a certificate's money. The certificate has two accounts, the free balance and
    the reserve; every entry says how much it adds to each (kopecks, may be negative). The balance is
    the sum of `balance_delta`, the reserve the sum of `reserve_delta`; neither may go below zero.
    `key` makes each movement happen once (e.g. one write-off per enrollment per month)."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    certificate_id: Mapped[int] = mapped_column(sa.ForeignKey("certificates.id"), index=True)
    kind: Mapped[LedgerKind]
    balance_delta: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    reserve_delta: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    period_id: Mapped[int | None] = mapped_column(sa.ForeignKey("periods.id"))
    enrollment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("enrollments.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(sa.ForeignKey("providers.id"), index=True)
    month: Mapped[date | None]  # first day of the month a write-off is for
    note: Mapped[str | None] = mapped_column(sa.Text)
